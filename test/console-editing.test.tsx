// Typing in a field as a terminal sends it: a held Backspace over a slow SSH link arrives as one
// input of several erase characters, and each erases one, as a key at a time would.
import test from 'ava';
import {editText} from '../views/components/TextField.js';
import {demoPlan, renderConsole, KEYS} from './console-helpers.js';

const noKey = {} as Parameters<typeof editText>[2];

test('several erase characters in one input erase as many characters, never more than there are', (t) => {
  t.is(editText('5, 99999', '\x7f\x7f\x7f', noKey), '5, 99');
  t.is(editText('ab', '\x7f\x7f\x7f\x7f', noKey), '');
  t.is(editText('ab', '\b\b', noKey), '');
});

test.serial('Records: a field emptied by a burst of Backspace takes what is typed next, whole', async (t) => {
  const {frame, press, store, app} = renderConsole({screen: 'records', plan: {...demoPlan(), demo: {tickets: 20, articles: 20, ticketIds: ['5', '99999']}}, dir: '/tmp/x', counts: {state: 'ready', value: {}}});
  t.teardown(() => app.unmount());
  await press('G', (f) => /› Demo tries tickets\s+5, 99999/.test(f));
  // Editing shows the same text (with a cursor cell): the burst below is what tells.
  await press(KEYS.enter);
  await press('\x7f'.repeat(8), (f) => !f.includes('99999'));
  await press('20001', (f) => f.includes('20001'));
  await press(KEYS.enter, () => store.getState().plan!.demo.ticketIds?.[0] === '20001');
  t.deepEqual(store.getState().plan!.demo.ticketIds, ['20001']);
});
