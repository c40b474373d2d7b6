// Tickets into Zendesk in bulk import jobs (connectors/zendesk/bulk-import.ts), exactly once: the
// emulator's job as Zendesk runs it (at most 100 a request, queued, per-ticket results), then
// migrations from Freshdesk with answers and job statuses lost, 10% of every fault kind, and kills,
// each compared with the source on the target's exact contents (helpers/exactly-once-zendesk.ts).
import test from 'ava';
import {testBed, type Bed} from './helpers/migration.js';
import {startFaultProxy, type FaultProxy, type FaultProxyOptions} from './helpers/fault-proxy.js';
import {checkExactlyOnceZendesk} from './helpers/exactly-once-zendesk.js';
import {startFerry} from './helpers/ferry-process.js';
import {runMigration} from '../source/app/migration.js';
import {zendeskAuthHeaders} from '../connectors/zendesk/index.js';
import type {RunMode} from '../source/engine/journal.js';
import {startZendeskEmulator} from '../connectors/zendesk/emulator.js';
import {openZendeskTarget} from '../connectors/zendesk/target-session.js';
import {clientFor, settingsFor, writeContext} from './zendesk-fixtures.js';
import {writeRecord} from './helpers/write-context.js';
import type {Ticket} from '../source/contracts/model.js';

const SOURCE = 'freshdesk';

async function bed(t: {teardown(fn: () => unknown): void}, tickets = 30): Promise<Bed> {
  const made = await testBed({sourcePlatform: SOURCE, targetPlatform: 'zendesk', tickets});
  t.teardown(() => made.close());
  return made;
}

async function bedWithProxy(t: {teardown(fn: () => unknown): void}, proxy: Omit<FaultProxyOptions, 'upstream'>, tickets = 30): Promise<{bed: Bed; proxy: FaultProxy}> {
  const made = await bed(t, tickets);
  const faults = await startFaultProxy({...proxy, upstream: made.demo.target.url});
  t.teardown(() => faults.close());
  made.savePlan((plan) => (plan.target.url = faults.url));
  // A held answer counts as unanswered after 15 s: an answer slowed by a busy machine is not a lost one.
  made.env.FERRY_HTTP_TIMEOUT_MS = '15000';
  return {bed: made, proxy: faults};
}

const run = (b: Bed, mode: RunMode) => runMigration({dir: b.dir, mode, env: b.env});
const exact = async (b: Bed) => checkExactlyOnceZendesk(b.demo.source.url, b.demo.target.url, b.journal((journal) => journal.records()), SOURCE);

function targetHeaders(b: Bed): Record<string, string> {
  const secret = (key: string) => {
    const credential = b.plan.target.credentials[key] as {value?: string; env?: string};
    return credential.value ?? b.env[credential.env ?? ''] ?? '';
  };
  return {...zendeskAuthHeaders({credentials: {email: secret('email'), apiToken: secret('apiToken')}} as never), 'content-type': 'application/json'};
}

async function api(b: Bed, method: string, path: string, body?: unknown): Promise<{status: number; json: any}> {
  const response = await fetch(`${b.demo.target.url}${path}`, {method, headers: targetHeaders(b), body: body === undefined ? undefined : JSON.stringify(body)});
  return {status: response.status, json: await response.json().catch(() => undefined)};
}

async function untilDone(b: Bed, id: string): Promise<any> {
  for (let poll = 0; poll < 3000; poll++) {
    const {json} = await api(b, 'GET', `/api/v2/job_statuses/${id}.json`);
    if (json.job_status.status === 'completed' || json.job_status.status === 'failed') return json.job_status;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`job ${id} never ended`);
}

/** Jobs of the tickets, from the journal: each ticket keeps "<job id>#<index>". */
const jobsOf = (b: Bed) => b.journal((journal) => journal.records({type: 'tickets'}).map((row) => journal.step('tickets', row.sourceId, 'kept:import-job')?.targetId).filter(Boolean).map((kept) => kept!.split('#')[0]!));

