// Mapping policies one by one (source/engine/mapping.ts), each written so that changing
// the rule fails it (found by the mutation score): agent matching order and keys, group
// maps, the type-compatibility table, field decisions, value conversion per target type.
import test from 'ava';
import {decideField, isValidEmail, mapFieldValue, mapKind, mapPriority, mapStatus, matchAgents, matchGroup, typesCompatible} from '../source/engine/mapping.js';
import type {FieldType, Group, Person, TicketField} from '../source/contracts/model.js';
import type {FieldMap} from '../source/plan/plan.js';

const person = (id: string, email: string | undefined, name = id): Person => ({id, name, email, role: 'agent', active: true, createdAt: '', updatedAt: ''});
const field = (id: string, title: string, type: FieldType, options?: TicketField['options'], key = id): TicketField => ({id, title, key, type, required: false, active: true, options, createdAt: '', updatedAt: ''});
const group = (id: string, name: string): Group => ({id, name, createdAt: '', updatedAt: ''});
const maps = (over: Partial<FieldMap> = {}): FieldMap => ({fields: {}, statuses: {}, priorities: {}, kinds: {}, values: {}, defaults: {}, ...over});

test('agents: a manual map by source id, by email or by lower-cased email, to a target id or email; auto only when on', (t) => {
  const target = [person('91', 'Ann@Acme.test'), person('92', 'bob@acme.test'), person('93', undefined, 'No Mail')];
  const source = [person('1', 'ann@acme.test', 'Ann'), person('2', 'Bob@Acme.test'), person('3', 'cy@acme.test'), person('4', undefined)];
  const result = matchAgents(source, target, {auto: true, manual: {'1': '92', 'bob@acme.test': 'ANN@acme.test ', '4': '93'}});
  t.deepEqual(result, [
    {sourceId: '1', sourceEmail: 'ann@acme.test', sourceName: 'Ann', targetId: '92', targetEmail: 'bob@acme.test', how: 'manual'},
    {sourceId: '2', sourceEmail: 'Bob@Acme.test', sourceName: '2', targetId: '91', targetEmail: 'Ann@Acme.test', how: 'manual'},
    {sourceId: '3', sourceEmail: 'cy@acme.test', sourceName: '3', how: 'none'},
    {sourceId: '4', sourceEmail: undefined, sourceName: '4', targetId: '93', targetEmail: undefined, how: 'manual'},
  ]);
  // The exact email key wins over the lower-cased one.
  t.is(matchAgents([person('5', 'Dee@acme.test')], target, {auto: false, manual: {'Dee@acme.test': '91', 'dee@acme.test': '92'}})[0]!.targetId, '91');
  t.is(matchAgents([person('5', 'Dee@acme.test')], target, {auto: false, manual: {'dee@acme.test': '92'}})[0]!.targetId, '92');
  // A manual entry naming no target agent falls through to email, then the fallback (by email).
  t.deepEqual(matchAgents([person('1', 'ann@acme.test')], target, {auto: true, manual: {'1': 'gone@acme.test'}}).map((m) => [m.targetId, m.how]), [['91', 'email']]);
  t.deepEqual(matchAgents([person('1', 'ann@acme.test')], target, {auto: false, manual: {}, fallback: 'BOB@acme.test'}).map((m) => [m.targetId, m.how]), [['92', 'fallback']]);
  t.deepEqual(matchAgents([person('1', 'ann@acme.test')], target, {auto: false, manual: {}, fallback: 'nobody'}).map((m) => m.how), ['none']);
  // A source agent without email is not matched to a target agent without email.
  t.deepEqual(matchAgents([person('6', undefined)], target, {auto: true, manual: {}}).map((m) => m.how), ['none']);
  t.deepEqual(matchAgents([person('7', '')], [person('94', '')], {auto: true, manual: {}}).map((m) => m.how), ['none']);
});

test('groups: the plan\'s map by source id or name, to a target id or name (any case); unmapped by the same name', (t) => {
  const targets = [group('8', 'Tier 2'), group('9', 'billing'), group('10', 'Sales')];
  t.is(matchGroup(group('1', 'Escalations'), targets, {'1': '10'})?.id, '10');
  t.is(matchGroup(group('1', 'Escalations'), targets, {'1': 'tier 2'})?.id, '8');
  t.is(matchGroup(group('1', 'Escalations'), targets, {'1': 'nothing'}), undefined, 'a map to nothing is not the same-name match');
  t.is(matchGroup(group('1', 'Billing'), targets, {'1': 'nothing'}), undefined);
  t.is(matchGroup(group('1', 'Billing '), targets, {})?.id, '9');
  t.is(matchGroup(group('1', 'Sales'), targets, {'1': '8', Sales: '9'})?.id, '8', 'the id entry wins over the name entry');
});

