// The once-only step (source/engine/once.ts) on its own, with the in-memory step store the
// engine's tests share: what is looked up when, how often a possibly applied write is sent
// again, and what a 409 means after an unanswered send.
import test from 'ava';
import {MAX_UNANSWERED_SENDS, memoryStepStore, onceFor} from '../source/engine/once.js';
import {HttpRecordError, PossiblyAppliedError} from '../source/contracts/errors.js';

const lost = () => new PossiblyAppliedError('ticket 1: Acme answered 502', 502, undefined);
const conflict = () => new HttpRecordError('ticket 1: Acme answered 409 exists', 409, undefined);

function calls() {
  const log: string[] = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- stands for create() and the lookups alike
  const fn = (name: string, results: Array<string | undefined | Error>) => async (): Promise<any> => {
    log.push(name);
    const next = results.length > 1 ? results.shift() : results[0];
    if (next instanceof Error) throw next;
    return next;
  };
  return {log, fn};
}

test('a step done before returns its target id: nothing is sent or looked up', async (t) => {
  const store = memoryStepStore();
  store.markStep('tickets', '1', 'create', 'done', 'T1');
  const {log, fn} = calls();
  t.is(await onceFor(store, 'tickets', '1')('create', fn('create', ['T2']), fn('lookup', ['T3'])), 'T1');
  t.deepEqual(log, []);
});

test('a first send is not looked up first; it is journalled "sent" before, "done" with the id after', async (t) => {
  const store = memoryStepStore();
  const seenDuringSend: unknown[] = [];
  const once = onceFor(store, 'tickets', '1');
  const {log, fn} = calls();
  const id = await once('create', async () => (seenDuringSend.push(store.step('tickets', '1', 'create')), fn('create', ['T1'])()), fn('lookup', ['OLD']));
  t.is(id, 'T1');
  t.deepEqual(log, ['create']);
  t.deepEqual(seenDuringSend, [{state: 'sent', targetId: null}]);
  t.deepEqual(store.step('tickets', '1', 'create'), {state: 'done', targetId: 'T1'});
  // Steps are kept per type, record and step.
  t.is(store.step('tickets', '1', 'comment'), undefined);
  t.is(store.step('contacts', '1', 'create'), undefined);
  t.is(store.step('tickets', '2', 'create'), undefined);
});

test('a done step without a target id is sent again', async (t) => {
  const store = memoryStepStore();
  store.markStep('tickets', '1', 'create', 'done');
  const {log, fn} = calls();
  t.is(await onceFor(store, 'tickets', '1')('create', fn('create', ['T1'])), 'T1');
  t.deepEqual(log, ['create']);
});

test('a step left "sent" (a kill, a lost answer) is looked up before anything is sent', async (t) => {
  const store = memoryStepStore();
  store.markStep('tickets', '1', 'create', 'sent');
  const found = calls();
  t.is(await onceFor(store, 'tickets', '1')('create', found.fn('create', ['T2']), found.fn('lookup', ['T1'])), 'T1');
  t.deepEqual(found.log, ['lookup']);
  t.deepEqual(store.step('tickets', '1', 'create'), {state: 'done', targetId: 'T1'});
  // Not there: sent now.
  store.markStep('tickets', '2', 'create', 'sent');
  const missing = calls();
  t.is(await onceFor(store, 'tickets', '2')('create', missing.fn('create', ['T5']), missing.fn('lookup', [undefined])), 'T5');
  t.deepEqual(missing.log, ['lookup', 'create']);
});

test('a possibly applied write is looked up, and found is done', async (t) => {
  const store = memoryStepStore();
  const {log, fn} = calls();
  t.is(await onceFor(store, 'tickets', '1')('create', fn('create', [lost()]), fn('lookup', ['T1'])), 'T1');
  t.deepEqual(log, ['create', 'lookup']);
  t.deepEqual(store.step('tickets', '1', 'create'), {state: 'done', targetId: 'T1'});
});