test('the emulator runs create_many as Zendesk: more than 100 refused, a queued job, one result per ticket in order with the refused one\'s reason', async (t) => {
  const b = await bed(t, 15);
  const requester = (await api(b, 'GET', '/api/v2/users.json')).json.users.find((user: {role: string}) => user.role === 'end-user').id;
  const ticket = (n: number) => ({subject: `bulk ${n}`, requester_id: requester, external_id: `test:${n}`, comments: [{body: `hello ${n}`, created_at: '2024-01-02T03:04:05Z'}]});
  const tooMany = await api(b, 'POST', '/api/v2/imports/tickets/create_many.json', {tickets: Array.from({length: 101}, (_, n) => ticket(n))});
  t.is(tooMany.status, 400);
  t.is(tooMany.json.error, 'TooManyValues');
  const answer = await api(b, 'POST', '/api/v2/imports/tickets/create_many.json', {tickets: [ticket(1), {...ticket(2), requester_id: 999_999_999}, ticket(3)]});
  t.is(answer.status, 200);
  t.is(answer.json.job_status.status, 'queued');
  t.is(answer.json.job_status.total, 3);
  const job = await untilDone(b, answer.json.job_status.id);
  t.is(job.status, 'completed');
  t.deepEqual(job.results.map((result: {index: number; success: boolean}) => [result.index, result.success]), [[0, true], [1, false], [2, true]]);
  t.regex(job.results[1].details, /Requester: is invalid/);
  const listed = (await api(b, 'GET', '/api/v2/job_statuses.json')).json.job_statuses;
  t.true(listed.some((candidate: {id: string}) => candidate.id === job.id));
  t.is((await api(b, 'GET', '/api/v2/job_statuses/nope.json')).status, 404);
});

test('a full migration into Zendesk sends its tickets in bulk import jobs and holds each once', async (t) => {
  t.timeout(10 * 60_000);
  const b = await bed(t, 30);
  const result = await run(b, 'full');
  t.is(result.status, 'finished', result.message);
  const jobs = jobsOf(b);
  const migrated = result.types.tickets!.migrated;
  t.true(migrated > 10);
  // Every migrated ticket went in a job (the others failed before, on the demo account's own problems).
  t.true(jobs.length >= migrated, `${jobs.length} tickets in jobs, ${migrated} migrated`);
  // Far fewer requests than tickets: a job carries many.
  t.true(new Set(jobs).size * 2 <= jobs.length, `${new Set(jobs).size} jobs for ${jobs.length} tickets`);
  t.deepEqual((await exact(b)).problems, []);
});

test('lost answers to create_many and lost job statuses duplicate nothing: each ticket is found by its external_id after its job ends', async (t) => {
  t.timeout(10 * 60_000);
  const {bed: b, proxy} = await bedWithProxy(t, {
    rules: [
      {method: 'POST', path: /^\/api\/v2\/imports\/tickets\/create_many/, fault: 'lostAnswer', times: 2},
      // Every retry of the status read fails: the job's status is lost, the job is not.
      {method: 'GET', path: /^\/api\/v2\/job_statuses\/[0-9a-f]+/, fault: 'error5xx', times: 12},
    ],
  });
  // A busy Zendesk: jobs wait in the queue, so a ticket looked for at once is not there yet.
  await fetch(`${b.demo.target.url}/__emulator/import-job-delay`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({ms: 2500})});
  let result = await run(b, 'full');
  for (let attempt = 0; result.status !== 'finished' && attempt < 3; attempt++) result = await run(b, 'full');
  t.is(result.status, 'finished', result.message);
  for (let attempt = 0; attempt < 3 && b.journal((journal) => journal.records({type: 'tickets', status: 'failed'}).length) > 0; attempt++) await run(b, 'retry');
  // How many batches the tickets go in depends on how fast they are read (a loaded machine fills
  // fewer, fuller ones): at least one create_many answer was lost, whichever.
  t.true(proxy.injected.lostAnswer >= 1);
  t.true(proxy.injected.error5xx >= 1);
  t.deepEqual((await exact(b)).problems, []);
});

