// The undo engine on a journal and a scripted target: what it selects, the order it deletes in,
// a 404 on a delete an earlier attempt sent, records something else references, creates whose
// answer never came, and linked records (never touched).
import test from 'ava';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Journal} from '../source/engine/journal.js';
import {executeUndo, undoCandidates, previewUndo} from '../source/engine/undo.js';
import type {RemoveOutcome, TargetSession} from '../source/contracts/connector.js';
import type {RecordType} from '../source/contracts/model.js';
import {HttpRecordError} from '../source/contracts/errors.js';

function journalWith() {
  const journal = new Journal(path.join(mkdtempSync(path.join(os.tmpdir(), 'ferry-undo-engine-')), 'journal.sqlite'));
  const demo = journal.startRun('demo', null);
  const created = (type: RecordType, id: string, targetId: string, runId = demo.id) => {
    journal.markPending(type, id, runId, {label: `${type} ${id}`});
    journal.markStep(type, id, 'create', 'done', targetId);
    journal.settle(type, id, {status: 'migrated', targetId});
  };
  created('ticket_fields', 'f1', 'F1');
  created('organizations', 'o1', 'O1');
  created('contacts', 'c1', 'C1');
  created('contacts', 'c2', 'C2');
  created('tickets', 't1', 'T1');
  created('tickets', 't2', 'T2');
  // linked: never created
  journal.markPending('contacts', 'c9', demo.id, {});
  journal.settle('contacts', 'c9', {status: 'migrated', targetId: 'EXISTING', reason: 'linked to existing target contact #EXISTING (same email)'});
  // a duplicate pointing at c1's target record
  journal.markPending('contacts', 'c3', demo.id, {});
  journal.settle('contacts', 'c3', {status: 'skipped', targetId: 'C1', reason: 'duplicate of contact #c1 (same email); its references point to that record'});
  journal.finishRun(demo.id, 'finished');
  const full = journal.startRun('full', null);
  created('tickets', 't3', 'T3', full.id);
  journal.finishRun(full.id, 'finished');
  return {journal, demoId: demo.id, fullId: full.id};
}

function scriptedTarget(options: {gone?: Set<string>; referenced?: Map<string, string>; marker?: string} = {}) {
  const deleted: string[] = [];
  const session = {
    async remove(type: RecordType, id: string): Promise<RemoveOutcome> {
      if (options.gone?.has(id)) throw new HttpRecordError('not found', 404, undefined);
      deleted.push(`${type}:${id}`);
      return 'deleted';
    },
    async referencedBy(_type: RecordType, id: string) {
      return options.referenced?.get(id);
    },
    async findByMarker() {
      return options.marker;
    },
  } as unknown as TargetSession;
  return {session, deleted};
}

const removal = {tickets: {soft: 'x'}, contacts: {soft: 'x'}, organizations: {soft: 'x'}, ticket_fields: {soft: 'x'}};
const options = {permanent: false, sourcePlatform: 'zendesk', targetPlatform: 'Test', removal, concurrency: 1};

test('undo deletes only what a demo created, children before what they reference, never linked records', async (t) => {
  const {journal} = journalWith();
  const {session, deleted} = scriptedTarget();
  const result = await executeUndo(journal, session, {...options, selector: {mode: 'demo'}});
  t.is(result.status, 'finished');
  t.deepEqual(deleted, ['tickets:T2', 'tickets:T1', 'contacts:C2', 'contacts:C1', 'organizations:O1', 'ticket_fields:F1']);
  t.is(journal.record('contacts', 'c9')?.targetId, 'EXISTING', 'the linked record stays as it was');
  t.is(journal.record('contacts', 'c3'), undefined, 'the duplicate that pointed at a deleted record is forgotten');
  t.is(journal.record('tickets', 't3')?.status, 'migrated', 'the full run\'s ticket is not selected');
  t.deepEqual(journal.undoneOf('tickets', 't1').map((life) => life.outcome), ['deleted']);
  t.deepEqual(undoCandidates(journal, {mode: 'demo'}), []);
});