test('the type-compatibility table, target by target', (t) => {
  const types: FieldType[] = ['text', 'textarea', 'checkbox', 'date', 'integer', 'decimal', 'dropdown', 'multiselect', 'regexp'];
  const fits: Record<FieldType, FieldType[]> = {
    text: ['text', 'regexp', 'integer', 'decimal', 'date', 'dropdown'],
    textarea: ['textarea', 'text', 'regexp'],
    checkbox: ['checkbox'],
    date: ['date'],
    integer: ['integer'],
    decimal: ['decimal', 'integer'],
    dropdown: ['dropdown'],
    multiselect: ['multiselect', 'dropdown'],
    regexp: ['regexp', 'text'],
  };
  for (const target of types) for (const source of types) t.is(typesCompatible(source, target), fits[target].includes(source), `${source} into ${target}`);
});

test('field decisions: the map by id or title, to a target id, title or key; create and skip; a mapped field of the wrong type fails', (t) => {
  const targets = [field('t1', 'Product', 'dropdown', []), field('t2', 'Order', 'integer', undefined, 'cf_order'), field('t3', 'Notes', 'text')];
  t.deepEqual(decideField(field('s1', 'Item', 'dropdown'), targets, maps({fields: {s1: 't1'}})), {action: 'link', target: targets[0]!, how: 'manual'});
  t.deepEqual(decideField(field('s1', 'Item', 'dropdown'), targets, maps({fields: {Item: 'product'}})), {action: 'link', target: targets[0]!, how: 'manual'});
  t.deepEqual(decideField(field('s2', 'Num', 'integer'), targets, maps({fields: {s2: 'cf_order'}})), {action: 'link', target: targets[1]!, how: 'manual'});
  t.deepEqual(decideField(field('s3', 'Notes', 'text'), targets, maps({fields: {Notes: 'create'}})), {action: 'create'});
  t.deepEqual(decideField(field('s3', 'Notes', 'text'), targets, maps({fields: {s3: 'skip'}})), {action: 'skip', reason: 'left out by the field map'});
  const wrong = decideField(field('s4', 'Flag', 'checkbox'), targets, maps({fields: {s4: 't3'}}));
  t.is(wrong.action, 'fail');
  t.regex((wrong as {reason: string}).reason, /checkbox field to "Notes", a text field/);
  // By title without a map: compatible links, incompatible fails naming both types.
  t.deepEqual(decideField(field('s5', 'notes', 'integer'), targets, maps()), {action: 'link', target: targets[2]!, how: 'title'});
  const clash = decideField(field('s6', 'order', 'text'), targets, maps());
  t.is(clash.action, 'fail');
  t.regex((clash as {reason: string}).reason, /"Order" of type integer, which cannot hold this text field/);
});

test('status, priority and type maps: the plan\'s entry, else the same value', (t) => {
  t.is(mapStatus('pending', maps({statuses: {pending: 'hold'}})), 'hold');
  for (const status of ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const) t.is(mapStatus(status, maps()), status);
  t.is(mapPriority('low', maps({priorities: {low: 'normal'}})), 'normal');
  t.is(mapPriority('urgent', maps()), 'urgent');
  t.is(mapKind('task', maps({kinds: {task: 'question'}})), 'question');
  t.is(mapKind('incident', maps()), 'incident');
  t.is(mapKind(undefined, maps({kinds: {task: 'question'}})), undefined);
});

