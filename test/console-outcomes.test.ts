// The one set of numbers (source/engine/outcomes.ts): migrated with warnings, records pulled
// in as references, and the same counts in run --json, status --json, the log and
// the reports of a real demo run.
import test from 'ava';
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Journal} from '../source/engine/journal.js';
import {countsAll, countsForRun, hasWarning, migratesInBulk, outcomeOf, recordsWithOutcome, warningsOf} from '../source/engine/outcomes.js';
import {defaultPlan} from '../source/plan/plan.js';
import {formatResultsTable, migrationStatus, writeReport} from '../source/app/migration.js';
import {executeRun} from '../source/cli/run.js';
import {testBed} from './helpers/migration.js';

const plan = () => defaultPlan({platform: 'zendesk', url: 'http://a', tier: 'x', authKind: 'token', credentials: {}}, {platform: 'freshdesk', url: 'http://b', tier: 'x', authKind: 'apikey', credentials: {}});
const tmpJournal = () => Journal.inFolder(mkdtempSync(path.join(os.tmpdir(), 'ferry-outcomes-')));

test('a warning is a note about something left out or changed; how a record was linked is not', (t) => {
  t.deepEqual(warningsOf('linked to target field "Product" (same title)'), []);
  t.deepEqual(warningsOf('matched to target agent a@x.test (same email)'), []);
  t.deepEqual(warningsOf('updated (changed since the last run)'), []);
  t.deepEqual(warningsOf("Attachment big.bin (30000000 bytes) is over Freshdesk's 20 MB limit and was not migrated."), ["Attachment big.bin (30000000 bytes) is over Freshdesk's 20 MB limit and was not migrated."]);
  t.deepEqual(warningsOf('updated (changed since the last run); Freshdesk\'s API cannot embed images: 2 inline image(s) were attached as files.'), ["Freshdesk's API cannot embed images: 2 inline image(s) were attached as files."]);
  // A platform limitation (true of every record) is said once, never a warning; older journals still carry it.
  t.false(hasWarning({status: 'migrated', reason: 'Freshdesk cannot set creation dates: the original author and date are written at the top of the description and of each note.'}));
  t.false(hasWarning({status: 'migrated', reason: 'linked to existing target contact #5 (same email)'}));
  t.false(hasWarning({status: 'migrated', reason: null}));
  t.true(hasWarning({status: 'migrated', reason: null, needsRefill: true}), 'something a later run must still write is a warning');
  t.false(hasWarning({status: 'failed', reason: 'Attachment x is over the limit'}), 'only migrated records can be migrated with warnings');
  t.is(outcomeOf({status: 'migrated', reason: 'CC field "cc" is not on the target; CCs left out', needsRefill: false}), 'warnings');
});

test('counts: warnings and referenced are subsets, counted from the journal per run and overall', (t) => {
  const journal = tmpJournal();
  t.teardown(() => journal.close());
  const p = plan();
  const demo = journal.startRun('demo', null);
  const settle = (type: 'tickets' | 'contacts' | 'ticket_fields', id: string, runId: number, status: 'migrated' | 'failed', reason?: string) => {
    journal.markPending(type, id, runId, {});
    journal.settle(type, id, {status, reason});
  };
  settle('tickets', '1', demo.id, 'migrated', 'Freshdesk has no "Task" ticket type: the type was left empty.');
  settle('tickets', '2', demo.id, 'migrated');
  settle('tickets', '3', demo.id, 'failed', 'required target field "Product" has no value');
  settle('contacts', '10', demo.id, 'migrated', 'linked to existing target contact #4 (same email)');
  settle('ticket_fields', '7', demo.id, 'migrated', 'linked to target field "Region" (same title)');
  journal.saveCheckpoint(demo.id, 'tickets', null, true);
  journal.finishRun(demo.id, 'finished');

  const run = countsForRun(journal, demo.id, p);
  t.deepEqual(run.tickets, {total: 3, migrated: 2, failed: 1, skipped: 0, pending: 0, warnings: 1, referenced: 0});
  t.is(run.contacts!.referenced, 1, 'contacts are not migrated in bulk in a demo: each one was pulled in by a ticket');
  t.is(run.contacts!.warnings, 0);
  t.is(run.ticket_fields!.referenced, 0, 'ticket fields go in bulk in a demo');

  // A full run: contacts in bulk, then a deleted requester fetched for its ticket after the pass.
  const full = journal.startRun('full', null);
  settle('contacts', '11', full.id, 'migrated');
  journal.saveCheckpoint(full.id, 'contacts', null, true);
  const later = new Date(Date.now() + 5).toISOString();
  while (new Date().toISOString() <= later);
  settle('contacts', '99', full.id, 'migrated', 'inactive user migrated because a migrated record references it');
  const fullCounts = countsForRun(journal, full.id, p);
  t.is(fullCounts.contacts!.total, 2);
  t.is(fullCounts.contacts!.referenced, 1, 'the requester journalled after the contacts pass finished was a reference');
  t.is(fullCounts.contacts!.warnings, 1);

  const all = countsAll(journal, p);
  t.deepEqual(all.contacts, {total: 3, migrated: 3, failed: 0, skipped: 0, pending: 0, warnings: 1, referenced: 2});
  t.is(all.tickets!.warnings, 1);
  t.deepEqual(recordsWithOutcome(journal, 'warnings').map((r) => `${r.type}:${r.sourceId}`).sort(), ['contacts:99', 'tickets:1']);
  t.is(recordsWithOutcome(journal, 'migrated').length, 6, 'migrated keeps the ones with warnings, as the counts do');
  t.regex(formatResultsTable(all), /Warnings/);
  t.regex(formatResultsTable(all), /Referenced: pulled in because other records reference them/);
});

