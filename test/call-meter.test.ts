// The call meter: calls per side and type, a pulled-in record's calls counted as the asking type
// (`calls`) and as its own (`ownCalls`), which lets a demo calibrate the people its tickets pull in.
import test from 'ava';
import {CallMeter, withRecordType} from '../source/platform/call-meter.js';

test('a contact pulled in by a ticket counts as the ticket\'s call and as the contact\'s own', async (t) => {
  const meter = new CallMeter(1, 'demo');
  const call = (side: 'source' | 'target') => meter.onHttp({type: 'request', side} as Parameters<CallMeter['onHttp']>[0]);
  call('source'); // outside any record: setup
  await withRecordType('tickets', async () => {
    call('source');
    await withRecordType('contacts', async () => {
      await Promise.resolve();
      call('target');
      call('target');
    });
    call('target');
  });
  t.deepEqual(meter.measurement.calls, {source: {setup: 1, tickets: 1}, target: {tickets: 3}});
  t.deepEqual(meter.measurement.ownCalls, {source: {setup: 1, tickets: 1}, target: {contacts: 2, tickets: 1}});
});