test('values by target type: empty stays empty, options by explicit map then label, numbers, checkboxes, dates, text', (t) => {
  const text = field('s', 'Ref', 'text');
  for (const empty of [null, ''] as const) t.deepEqual(mapFieldValue(empty, text, field('t', 'Ref', 'integer')), {value: null});
  const source = field('s', 'Plan', 'dropdown', [{label: 'Gold plan', value: 'gold'}]);
  const target = field('t', 'Plan', 'dropdown', [{label: 'gold PLAN', value: 'g'}, {label: 'Premium', value: 'p'}, {label: 'x', value: 'silver'}]);
  t.deepEqual(mapFieldValue('gold', source, target), {value: 'g'}, 'by the source option\'s label');
  t.deepEqual(mapFieldValue('silver', source, target), {value: 'silver'}, 'by the same value');
  t.deepEqual(mapFieldValue('gold', source, target, {gold: 'premium'}), {value: 'p'}, 'explicit map by label, any case');
  t.deepEqual(mapFieldValue('gold', source, target, {gold: 'p'}), {value: 'p'}, 'explicit map by value');
  t.deepEqual(mapFieldValue('gold', source, target, {gold: 'nothing'}).value, undefined, 'an explicit map to no option is not guessed');
  t.deepEqual(mapFieldValue(['gold', 'x'], source, target), {value: 'g'}, 'a list into a dropdown takes the first');
  t.regex(mapFieldValue('zinc', source, target).note!, /^"Plan" value "zinc" has no option on the target field "Plan"; left empty$/);
  // A dropdown without options takes the value as it is.
  t.deepEqual(mapFieldValue('anything', source, field('t', 'Plan', 'dropdown')), {value: 'anything'});
  const multi = field('t', 'Plans', 'multiselect', target.options);
  t.deepEqual(mapFieldValue('gold', source, multi), {value: ['g']});
  t.deepEqual(mapFieldValue(['gold', 'zinc', 'tin'], source, multi), {value: ['g'], note: '"Plan" values zinc, tin have no option on the target; left out'});
  t.false('note' in mapFieldValue(['gold'], source, multi));
  const box = field('t', 'Box', 'checkbox');
  t.deepEqual([true, 'true', 1, false, 'false', 0, 'yes'].map((v) => mapFieldValue(v as never, text, box).value), [true, true, true, false, false, false, false]);
  t.deepEqual(mapFieldValue('12.7', text, field('t', 'N', 'integer')), {value: 12});
  t.deepEqual(mapFieldValue('-12.7', text, field('t', 'N', 'integer')), {value: -12});
  t.deepEqual(mapFieldValue('12.7', text, field('t', 'N', 'decimal')), {value: 12.7});
  t.regex(mapFieldValue('twelve', text, field('t', 'N', 'decimal')).note!, /"Ref" value "twelve" is not a number; left empty/);
  t.is(mapFieldValue('twelve', text, field('t', 'N', 'decimal')).value, undefined);
  t.deepEqual(mapFieldValue('2024-03-05T10:00:00Z', text, field('t', 'D', 'date')), {value: '2024-03-05'});
  t.deepEqual(mapFieldValue(['a', 'b'], text, field('t', 'T', 'text')), {value: 'a, b'});
  t.deepEqual(mapFieldValue('gold', source, field('t', 'T', 'text')), {value: 'Gold plan'}, 'a dropdown into text writes the label');
  t.deepEqual(mapFieldValue('zinc', source, field('t', 'T', 'text')), {value: 'zinc'});
  t.deepEqual(mapFieldValue(42, text, field('t', 'T', 'textarea')), {value: '42'});
});

test('an email needs something, an @, a domain with a dot, and no spaces', (t) => {
  for (const good of ['a@b.co', 'first.last+tag@sub.example.org']) t.true(isValidEmail(good), good);
  for (const bad of [undefined, '', 'a@b', 'a b@c.d', '@b.co', 'a@.', 'a@b.', 'ab.co', 'x a@b.co', 'a@b.co ']) t.false(isValidEmail(bad), String(bad));
});

test('fields mapped by target id when its key and title differ; sources without options still convert', (t) => {
  const target = field('t9', 'Order ref', 'text', undefined, 'cf_order_ref');
  t.deepEqual(decideField(field('s1', 'Ref', 'text'), [target], maps({fields: {s1: 't9'}})), {action: 'link', target, how: 'manual'});
  const dropdown = field('t', 'Plan', 'dropdown', [{label: 'Premium', value: 'p'}]);
  t.deepEqual(mapFieldValue('premium', field('s', 'Plan', 'text'), dropdown), {value: 'p'}, 'a text value matches an option label');
  t.deepEqual(mapFieldValue('gold', field('s', 'Plan', 'dropdown'), field('t', 'T', 'text')), {value: 'gold'}, 'a dropdown without options into text keeps its value');
});
