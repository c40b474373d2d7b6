// The one set of numbers (source/engine/outcomes.ts) and the journal queries under it:
// what counts as a warning, which records a run pulled in as references, totals, and the
// journal's record filters, match keys, runs and meta.
import test from 'ava';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Journal} from '../source/engine/journal.js';
import {countsAll, countsForRun, hasWarning, migratesInBulk, outcomeOf, recordsWithOutcome, totalOf, warningsOf} from '../source/engine/outcomes.js';

const fresh = () => Journal.inFolder(mkdtempSync(path.join(os.tmpdir(), 'ferry-outcomes-')));
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

test('warnings are the reason\'s parts that say something was lost; how a record was linked or written is not one', (t) => {
  t.deepEqual(warningsOf(null), []);
  t.deepEqual(warningsOf(''), []);
  t.deepEqual(warningsOf('Linked to existing user 5; attachment a.png too large;  matched to Ann ; Updated (changed since the last run); written again to fill in comments'), ['attachment a.png too large']);
  t.deepEqual(warningsOf('tag dropped; field x has no option "y"'), ['tag dropped', 'field x has no option "y"']);
  t.deepEqual(warningsOf('a link to the old ticket kept as text'), ['a link to the old ticket kept as text'], 'only a reason that starts with "linked to" is informational');
  t.deepEqual(warningsOf('updated (changed since the last run) but cc dropped'), ['updated (changed since the last run) but cc dropped']);
});

test('"migrated with warnings" is a migrated record with a warning or a refill still due; failed and skipped records are never it', (t) => {
  t.true(hasWarning({status: 'migrated', reason: 'tag dropped'}));
  t.true(hasWarning({status: 'migrated', reason: null, needsRefill: true}));
  t.false(hasWarning({status: 'migrated', reason: 'matched to Ann'}));
  t.false(hasWarning({status: 'migrated', reason: null}));
  t.false(hasWarning({status: 'failed', reason: 'tag dropped', needsRefill: true}));
  t.false(hasWarning({status: 'skipped', reason: 'x'}));
  t.is(outcomeOf({status: 'migrated', reason: 'tag dropped', needsRefill: false}), 'warnings');
  t.is(outcomeOf({status: 'migrated', reason: null, needsRefill: false}), 'migrated');
  t.is(outcomeOf({status: 'failed', reason: 'tag dropped', needsRefill: false}), 'failed');
});

test('which types a run reads page by page: none in retry, the demo\'s five, people not when only referenced ones go, and only planned types', (t) => {
  const plan = {recordTypes: ['tickets', 'contacts', 'organizations', 'groups', 'kb_articles', 'agents'] as const, filters: {}};
  const p = {recordTypes: [...plan.recordTypes], filters: {}};
  t.true(migratesInBulk(p, 'full', 'tickets'));
  t.true(migratesInBulk(p, 'delta', 'contacts'));
  t.true(migratesInBulk(p, 'full', 'organizations'));
  t.false(migratesInBulk(p, 'retry', 'tickets'));
  t.false(migratesInBulk(p, 'full', 'ticket_fields'), 'not in the plan');
  t.true(migratesInBulk(p, 'demo', 'tickets'));
  t.true(migratesInBulk(p, 'demo', 'groups'));
  t.true(migratesInBulk(p, 'demo', 'kb_articles'));
  t.true(migratesInBulk(p, 'demo', 'agents'));
  t.false(migratesInBulk(p, 'demo', 'contacts'));
  t.false(migratesInBulk(p, 'demo', 'organizations'));
  const onlyReferenced = {recordTypes: p.recordTypes, filters: {onlyReferencedPeople: true}};
  t.false(migratesInBulk(onlyReferenced, 'full', 'contacts'));
  t.false(migratesInBulk(onlyReferenced, 'full', 'organizations'));
  t.true(migratesInBulk(onlyReferenced, 'full', 'tickets'));
});