test(`a possibly applied write not found is sent again, ${MAX_UNANSWERED_SENDS} sends at most; then the record fails and the step stays "sent"`, async (t) => {
  t.is(MAX_UNANSWERED_SENDS, 4);
  const store = memoryStepStore();
  const {log, fn} = calls();
  const error = await t.throwsAsync(onceFor(store, 'tickets', '1')('create', fn('create', [lost()]), fn('lookup', [undefined])), {instanceOf: PossiblyAppliedError});
  t.regex(error!.message, /502/);
  t.deepEqual(log, ['create', 'lookup', 'create', 'lookup', 'create', 'lookup', 'create', 'lookup']);
  t.deepEqual(store.step('tickets', '1', 'create'), {state: 'sent', targetId: null});
  // The third send answers: done.
  const third = calls();
  t.is(await onceFor(memoryStepStore(), 'tickets', '1')('create', third.fn('create', [lost(), lost(), 'T3']), third.fn('lookup', [undefined])), 'T3');
  t.deepEqual(third.log, ['create', 'lookup', 'create', 'lookup', 'create']);
});

test('with nothing to look with, a possibly applied write fails the record at once and stays "sent"', async (t) => {
  const store = memoryStepStore();
  const {log, fn} = calls();
  await t.throwsAsync(onceFor(store, 'tickets', '1')('create', fn('create', [lost()])), {instanceOf: PossiblyAppliedError});
  t.deepEqual(log, ['create']);
  t.is(store.step('tickets', '1', 'create')?.state, 'sent');
});

test('a 409 on a first send is the record\'s failure, not looked up; other failures are never looked up', async (t) => {
  const first = calls();
  await t.throwsAsync(onceFor(memoryStepStore(), 'tickets', '1')('create', first.fn('create', [conflict()]), first.fn('lookup', ['T1']), first.fn('onConflict', ['T1'])), {instanceOf: HttpRecordError, message: /409/});
  t.deepEqual(first.log, ['create']);
  const invalid = calls();
  await t.throwsAsync(onceFor(memoryStepStore(), 'tickets', '1')('create', invalid.fn('create', [new HttpRecordError('422 invalid', 422, undefined)]), invalid.fn('lookup', ['T1'])), {message: /422/});
  t.deepEqual(invalid.log, ['create']);
  const plain = calls();
  await t.throwsAsync(onceFor(memoryStepStore(), 'tickets', '1')('create', plain.fn('create', [new Error('bug')]), plain.fn('lookup', ['T1'])), {message: 'bug'});
  t.deepEqual(plain.log, ['create']);
});

test('a 409 after an unanswered send means the earlier send was applied: looked up (with the conflict lookup too), never sent again', async (t) => {
  const store = memoryStepStore();
  store.markStep('tickets', '1', 'create', 'sent');
  const found = calls();
  t.is(await onceFor(store, 'tickets', '1')('create', found.fn('create', [conflict()]), found.fn('lookup', [undefined]), found.fn('onConflict', ['T9'])), 'T9');
  t.deepEqual(found.log, ['lookup', 'create', 'lookup', 'onConflict']);
  t.deepEqual(store.step('tickets', '1', 'create'), {state: 'done', targetId: 'T9'});
  // Nothing found: the record fails with the 409, not sent a third time.
  const again = memoryStepStore();
  again.markStep('tickets', '1', 'create', 'sent');
  const none = calls();
  await t.throwsAsync(onceFor(again, 'tickets', '1')('create', none.fn('create', [conflict(), 'T2']), none.fn('lookup', [undefined]), none.fn('onConflict', [undefined])), {message: /409/});
  t.deepEqual(none.log, ['lookup', 'create', 'lookup', 'onConflict']);
  // The conflict lookup alone is enough.
  const onlyConflict = memoryStepStore();
  onlyConflict.markStep('tickets', '1', 'create', 'sent');
  const alone = calls();
  t.is(await onceFor(onlyConflict, 'tickets', '1')('create', alone.fn('create', [conflict()]), undefined, alone.fn('onConflict', ['T4'])), 'T4');
  t.deepEqual(alone.log, ['create', 'onConflict']);
});

test('a 409 on the send after a lost answer in the same attempt counts as after an unanswered send', async (t) => {
  const {log, fn} = calls();
  t.is(await onceFor(memoryStepStore(), 'tickets', '1')('create', fn('create', [lost(), conflict()]), fn('lookup', [undefined]), fn('onConflict', ['T7'])), 'T7');
  t.deepEqual(log, ['create', 'lookup', 'create', 'lookup', 'onConflict']);
});