test('bulk types per mode follow the engine: a demo moves tickets and articles, the rest on demand', (t) => {
  const p = plan();
  t.true(migratesInBulk(p, 'demo', 'tickets'));
  t.false(migratesInBulk(p, 'demo', 'contacts'));
  t.true(migratesInBulk(p, 'full', 'contacts'));
  t.false(migratesInBulk({...p, filters: {...p.filters, onlyReferencedPeople: true}}, 'full', 'contacts'));
  t.false(migratesInBulk({...p, recordTypes: p.recordTypes.filter((type) => type !== 'groups')}, 'full', 'groups'));
});

test('a demo run: run --json, status --json, the log and the reports give the same numbers', async (t) => {
  const bed = await testBed({tickets: 30});
  t.teardown(() => bed.close());
  const out: string[] = [];
  const err: string[] = [];
  const io = {stdout: {write: (s: string) => out.push(s)} as unknown as NodeJS.WritableStream, stderr: {write: (s: string) => err.push(s)} as unknown as NodeJS.WritableStream, env: bed.env, cwd: bed.dir};
  t.is(await executeRun({dir: bed.dir, mode: 'demo', json: true}, io), 0, err.join(''));
  const runJson = JSON.parse(out.join(''));
  const status = migrationStatus(bed.dir);
  t.deepEqual(JSON.parse(JSON.stringify(status.types)), runJson.types, 'status --json and run --json share the shape and the numbers');
  t.is(status.runId, runJson.runId);
  t.is(status.mode, 'demo');
  t.deepEqual(Object.keys(runJson.types.tickets).sort(), ['failed', 'migrated', 'pending', 'referenced', 'skipped', 'total', 'warnings']);
  t.true(runJson.types.contacts.referenced > 0, 'the demo pulls its tickets\' contacts in as references');
  t.is(runJson.types.contacts.referenced, runJson.types.contacts.total);
  t.true(runJson.types.tickets.warnings > 0, 'the demo has tickets with real losses (Task types, inline images, an oversized attachment)');
  t.true(runJson.types.tickets.warnings < runJson.types.tickets.migrated, 'not every ticket: a platform limitation is not a per-record warning');
  t.deepEqual(status.limitations, runJson.limitations, 'run --json and status --json say the target\'s limitations once');
  t.true(runJson.limitations.some((text: string) => /Freshdesk cannot set ticket creation dates/.test(text)), runJson.limitations.join('\n'));

  const file = path.join(bed.dir, 'warnings.csv');
  const total = Object.values(runJson.types as Record<string, {warnings: number}>).reduce((n, c) => n + c.warnings, 0);
  t.is(writeReport(bed.dir, 'warnings', file), total, 'the warnings report lists exactly the counted records');
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  t.is(lines[0], 'source_id,target_id,type,status,reason,attempts,label,outcome');
  t.true(lines.slice(1).every((line) => line.endsWith(',migrated with warnings')));

  // The log's per-type lines read the journal too.
  const log: string[] = [];
  const logIo = {...io, stdout: {write: () => true} as unknown as NodeJS.WritableStream, stderr: {write: (s: string) => log.push(s)} as unknown as NodeJS.WritableStream};
  bed.savePlan((p) => void (p.demo.tickets = 35));
  t.is(await executeRun({dir: bed.dir, mode: 'demo', json: false}, logIo), 0, log.join(''));
  const second = migrationStatus(bed.dir);
  const contacts = second.types.contacts!;
  t.regex(log.join(''), new RegExp(`Contacts done: ${contacts.migrated} migrated \\(.*${contacts.referenced} pulled in as references\\), ${contacts.failed} failed, ${contacts.skipped} skipped`));
});