test('a ticket the job refuses fails alone with Zendesk\'s reason, and the retry sends only those', async (t) => {
  t.timeout(10 * 60_000);
  const b = await bed(t, 30);
  const all = b.plan.recordTypes;
  b.savePlan((plan) => (plan.recordTypes = all.filter((type) => type !== 'tickets' && !type.startsWith('kb_'))));
  t.is((await run(b, 'full')).status, 'finished');
  // A requester deleted for good on the target after ferry migrated it: Zendesk refuses its tickets.
  const sourceTickets = await b.sourceRecords('tickets');
  const contact = b.journal((journal) => sourceTickets.map((ticket) => journal.record('contacts', ticket.requesterId)).find((row) => row?.status === 'migrated' && row.targetId && !/^linked/.test(row.reason ?? '')))!;
  t.truthy(contact);
  t.is((await api(b, 'DELETE', `/api/v2/users/${contact.targetId}.json`)).status, 200);
  t.is((await api(b, 'DELETE', `/api/v2/deleted_users/${contact.targetId}.json`)).status, 200);
  // Its tickets, and those of its duplicates (they point to the same target contact).
  const refused = b.journal((journal) => sourceTickets.filter((ticket) => journal.record('contacts', ticket.requesterId)?.targetId === contact.targetId).map((ticket) => String(ticket.id)));
  b.savePlan((plan) => (plan.recordTypes = all));
  const result = await run(b, 'full');
  t.is(result.status, 'finished', result.message);
  // The others failed before their import, on the demo account's own problems (reasons of their own).
  const failed = b.journal((journal) => journal.records({type: 'tickets', status: 'failed'})).filter((row) => /bulk import/.test(row.reason ?? ''));
  // Every ticket of that requester the job saw failed alone (one may have failed before, for a reason of its own).
  t.true(failed.length > 0);
  t.deepEqual(failed.filter((row) => !refused.includes(row.sourceId)), []);
  t.deepEqual(b.journal((journal) => refused.filter((id) => journal.record('tickets', id)?.status === 'migrated')), []);
  for (const row of failed) t.regex(row.reason ?? '', /Zendesk refused the ticket in bulk import job \w+: .*Requester: is invalid/);
  const jobsBefore = new Set((await api(b, 'GET', '/api/v2/job_statuses.json')).json.job_statuses.map((job: {id: string}) => job.id));
  await run(b, 'retry');
  const newJobs = (await api(b, 'GET', '/api/v2/job_statuses.json')).json.job_statuses.filter((job: {id: string}) => !jobsBefore.has(job.id));
  // Only the refused tickets went again (in one job or more, as they came ready).
  t.is(newJobs.reduce((sum: number, job: {total: number}) => sum + job.total, 0), failed.length);
  // The one difference is the contact this test deleted.
  t.deepEqual((await exact(b)).problems, [`lost 1 contacts: contacts:${contact.sourceId} is journalled migrated but not on the target`]);
});

test('by chance: 10% of every fault kind in front of a Zendesk target taking bulk imports; each record once', async (t) => {
  t.timeout(25 * 60_000);
  const {bed: b, proxy} = await bedWithProxy(t, {seed: 5, rates: {error5xx: 0.1, resetBefore: 0.1, lostAnswer: 0.1, rateLimit: 0.1, timeout: 0.1}, holdMs: 3000}, 30);
  let result = await run(b, 'full');
  for (let attempt = 0; result.status !== 'finished' && attempt < 5; attempt++) result = await run(b, 'full');
  t.is(result.status, 'finished', result.message);
  for (let attempt = 0; attempt < 3 && b.journal((journal) => journal.records({status: 'failed'}).length) > 0; attempt++) await run(b, 'retry');
  t.true(proxy.injected.lostAnswer > 0 && proxy.injected.error5xx > 0 && proxy.injected.resetBefore > 0 && proxy.injected.timeout > 0, JSON.stringify(proxy.injected));
  const {problems} = await exact(b);
  // What the journal says of a record found lost: the lead to its cause.
  const rows = b.journal((journal) => journal.records()).filter((row) => problems.some((problem) => problem.includes(`${row.type}:${row.sourceId} `)));
  t.deepEqual(problems, [], JSON.stringify({injected: proxy.injected, rows}));
});