test('a run\'s counts: warnings among the migrated, references outside the bulk pass and after it finished, and the All row', async (t) => {
  const journal = fresh();
  const plan = {recordTypes: ['tickets' as const, 'contacts' as const], filters: {onlyReferencedPeople: true}};
  const run = journal.startRun('full', null);
  for (const id of ['1', '2', '3', '4']) journal.markPending('tickets', id, run.id, {});
  journal.settle('tickets', '1', {status: 'migrated', targetId: 'a', reason: 'tag dropped'});
  journal.settle('tickets', '2', {status: 'migrated', targetId: 'b', reason: 'matched to x'});
  journal.settle('tickets', '3', {status: 'failed', reason: '422 invalid'});
  journal.settle('tickets', '4', {status: 'migrated', targetId: 'd', needsRefill: true});
  journal.markPending('contacts', 'c1', run.id, {});
  journal.settle('contacts', 'c1', {status: 'migrated', targetId: 'x'});
  journal.markPending('contacts', 'c2', run.id, {});
  journal.settle('contacts', 'c2', {status: 'skipped', reason: 'no email'});
  // The tickets' bulk pass finishes; a ticket journalled after that was pulled in by reference.
  await tick();
  journal.saveCheckpoint(run.id, 'tickets', null, true);
  await tick();
  journal.markPending('tickets', '5', run.id, {});
  journal.settle('tickets', '5', {status: 'migrated', targetId: 'e'});
  const counts = countsForRun(journal, run.id, plan);
  t.deepEqual(counts.tickets, {total: 5, migrated: 4, failed: 1, skipped: 0, pending: 0, warnings: 2, referenced: 1});
  t.deepEqual(counts.contacts, {total: 2, migrated: 1, failed: 0, skipped: 1, pending: 0, warnings: 0, referenced: 2});
  t.is(counts.groups, undefined);
  t.deepEqual(totalOf(counts), {total: 7, migrated: 5, failed: 1, skipped: 1, pending: 0, warnings: 2, referenced: 3});
  t.deepEqual(totalOf({}), {total: 0, migrated: 0, failed: 0, skipped: 0, pending: 0, warnings: 0, referenced: 0});
  t.deepEqual(recordsWithOutcome(journal, 'warnings').map((r) => r.sourceId), ['1', '4']);
  t.deepEqual(recordsWithOutcome(journal, 'migrated', {type: 'tickets'}).map((r) => r.sourceId), ['1', '2', '4', '5']);
  t.deepEqual(recordsWithOutcome(journal, 'warnings', {type: 'contacts'}), []);
  t.deepEqual(recordsWithOutcome(journal, 'failed').map((r) => r.sourceId), ['3']);

  // A retry run touches ticket 3 again: nothing it did is a reference, and the overall
  // numbers count each record once, references by the run that first journalled them.
  const retry = journal.startRun('retry', null);
  journal.markPending('tickets', '3', retry.id, {});
  journal.settle('tickets', '3', {status: 'migrated', targetId: 'c', reason: 'cc dropped'});
  t.deepEqual(countsForRun(journal, retry.id, plan).tickets, {total: 1, migrated: 1, failed: 0, skipped: 0, pending: 0, warnings: 1, referenced: 0});
  const all = countsAll(journal, plan);
  t.deepEqual(all.tickets, {total: 5, migrated: 5, failed: 0, skipped: 0, pending: 0, warnings: 3, referenced: 1});
  t.deepEqual(all.contacts, {total: 2, migrated: 1, failed: 0, skipped: 1, pending: 0, warnings: 0, referenced: 2});
  t.deepEqual(countsForRun(journal, 99, plan), {});
});

test('a bulk pass not yet finished pulls nothing in by reference', (t) => {
  const journal = fresh();
  const plan = {recordTypes: ['tickets' as const], filters: {}};
  const run = journal.startRun('full', null);
  journal.markPending('tickets', '1', run.id, {});
  journal.saveCheckpoint(run.id, 'tickets', 'page-2', false);
  t.is(countsForRun(journal, run.id, plan).tickets!.referenced, 0);
  t.is(countsAll(journal, plan).tickets!.referenced, 0);
});

