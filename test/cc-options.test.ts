// Issue 20 Rule 5: CCs into a field the target lacks: the run creates it where the target can,
// and the checks refuse the plan, naming the field to create by hand, where it cannot. CCs
// into a note: the ticket's first note, written as the migration, not as a person, on every
// target with an emulator (Request Tracker's comment is the API user's by nature).
import test from 'ava';
import {runMigration} from '../source/app/migration.js';
import {planProblemsOnTarget} from '../source/engine/preflight.js';
import {testBed} from './helpers/migration.js';
import {smallDemoAccount} from '../demo-data/generate.js';

const account = smallDemoAccount(40);
const withCcs = account.source.tickets.filter((ticket) => ticket.ccEmails.length);

test.serial('ccTo "field" naming a field the target lacks: created once, and every migrated ticket\'s CCs are in it', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  bed.savePlan((plan) => Object.assign(plan.options, {ccTo: 'field', ccField: 'CC addresses'}));
  const result = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(result.status, 'finished', result.message);
  const fields = (await bed.targetRecords('ticket_fields')).filter((f) => f.title === 'CC addresses');
  t.is(fields.length, 1);
  const journal = bed.journal((j) => j.records({type: 'tickets'}));
  t.false(journal.some((row) => /CC field .* is not on the target/.test(row.reason ?? '')));
  const targets = await bed.targetRecords('tickets');
  let checked = 0;
  for (const ticket of withCcs) {
    const row = journal.find((r) => r.sourceId === ticket.id && r.status === 'migrated');
    if (!row) continue;
    const landed = targets.find((x) => x.id === row.targetId)!;
    t.is(landed.customFields[fields[0]!.id], ticket.ccEmails.join(', '));
    checked++;
  }
  t.true(checked > 0);
  t.is((await runMigration({dir: bed.dir, mode: 'full', env: bed.env})).status, 'finished');
  t.is((await bed.targetRecords('ticket_fields')).filter((f) => f.title === 'CC addresses').length, 1, 'not created twice');
});

test('a target that cannot create the CC field: the plan is refused, naming the field to create by hand', (t) => {
  const plan = {options: {ccTo: 'field', ccField: 'CC addresses'}, recordTypes: ['ticket_fields', 'tickets'], agentMap: {auto: true, manual: {}}, groupMap: {}, fieldMap: {fields: {}, statuses: {}, priorities: {}, kinds: {}, values: {}, defaults: {}}} as any;
  const read = {targetAgents: [], targetGroups: [], targetFields: [], sourceFields: []};
  const refuses = {ticketFieldCreateRefusal: () => 'this API cannot create ticket fields'};
  const [problem] = planProblemsOnTarget(plan, read, refuses);
  t.regex(problem ?? '', /options\.ccField "CC addresses" is not a ticket field on the target, and the target cannot create it \(this API cannot create ticket fields\): create a text field "CC addresses" on the target by hand/);
  t.deepEqual(planProblemsOnTarget(plan, read, {}), [], 'a target that can create it: the run does');
});

for (const targetPlatform of ['freshdesk', 'zendesk', 'helpscout', 'freshservice', 'front', 'intercom'] as const) test.serial(`ccTo "note" on ${targetPlatform}: the ticket's first note, written as the migration (no person, no origin line)`, async (t) => {
  const bed = await testBed({targetPlatform, sourcePlatform: targetPlatform === 'zendesk' ? 'freshdesk' : 'zendesk'});
  t.teardown(() => bed.close());
  const result = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(result.status, 'finished', result.message);
  const targets = await bed.targetRecords('tickets');
  let checked = 0;
  for (const ticket of withCcs) {
    const row = bed.journal((j) => j.record('tickets', ticket.id));
    if (row?.status !== 'migrated') continue;
    const comments = targets.find((x) => x.id === row.targetId)!.comments;
    const notes = comments.filter((c: {body: string}) => c.body.includes('CC on the original ticket'));
    t.is(notes.length, 1);
    t.is(comments.indexOf(notes[0]), 1, 'right after the description');
    t.not(notes[0].authorId, targets.find((x) => x.id === row.targetId)!.requesterId, 'written by the API user, not as the requester');
    t.regex(notes[0].body, new RegExp(`^<p>Migration note \\(ferry\\): CC on the original ticket: ${ticket.ccEmails.join(', ').replace(/[.+]/g, '\\$&')}</p>`));
    t.notRegex(notes[0].body, /Written by|Originally/);
    t.false(notes[0].public);
    t.notRegex(row.reason ?? '', /would not write the note/);
    checked++;
  }
  t.true(checked > 0);
});
