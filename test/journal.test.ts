import test from 'ava';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Journal} from '../source/engine/journal.js';

const fresh = () => Journal.inFolder(mkdtempSync(path.join(os.tmpdir(), 'ferry-journal-')));

test('records move from pending to a settled status and keep their target id', (t) => {
  const journal = fresh();
  const run = journal.startRun('full', null);
  journal.markPending('contacts', '7', run.id, {label: 'Ann <ann@x.test>', matchKey: 'ann@x.test'});
  t.is(journal.record('contacts', '7')!.status, 'pending');
  journal.settle('contacts', '7', {status: 'migrated', targetId: '907', sourceUpdatedAt: '2024-01-01T00:00:00Z'});
  const row = journal.record('contacts', '7')!;
  t.is(row.status, 'migrated');
  t.is(row.targetId, '907');
  t.is(row.attempts, 1);
  t.is(journal.recordByMatchKey('contacts', 'ann@x.test')!.sourceId, '7');
  t.deepEqual(journal.countsForRun(run.id).contacts, {total: 1, migrated: 1, failed: 0, skipped: 0, pending: 0});
});

test('a migrated record stays migrated when touched again, and attempts count', (t) => {
  const journal = fresh();
  const run = journal.startRun('full', null);
  journal.markPending('tickets', '1', run.id, {});
  journal.settle('tickets', '1', {status: 'migrated', targetId: '55'});
  journal.markPending('tickets', '1', run.id, {});
  t.is(journal.record('tickets', '1')!.status, 'migrated');
  t.is(journal.record('tickets', '1')!.attempts, 2);
});

test('steps and checkpoints survive reopening the journal', (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-journal-'));
  const first = Journal.inFolder(dir);
  const run = first.startRun('full', null);
  first.markStep('tickets', '1', 'create', 'sent');
  first.saveCheckpoint(run.id, 'tickets', 'cursor-3', false);
  first.close();
  const again = Journal.inFolder(dir);
  t.deepEqual(again.step('tickets', '1', 'create'), {state: 'sent', targetId: null});
  t.deepEqual(again.checkpoint(run.id, 'tickets'), {cursor: 'cursor-3', done: false});
  t.is(again.lastRun()!.status, 'running');
});

test('the delta bookmark only moves forward', (t) => {
  const journal = fresh();
  journal.advanceBookmark('2024-05-01T00:00:00Z');
  journal.advanceBookmark('2024-04-01T00:00:00Z');
  t.is(journal.getMeta('delta_bookmark'), '2024-05-01T00:00:00Z');
});
