// Issue 20 Rule 2: the plan is read strictly. An unknown key is named with the closest known
// one; names in filters and maps are resolved against the source (one it lacks stops the run
// before a write); createdTo includes its own day; filters that select no ticket say so on the
// Records screen, in the estimate, and stop a run before it writes anything.
import test from 'ava';
import '../source/app/registry.js';
import {validatePlan, closestKey} from '../source/plan/plan.js';
import {PlanError} from '../source/contracts/errors.js';
import {runMigration} from '../source/app/migration.js';
import {estimateForFolder} from '../source/app/estimate.js';
import {createStore} from '../source/app/console/store.js';
import {createIntents} from '../source/app/console/intents.js';
import {createdWindow, ticketInScope} from '../source/engine/scope.js';
import {testBed, type Bed} from './helpers/migration.js';
import {smallDemoAccount} from '../demo-data/generate.js';

const account = smallDemoAccount(40);

function planWith(change: (plan: any) => void) {
  const plan = JSON.parse(JSON.stringify({
    version: 1,
    source: {platform: 'zendesk', url: 'https://a.zendesk.com', credentials: {email: {value: 'a@b.test'}, apiToken: {env: 'T'}}},
    target: {platform: 'freshdesk', url: 'https://b.freshdesk.com', credentials: {apiKey: {env: 'K'}}},
  }));
  change(plan);
  return plan;
}

const unknown: Array<[string, (plan: any) => void, string, string]> = [
  ['filters.createdAfter', (p) => (p.filters = {createdAfter: '2024-01-01'}), 'filters.createdAfter', 'filters.createdFrom'],
  ['filters.createdBefore', (p) => (p.filters = {createdBefore: '2024-01-01'}), 'filters.createdBefore', 'filters.createdTo'],
  ['a misspelt option', (p) => (p.options = {updateExisitng: true}), 'options.updateExisitng', 'options.updateExisting'],
  ['a misspelt top-level key', (p) => (p.fitlers = {}), 'fitlers', 'filters'],
  ['an endpoint key', (p) => (p.source.teir = 'team'), 'source.teir', 'source.tier'],
  ['an agent map key', (p) => (p.agentMap = {auto: true, manual: {}, fallbak: 'x@y.z'}), 'agentMap.fallbak', 'agentMap.fallback'],
  ['a field map key', (p) => (p.fieldMap = {statuss: {}}), 'fieldMap.statuss', 'fieldMap.statuses'],
  ['a demo key', (p) => (p.demo = {tickets: 5, articels: 5}), 'demo.articels', 'demo.articles'],
  ['a credential key', (p) => (p.source.credentials.apiTokn = {env: 'X'}), 'source.credentials.apiTokn', 'source.credentials.apiToken'],
  ['a credential source key', (p) => (p.source.credentials.apiToken = {env: 'X', enviroment: 'Y'}), 'source.credentials.apiToken.enviroment', 'source.credentials.apiToken.env'],
];
for (const [what, change, field, suggestion] of unknown)
  test(`an unknown key is an error naming it and the closest known one: ${what}`, (t) => {
    const error = t.throws(() => validatePlan(planWith(change)), {instanceOf: PlanError});
    t.is(error.field, field);
    t.true(error.message.includes(`did you mean ${suggestion}?`), error.message);
  });

test('a key like no known one is named without a wrong suggestion', (t) => {
  t.is(closestKey('zzzzzzzzzz', ['createdFrom', 'tags']), undefined);
  const error = t.throws(() => validatePlan(planWith((p) => (p.filters = {zzzzzzzzzz: 1}))), {instanceOf: PlanError});
  t.is(error.field, 'filters.zzzzzzzzzz');
  t.false(error.message.includes('did you mean'), error.message);
});

test('createdTo includes its own day; a timestamp is taken as the instant it names', (t) => {
  const day = createdWindow({createdFrom: '2024-03-12', createdTo: '2024-03-13'});
  const ticket = (createdAt: string) => ({createdAt, tags: [], customFields: {}});
  const scope = {...day, customFields: []};
  t.true(ticketInScope(scope, ticket('2024-03-12T00:00:00Z')));
  t.true(ticketInScope(scope, ticket('2024-03-13T23:59:59Z')));
  t.false(ticketInScope(scope, ticket('2024-03-14T00:00:00Z')));
  t.false(ticketInScope(scope, ticket('2024-03-11T23:59:59Z')));
  const instant = {...createdWindow({createdTo: '2024-03-13T12:00:00Z'}), customFields: []};
  t.true(ticketInScope(instant, ticket('2024-03-13T12:00:00Z')));
  t.false(ticketInScope(instant, ticket('2024-03-13T12:00:01Z')));
});

/** Every record on the target, by type: what "nothing was written" is checked against. */
async function targetContents(bed: Bed) {
  const out: Record<string, number> = {};
  for (const type of ['ticket_fields', 'groups', 'organizations', 'contacts', 'tickets']) out[type] = (await bed.targetRecords(type)).length;
  return out;
}

const dayOf = (iso: string) => iso.slice(0, 10);

test.serial('filters name groups, organizations and assignees by name: the run moves the same tickets as by id', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  const billing = account.source.groups.find((g) => g.name === 'Billing')!;
  const org = account.source.organizations.find((o) => account.source.tickets.some((ticket) => ticket.organizationId === o.id && ticket.groupId === billing.id))!;
  const expected = account.source.tickets.filter((ticket) => ticket.groupId === billing.id && ticket.organizationId === org.id);
  t.true(expected.length > 0);
  bed.savePlan((plan) => (plan.filters = {groups: ['billing'], organizations: [org.name]}));
  const result = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(result.status, 'finished', result.message);
  t.deepEqual(bed.journal((j) => j.records({type: 'tickets'}).map((r) => r.sourceId)).sort(), expected.map((ticket) => ticket.id).sort());
});