test('journal queries: record filters, match keys with a target, pending and touched, ids, steps cleared, meta deleted', (t) => {
  const journal = fresh();
  const run = journal.startRun('full', null);
  journal.markPending('contacts', '1', run.id, {label: 'Ann', matchKey: 'ann@x'});
  journal.markPending('contacts', '2', run.id, {matchKey: 'ann@x'});
  journal.markPending('tickets', '1', run.id, {});
  t.is(journal.recordByMatchKey('contacts', 'ann@x'), undefined, 'no target id yet');
  journal.settle('contacts', '2', {status: 'migrated', targetId: 'T2'});
  t.is(journal.recordByMatchKey('contacts', 'ann@x')!.sourceId, '2');
  journal.settle('contacts', '1', {status: 'migrated', targetId: 'T1'});
  t.is(journal.recordByMatchKey('contacts', 'ann@x')!.sourceId, '1', 'the first journalled wins');
  t.is(journal.recordByMatchKey('tickets', 'ann@x'), undefined);
  t.is(journal.pendingInRun(run.id), 1);
  t.true(journal.inRun(run.id, 'tickets'));
  t.false(journal.inRun(run.id, 'groups'));
  t.deepEqual(journal.sourceIds('contacts'), ['1', '2']);
  t.deepEqual(journal.records({type: 'contacts'}).map((r) => r.sourceId), ['1', '2']);
  t.deepEqual(journal.records({status: 'pending'}).map((r) => `${r.type}:${r.sourceId}`), ['tickets:1']);
  t.deepEqual(journal.records({limit: 1, offset: 1}).map((r) => `${r.type}:${r.sourceId}`), ['contacts:2']);
  t.deepEqual(journal.records({limit: 2}).map((r) => `${r.type}:${r.sourceId}`), ['contacts:1', 'contacts:2']);
  t.deepEqual(journal.records({ids: [{sourceId: '1'}]}).map((r) => `${r.type}:${r.sourceId}`), ['contacts:1', 'tickets:1']);
  t.deepEqual(journal.records({ids: [{type: 'tickets', sourceId: '1'}]}).map((r) => `${r.type}:${r.sourceId}`), ['tickets:1']);
  // A label or target id not given again is kept; a settle without a target id keeps the one known.
  journal.markPending('contacts', '1', run.id, {});
  journal.settle('contacts', '1', {status: 'migrated'});
  const ann = journal.record('contacts', '1')!;
  t.like(ann, {label: 'Ann', matchKey: 'ann@x', targetId: 'T1', attempts: 2, firstRunId: run.id, needsRefill: false});
  journal.markStep('tickets', '1', 'create', 'done', 'T9');
  journal.markStep('tickets', '1', 'comment:1', 'sent');
  journal.markStep('tickets', '2', 'create', 'sent');
  journal.clearSteps('tickets', '1');
  t.is(journal.step('tickets', '1', 'create'), undefined);
  t.is(journal.step('tickets', '1', 'comment:1'), undefined);
  t.deepEqual(journal.step('tickets', '2', 'create'), {state: 'sent', targetId: null});
  journal.markStep('tickets', '2', 'create', 'done', 'T2');
  t.deepEqual(journal.step('tickets', '2', 'create'), {state: 'done', targetId: 'T2'});
  journal.setMeta('pause', 'yes');
  journal.setMeta('pause', 'no');
  t.is(journal.getMeta('pause'), 'no');
  journal.setMeta('pause', null);
  t.is(journal.getMeta('pause'), undefined);
  journal.advanceBookmark('2024-01-01T00:00:00Z');
  t.is(journal.getMeta('delta_bookmark'), '2024-01-01T00:00:00Z', 'the first bookmark is set');
  journal.advanceBookmark('2024-02-01T00:00:00Z');
  t.is(journal.getMeta('delta_bookmark'), '2024-02-01T00:00:00Z');
});

test('runs: started running with this process, finished with a message, adopted again after a kill', (t) => {
  const journal = fresh();
  t.is(journal.lastRun(), undefined);
  const first = journal.startRun('full', null);
  t.like(first, {mode: 'full', status: 'running', pid: process.pid, since: null, finishedAt: null});
  journal.finishRun(first.id, 'stopped', 'Acme: 401');
  t.like(journal.run(first.id), {status: 'stopped', message: 'Acme: 401'});
  t.truthy(journal.run(first.id)!.finishedAt);
  const second = journal.startRun('delta', '2024-01-01T00:00:00Z');
  t.is(journal.lastRun()!.id, second.id);
  t.deepEqual(journal.runs().map((r) => r.id), [first.id, second.id]);
  journal.finishRun(second.id, 'finished');
  t.is(journal.run(second.id)!.message, null);
  journal.adoptRun(first.id);
  t.like(journal.run(first.id), {status: 'running', message: null, finishedAt: null, pid: process.pid});
  t.is(journal.run(12345), undefined);
});

test('a warning is told apart by how the part starts, not by what it contains', (t) => {
  const parts = ['attachment linked to ticket 5 dropped', 'owner matched to nobody, left empty', 'cc dropped: updated (changed since the last run)', 'comments written again to fill in were cut'];
  t.deepEqual(warningsOf(parts.join('; ')), parts);
});

test('outside a bulk pass every record a run touched is a reference, even one an earlier run journalled first', (t) => {
  const journal = fresh();
  const plan = {recordTypes: ['tickets' as const, 'contacts' as const], filters: {onlyReferencedPeople: true}};
  const first = journal.startRun('full', null);
  journal.markPending('contacts', 'c1', first.id, {});
  journal.settle('contacts', 'c1', {status: 'migrated', targetId: 'x', sourceUpdatedAt: '2024-03-01T00:00:00Z'});
  const second = journal.startRun('full', null);
  journal.markPending('contacts', 'c1', second.id, {});
  journal.settle('contacts', 'c1', {status: 'migrated'});
  t.is(countsForRun(journal, second.id, plan).contacts!.referenced, 1);
  t.is(journal.record('contacts', 'c1')!.sourceUpdatedAt, '2024-03-01T00:00:00Z', 'a settle without it keeps the known update time');
  journal.settle('contacts', 'c1', {status: 'migrated', sourceUpdatedAt: '2024-04-01T00:00:00Z'});
  t.is(journal.record('contacts', 'c1')!.sourceUpdatedAt, '2024-04-01T00:00:00Z');
  journal.markPending('tickets', '9', second.id, {});
  t.deepEqual(journal.records({ids: [{sourceId: 'c1'}, {type: 'tickets', sourceId: '9'}]}).map((r) => `${r.type}:${r.sourceId}`), ['contacts:c1', 'tickets:9']);
});