test('a 404 on a delete whose earlier send may have been applied is success, and the record is forgotten', async (t) => {
  const {journal} = journalWith();
  journal.markStep('tickets', 't1', 'undo', 'sent');
  const {session} = scriptedTarget({gone: new Set(['T1'])});
  const result = await executeUndo(journal, session, {...options, selector: {ids: [{type: 'tickets', sourceId: 't1'}]}});
  t.deepEqual(result.items.map((item) => [item.outcome, item.reason]), [['gone', 'an earlier attempt deleted it']]);
  t.is(journal.record('tickets', 't1'), undefined);
  t.is(result.status, 'finished');
});

test('a record something else references is kept, said so, and stays in the journal', async (t) => {
  const {journal} = journalWith();
  const {session, deleted} = scriptedTarget({referenced: new Map([['C1', 'ticket #99 still names it']])});
  const result = await executeUndo(journal, session, {...options, selector: {mode: 'demo'}});
  const kept = result.items.filter((item) => item.outcome === 'kept');
  t.deepEqual(kept.map((item) => [item.sourceId, item.reason]), [['c1', 'ticket #99 still names it']]);
  t.false(deleted.includes('contacts:C1'));
  t.is(journal.record('contacts', 'c1')?.status, 'migrated');
  t.is(journal.record('contacts', 'c3')?.status, 'skipped', 'its duplicate still points at a record that is still there');
});

test('a create whose answer never came is looked up by its marker: deleted when found, forgotten when not', async (t) => {
  const {journal} = journalWith();
  journal.markPending('tickets', 't8', 1, {});
  journal.markStep('tickets', 't8', 'create', 'sent');
  const found = scriptedTarget({marker: 'T8'});
  await executeUndo(journal, found.session, {...options, selector: {ids: [{type: 'tickets', sourceId: 't8'}]}});
  t.deepEqual(found.deleted, ['tickets:T8']);
  journal.markPending('tickets', 't9', 1, {});
  journal.markStep('tickets', 't9', 'create', 'sent');
  const none = scriptedTarget();
  const result = await executeUndo(journal, none.session, {...options, selector: {ids: [{type: 'tickets', sourceId: 't9'}]}});
  t.deepEqual(none.deleted, []);
  t.is(result.items[0]?.outcome, 'never written');
  t.is(journal.record('tickets', 't9'), undefined);
});

test('the dry run counts the same selection by type, says what the target does, and counts linked records', (t) => {
  const {journal, fullId} = journalWith();
  const preview = previewUndo(journal, {mode: 'demo'}, {platform: 'Test', removal: {tickets: {soft: 'to the trash'}}, permanent: false});
  t.deepEqual(preview.types.map((row) => [row.type, row.count, row.removable]), [['tickets', 2, true], ['contacts', 2, false], ['organizations', 1, false], ['ticket_fields', 1, false]]);
  t.is(preview.types[0]!.how, 'to the trash');
  t.is(preview.linked, 1, 'the linked contact (not the duplicate, which was skipped)');
  t.deepEqual([preview.restore, preview.notKept], [[], []], 'the linked contact was not written into');
  t.is(previewUndo(journal, {runId: fullId}, {platform: 'Test', permanent: false}).total, 1);
  t.is(previewUndo(journal, {}, {platform: 'Test', permanent: false}).total, 7);
});

test('a ticket field whose create answer was lost and that the next run linked to by name is deleted when it was not there before the first run', async (t) => {
  const {journal} = journalWith();
  journal.setMeta('target_ticket_fields_before', JSON.stringify(['F0']));
  const lostThenLinked = (id: string, targetId: string) => {
    journal.markPending('ticket_fields', id, 1, {});
    journal.markStep('ticket_fields', id, 'create', 'sent');
    journal.settle('ticket_fields', id, {status: 'migrated', targetId, reason: `linked to target field "${id}" (same title)`});
  };
  lostThenLinked('f8', 'F8'); // ferry's lost create
  lostThenLinked('f0', 'F0'); // on the target before the first run: not ferry's
  const {session, deleted} = scriptedTarget();
  await executeUndo(journal, session, {...options, selector: {ids: [{type: 'ticket_fields', sourceId: 'f8'}, {type: 'ticket_fields', sourceId: 'f0'}]}});
  t.deepEqual(deleted, ['ticket_fields:F8']);
  t.is(journal.record('ticket_fields', 'f0'), undefined, 'forgotten: its create never made a record');
});