test.serial('createdTo moves the tickets of its own day', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  const days = [...new Set(account.source.tickets.map((ticket) => dayOf(ticket.createdAt)))].sort();
  const [first, second] = [days[2]!, days[3]!];
  const expected = account.source.tickets.filter((ticket) => [first, second].includes(dayOf(ticket.createdAt)));
  t.true(expected.some((ticket) => dayOf(ticket.createdAt) === second), 'the end day has tickets');
  bed.savePlan((plan) => (plan.filters = {createdFrom: first, createdTo: second}));
  const result = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(result.status, 'finished', result.message);
  t.deepEqual(bed.journal((j) => j.records({type: 'tickets'}).map((r) => r.sourceId)).sort(), expected.map((ticket) => ticket.id).sort());
});

test.serial('a group, organization, agent or field the source lacks stops the run before any write, naming it', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  const before = await targetContents(bed);
  const cases: Array<[(plan: any) => void, RegExp]> = [
    [(plan) => (plan.filters = {groups: ['Bilingg']}), /filters\.groups\[0\] "Bilingg" is not a group in the source/],
    [(plan) => (plan.filters = {organizations: ['No Such Org']}), /filters\.organizations\[0\] "No Such Org" is not an? organization/],
    [(plan) => (plan.filters = {assignees: ['nobody@nowhere.test']}), /filters\.assignees\[0\] "nobody@nowhere.test" is not an? agent/],
    [(plan) => (plan.filters = {customFields: {Colour: ['red']}}), /filters\.customFields\.Colour "Colour" is not a ticket field/],
    [(plan) => ((plan.filters = {}), (plan.groupMap = {Sales2: 'Sales'})), /groupMap\.Sales2 "Sales2" is not a group/],
    [(plan) => ((plan.groupMap = {}), (plan.fieldMap.fields = {Prodcut: 'create'})), /fieldMap\.fields\.Prodcut "Prodcut" is not a ticket field/],
  ];
  for (const [change, message] of cases) {
    bed.savePlan((plan) => change(plan));
    const result = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
    t.is(result.status, 'stopped');
    t.regex(result.message ?? '', message);
    t.regex(result.message ?? '', /Stopped before any write/);
  }
  t.deepEqual(await targetContents(bed), before, 'nothing was written on the target');
});

test.serial('filters that select no ticket: said on the Records screen, in the estimate, and a run stops before writing', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  const before = await targetContents(bed);
  bed.savePlan((plan) => (plan.filters = {tags: ['no-such-tag'], createdFrom: '2000-01-01'}));

  const result = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(result.status, 'stopped');
  t.regex(result.message ?? '', /The plan's filters select 0 tickets \(created from 2000-01-01, tagged no-such-tag; 40 ticket\(s\) read in the source\)/);
  const demo = await runMigration({dir: bed.dir, mode: 'demo', env: bed.env});
  t.is(demo.status, 'stopped');
  t.deepEqual(await targetContents(bed), before, 'nothing was written on the target');

  const {notes, estimate} = await estimateForFolder(bed.dir, bed.plan, bed.env);
  t.true(notes.some((note) => /select 0 tickets/.test(note)), notes.join('\n'));
  t.is(estimate.types.find((type) => type.type === 'tickets')?.records ?? 0, 0);

  const store = createStore(undefined, 0);
  const intents = createIntents(store, {env: bed.env, cwd: bed.dir, pollMs: 50});
  t.teardown(() => intents.stopFollowing());
  await intents.openFolder(bed.dir);
  await intents.loadCounts();
  t.regex(store.getState().ticketSelection ?? '', /select 0 tickets.*A run would stop before writing/);
  // A filter that selects tickets clears it.
  intents.updatePlan((plan) => ({...plan, filters: {tags: [account.source.tickets[0]!.tags[0]!]}}));
  await intents.loadCounts();
  t.is(store.getState().ticketSelection, undefined);
});

test.serial('demo tickets the source lacks: said on the Records screen with the run\'s own check, and a demo stops before writing', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  const before = await targetContents(bed);
  const real = account.source.tickets[1]!.id;
  bed.savePlan((plan) => (plan.demo.ticketIds = [real, '999999']));
  const demo = await runMigration({dir: bed.dir, mode: 'demo', env: bed.env});
  t.is(demo.status, 'stopped');
  t.regex(demo.message ?? '', /demo\.ticketIds names ticket\(s\) the source \(\w+\) does not have: "999999"/);
  t.deepEqual(await targetContents(bed), before, 'nothing was written on the target');

  const store = createStore(undefined, 0);
  const intents = createIntents(store, {env: bed.env, cwd: bed.dir, pollMs: 50});
  t.teardown(() => intents.stopFollowing());
  await intents.openFolder(bed.dir);
  await intents.loadCounts();
  t.regex(store.getState().demoSelection ?? '', /^Demo tickets \(Records \(3\)\): the source \(Zendesk\) has no ticket "999999"; a demo would stop before writing\.$/);
  // Ids the source has clear it.
  intents.updatePlan((plan) => ({...plan, demo: {...plan.demo, ticketIds: [real]}}));
  t.is(store.getState().counts.state, 'idle', 'the counts and the check are read again');
  await intents.loadCounts();
  t.is(store.getState().demoSelection, undefined);
  t.is((await runMigration({dir: bed.dir, mode: 'demo', env: bed.env})).status, 'finished');
  t.deepEqual(bed.journal((journal) => journal.records({type: 'tickets'}).map((row) => row.sourceId)), [real]);
});
