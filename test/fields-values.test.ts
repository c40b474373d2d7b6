// Issue 23 point 4: Fields never contradicts itself. A value row shows what the target keeps
// (from the target's own note, Connector.previewTicket), and a target that cannot create ticket
// fields never says "create it" for one (TargetLimits.ticketFieldCreateRefusal).
import test from 'ava';
import {describeRow} from '../views/screens/Fields.js';
import {previewTicketMapping, writtenValue} from '../source/app/console/mapping-preview.js';
import {findConnector} from '../source/app/registry.js';
import {defaultPlan, type Endpoint} from '../source/plan/plan.js';
import type {FieldsData} from '../source/app/console/state.js';
import type {TicketField} from '../source/contracts/model.js';

const endpoint = (platform: string): Endpoint => ({platform, url: `https://${platform}.test`, tier: 'x', authKind: 'token'} as Endpoint);
const product: TicketField = {id: 'f1', title: 'Product', type: 'dropdown', required: false, active: true, options: [{value: 'a', label: 'A'}]} as TicketField;

async function rowsFor(targetPlatform: string) {
  const connector = findConnector(targetPlatform)!;
  const plan = defaultPlan(endpoint('zendesk'), endpoint(targetPlatform));
  const preview = await previewTicketMapping([], [product], [], plan, connector.limits, 'zendesk', {writeNotes: connector.previewTicket?.bind(connector)});
  const refusal = connector.limits.ticketFieldCreateRefusal;
  const data: FieldsData = {sourceFields: [product], targetFields: [], sourceGroups: [], targetGroups: [], createRefusals: refusal ? {f1: refusal(product)} : undefined};
  return {row: (row: Parameters<typeof describeRow>[0]) => describeRow(row, data, plan, preview)};
}

test('Freshdesk: on hold shows Pending, task shows left empty, never "hold → hold" or "task → task"', async (t) => {
  const {row} = await rowsFor('freshdesk');
  t.deepEqual(row({kind: 'value', map: 'statuses', from: 'hold'}), ['hold', 'Pending', '⚠ Freshdesk has no "On hold" status: the ticket was written as Pending.']);
  t.deepEqual(row({kind: 'value', map: 'kinds', from: 'task'}), ['task', 'left empty', '⚠ Freshdesk has no "Task" ticket type: the type was left empty.']);
  t.deepEqual(row({kind: 'value', map: 'statuses', from: 'open'}), ['open', 'open', 'same']);
  // Freshdesk can create fields: this one is created.
  t.is(row({kind: 'field', id: 'f1'})[1], 'create it');
});

test('Help Scout: dropped values say "not kept", renamed ones the name the target writes', async (t) => {
  const {row} = await rowsFor('helpscout');
  t.is(row({kind: 'value', map: 'priorities', from: 'urgent'})[1], 'not kept');
  t.is(row({kind: 'value', map: 'statuses', from: 'solved'})[1], 'closed');
  t.is(row({kind: 'value', map: 'statuses', from: 'hold'})[1], 'pending');
  t.is(row({kind: 'value', map: 'kinds', from: 'task'})[1], 'not kept');
});

test('Freshservice cannot create ticket fields: the row says left out, never "create it"', async (t) => {
  const {row} = await rowsFor('freshservice');
  const [title, target, note] = row({kind: 'field', id: 'f1'});
  t.is(title, 'Product (dropdown)');
  t.is(target, 'left out: create it by hand');
  t.regex(note, /^⚠ Freshservice's API cannot create ticket fields: add "Product" by hand/);
  t.notRegex(note, /new field/);
});

test('writtenValue reads the target note, and keeps the mapped value when the target says nothing', (t) => {
  t.is(writtenValue('hold', []), 'hold');
  t.is(writtenValue('hold', undefined), 'hold');
  t.is(writtenValue('pending', ['Intercom has no "pending" status without a snooze date: written as open.']), 'open');
});