test('a ticket field whose create answer was lost and whose record then failed is found by its label, if it was not there before', async (t) => {
  const {journal} = journalWith();
  journal.setMeta('target_ticket_fields_before', JSON.stringify(['F0']));
  const lostThenFailed = (id: string, label: string) => {
    journal.markPending('ticket_fields', id, 1, {label});
    journal.markStep('ticket_fields', id, 'create', 'sent');
    journal.settle('ticket_fields', id, {status: 'failed', reason: 'Freshdesk answered 503'});
  };
  lostThenFailed('f7', 'Seats affected');
  lostThenFailed('f6', 'Old field');
  const {session, deleted} = scriptedTarget();
  (session as any).findExisting = async (_type: RecordType, by: {name?: string}) => (by.name === 'Seats affected' ? 'F7' : by.name === 'Old field' ? 'F0' : undefined);
  await executeUndo(journal, session, {...options, selector: {ids: [{type: 'ticket_fields', sourceId: 'f7'}, {type: 'ticket_fields', sourceId: 'f6'}]}});
  t.deepEqual(deleted, ['ticket_fields:F7'], 'the field that was there before (F0) is not ferry\'s');
});

test('a linked record a run wrote into: kept old values are put back where the value ferry wrote still stands; without them (an older folder) it is listed, not restored', async (t) => {
  const {journal, demoId} = journalWith();
  journal.markPending('contacts', 'c7', demoId, {});
  journal.settle('contacts', 'c7', {status: 'migrated', targetId: 'OLD', reason: 'linked to existing target contact #OLD (same email); updated from the source: phone'});
  journal.markPending('contacts', 'c8', demoId, {});
  journal.settle('contacts', 'c8', {status: 'migrated', targetId: 'L8', reason: 'linked to existing target contact #L8 (same email); updated from the source: name, phone, email'});
  journal.keepLinkedBefore('contacts', 'c8', 'L8', demoId, [
    {field: 'name', oldValue: 'Old Name', newValue: 'New Name'},
    {field: 'phone', oldValue: '+1 555', newValue: '+1 666'},
    {field: 'email', oldValue: 'old@x.test', newValue: 'new@x.test'},
  ]);
  // A second run's write keeps the first old value.
  journal.keepLinkedBefore('contacts', 'c8', 'L8', demoId, [{field: 'name', oldValue: 'New Name', newValue: 'Newer Name'}]);
  const preview = previewUndo(journal, {mode: 'demo'}, {platform: 'Test', permanent: false});
  t.deepEqual(preview.restore.map((row) => [row.sourceId, row.fields]), [['c8', ['email', 'name', 'phone']]]);
  t.deepEqual(preview.notKept.map((row) => [row.sourceId, row.fields]), [['c7', ['phone']]]);
  // On the target: the name still ferry's, the phone changed by someone since, the email already back.
  const record: Record<string, unknown> = {id: 'L8', name: 'Newer Name', phone: '+1 777', email: 'old@x.test'};
  const updates: unknown[] = [];
  const {session} = scriptedTarget();
  Object.assign(session, {
    async get() {
      return {...record};
    },
    async update(_type: string, _id: string, values: Record<string, unknown>) {
      updates.push(values);
      Object.assign(record, values);
    },
  });
  const result = await executeUndo(journal, session, {...options, selector: {mode: 'demo'}});
  const c8 = result.items.find((item) => item.sourceId === 'c8')!;
  t.is(c8.outcome, 'not restored');
  t.regex(c8.reason!, /put back: name; changed on the target since ferry wrote it, kept as it is: phone/);
  t.deepEqual(record, {id: 'L8', name: 'Old Name', phone: '+1 777', email: 'old@x.test'});
  t.is(updates.length, 1);
  const c7 = result.items.find((item) => item.sourceId === 'c7')!;
  t.is(c7.outcome, 'not restored');
  t.regex(c7.reason!, /^no old values kept/);
  t.deepEqual(journal.linkedBefore('contacts', 'c8'), [], 'put back: forgotten');
  t.is(journal.record('contacts', 'c8')?.reason, 'linked to existing target contact #L8 (same email)');
  t.is(journal.record('contacts', 'c8')?.targetId, 'L8', 'still linked, never deleted');
});