test('by chance: a kill storm with faults in front of a Zendesk target taking bulk imports, then resume: each record once', async (t) => {
  t.timeout(25 * 60_000);
  const {bed: b, proxy} = await bedWithProxy(t, {seed: 9, rates: {error5xx: 0.1, lostAnswer: 0.1, resetBefore: 0.1}}, 40);
  let random = 17;
  const next = () => ((random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let kill = 0; kill < 10; kill++) {
    const child = startFerry(['run', '--mode', 'full', '--dir', b.dir, '--json'], b.env);
    await new Promise((resolve) => setTimeout(resolve, 600 + next() * 3000));
    child.killGroup();
    await child.exited;
  }
  proxy.setRates({});
  let result = await run(b, 'full');
  for (let attempt = 0; result.status !== 'finished' && attempt < 3; attempt++) result = await run(b, 'full');
  t.is(result.status, 'finished', result.message);
  if (b.journal((journal) => journal.records({status: 'failed'}).length)) await run(b, 'retry');
  t.deepEqual((await exact(b)).problems, []);
  t.is(b.journal((journal) => journal.records({status: 'pending'}).length), 0);
});

test('a job that stays queued past the wait fails its tickets with the reason, their steps stay "sent", and the next attempt follows the same job', async (t) => {
  const emulator = await startZendeskEmulator({seed: 'empty', rateLimit: {off: true}, importJobDelayMs: 600_000});
  t.teardown(() => emulator.close());
  const http = clientFor(settingsFor(emulator), {side: 'target'});
  const admin = String((await http.request<{user: {id: number}}>({method: 'GET', url: '/api/v2/users/me.json'})).body.user.id);
  // The wait is counted in planned pauses, not on a clock: no wait at all here.
  const session = openZendeskTarget(settingsFor(emulator), http, {bulkImport: {gatherMs: 0, pollMs: [1], maxWaitMs: 0}});
  const ticket: Ticket = {id: '5', subject: 'Stuck', status: 'open', priority: 'normal', requesterId: admin, tags: [], ccEmails: [], customFields: {}, createdAt: '2024-01-01T09:00:00Z', updatedAt: '2024-01-01T09:00:00Z', comments: [{id: 'c1', authorId: admin, body: '<p>hi</p>', public: true, createdAt: '2024-01-01T09:00:00Z', attachments: []}]};
  const context = writeContext('freshdesk:tickets:5', async () => Buffer.alloc(0));
  const error = await t.throwsAsync(writeRecord(session, 'tickets', ticket, context));
  t.regex(error!.message, /bulk import job \w+ is still queued after 0 minutes; run again to look for its tickets/);
  t.is(context.steps.step('tickets', '5', 'import')?.state, 'sent');
  const kept = context.steps.step('tickets', '5', 'kept:import-job')?.targetId ?? '';
  t.regex(kept, /^\w+#0$/);
  // Again: the same job is followed (still queued), nothing is sent twice.
  await t.throwsAsync(writeRecord(session, 'tickets', ticket, context), {message: new RegExp(`bulk import job ${kept.split('#')[0]} is still queued`)});
  const jobs = (await http.request<{job_statuses: unknown[]}>({method: 'GET', url: '/api/v2/job_statuses.json'})).body.job_statuses;
  t.is(jobs.length, 1);
});

test('a contact whose create never arrived, and whose email someone else\'s user takes before the retry (a ticket\'s CC, an agent): linked to that user, never claimed as ferry\'s', async (t) => {
  t.timeout(10 * 60_000);
  const b = await bed(t, 30);
  // An active contact of its own email, not on the target yet.
  const contacts = await b.sourceRecords('contacts');
  const onTarget = new Set((await b.targetRecords('contacts')).map((person) => person.email?.toLowerCase()));
  const contact = contacts.find((person) => person.active && person.email && !onTarget.has(person.email.toLowerCase()) && contacts.filter((other) => other.email?.toLowerCase() === person.email!.toLowerCase()).length === 1);
  t.truthy(contact);
  const email = contact!.email!.replace(/[.+]/g, '\\$&');
  // Every send of its create is cut before it reaches Zendesk: the record fails with its create step sent.
  const faults = await startFaultProxy({upstream: b.demo.target.url, rules: [{method: 'POST', path: /^\/api\/v2\/users\.json/, body: new RegExp(email), fault: 'resetBefore'}]});
  t.teardown(() => faults.close());
  b.savePlan((plan) => {
    plan.target.url = faults.url;
    plan.recordTypes = ['contacts'];
  });
  await run(b, 'full');
  t.is(b.journal((journal) => journal.record('contacts', contact!.id)?.status), 'failed', JSON.stringify(b.journal((journal) => journal.record('contacts', contact!.id))));
  t.is(b.journal((journal) => journal.step('contacts', contact!.id, 'create')?.state), 'sent');
  // Meanwhile a user with that email appears on the target, without ferry's marker.
  const made = await api(b, 'POST', '/api/v2/users.json', {user: {name: 'Made by someone else', email: contact!.email, role: 'end-user'}});
  t.is(made.status, 201, JSON.stringify(made.json));
  faults.clearRules();
  await run(b, 'retry');
  const row = b.journal((journal) => journal.record('contacts', contact!.id))!;
  t.is(row.status, 'migrated');
  t.is(row.targetId, String(made.json.user.id));
  t.regex(row.reason ?? '', /^linked to existing target contact #\d+ \(same email\)/);
  // Only contacts moved: every contact once, none journalled migrated without being on the target.
  t.deepEqual((await exact(b)).problems.filter((problem) => /contacts/.test(problem)), []);
});
