import test from 'ava';
import {decideField, mapFieldValue, matchAgents, matchGroup, typesCompatible} from '../source/engine/mapping.js';
import type {Person, TicketField} from '../source/contracts/model.js';

const person = (id: string, email: string, name = id): Person => ({id, name, email, role: 'agent', active: true, createdAt: '', updatedAt: ''});
const field = (id: string, title: string, type: TicketField['type'], options?: TicketField['options']): TicketField => ({id, title, key: id, type, required: false, active: true, options, createdAt: '', updatedAt: ''});

test('agents match by email case-insensitively; manual wins; fallback catches the rest', (t) => {
  const source = [person('1', 'Ann@Acme.test'), person('2', 'bob@acme.test'), person('3', 'cy@acme.test')];
  const target = [person('91', 'ann@acme.test'), person('92', 'robert@acme.test'), person('93', 'lead@acme.test')];
  const matches = matchAgents(source, target, {auto: true, manual: {'bob@acme.test': 'robert@acme.test'}, fallback: '93'});
  t.deepEqual(
    matches.map((m) => [m.sourceId, m.targetId, m.how]),
    [
      ['1', '91', 'email'],
      ['2', '92', 'manual'],
      ['3', '93', 'fallback'],
    ],
  );
  const noFallback = matchAgents(source, target, {auto: false, manual: {}});
  t.true(noFallback.every((m) => m.how === 'none' && m.targetId === undefined));
});

test('groups match by name unless the plan maps them', (t) => {
  const targets = [{id: '9', name: 'billing', createdAt: '', updatedAt: ''}, {id: '8', name: 'Tier 2', createdAt: '', updatedAt: ''}];
  t.is(matchGroup({id: '1', name: 'Billing', createdAt: '', updatedAt: ''}, targets, {})?.id, '9');
  t.is(matchGroup({id: '2', name: 'Escalations', createdAt: '', updatedAt: ''}, targets, {Escalations: 'Tier 2'})?.id, '8');
  t.is(matchGroup({id: '3', name: 'Sales', createdAt: '', updatedAt: ''}, targets, {}), undefined);
});

test('field decisions check type compatibility before anything is written', (t) => {
  const maps = {fields: {}, statuses: {}, priorities: {}, kinds: {}, values: {}, defaults: {}};
  const targets = [field('t1', 'Product', 'dropdown', []), field('t2', 'Order number', 'checkbox')];
  t.deepEqual(decideField(field('s1', 'product', 'dropdown'), targets, maps), {action: 'link', target: targets[0]!, how: 'title'});
  t.is(decideField(field('s2', 'Order number', 'integer'), targets, maps).action, 'fail');
  t.is(decideField(field('s3', 'Notes', 'textarea'), targets, maps).action, 'create');
  t.is(decideField(field('s3', 'Notes', 'textarea'), targets, {...maps, fields: {s3: 'skip'}}).action, 'skip');
  t.regex((decideField(field('s4', 'X', 'text'), targets, {...maps, fields: {s4: 'Nope'}}) as {reason: string}).reason, /not a field on the target/);
  t.true(typesCompatible('integer', 'decimal'));
  t.false(typesCompatible('decimal', 'integer'));
});

test('dropdown values map by explicit map, then label, and say when there is no option', (t) => {
  const source = field('s', 'Plan', 'dropdown', [{label: 'Gold plan', value: 'gold'}, {label: 'Silver', value: 'silver'}, {label: 'Tin', value: 'tin'}]);
  const target = field('t', 'Plan', 'dropdown', [{label: 'Gold Plan', value: 'g'}, {label: 'Premium', value: 'p'}]);
  t.deepEqual(mapFieldValue('gold', source, target), {value: 'g'});
  t.deepEqual(mapFieldValue('silver', source, target, {silver: 'Premium'}), {value: 'p'});
  t.regex(mapFieldValue('tin', source, target).note!, /has no option/);
  t.deepEqual(mapFieldValue('12.7', field('a', 'N', 'text'), field('b', 'N', 'integer')), {value: 12});
  t.deepEqual(mapFieldValue(['gold', 'tin'], source, {...target, type: 'multiselect'}).value, ['g']);
});

test('the plan\'s status, priority and type maps decide what a ticket becomes on the target', async (t) => {
  const {mapTicket} = await import('../source/engine/mappers.js');
  const {defaultPlan} = await import('../source/plan/plan.js');
  const endpoint = (platform: string) => ({platform, url: 'http://127.0.0.1:1', tier: 'x', authKind: 'token', credentials: {}});
  const plan = defaultPlan(endpoint('zendesk'), endpoint('freshdesk'));
  plan.fieldMap.statuses = {pending: 'hold'};
  plan.fieldMap.priorities = {low: 'normal'};
  plan.fieldMap.kinds = {task: 'question'};
  const ctx = {
    plan,
    limits: {maxAttachmentBytes: 1e9, preservesCommentAuthors: true, preservesCommentDates: true, preservesTicketDates: true},
    sourcePlatform: 'zendesk',
    ensure: async () => ({targetId: 't'}),
    person: async () => ({targetId: 'p', label: 'P'}),
    agent: async () => ({targetId: 'a', label: 'A'}),
    fallbackRequester: async () => undefined,
    sourceFields: [],
    targetFields: () => [],
    fieldTarget: () => ({deliberate: true}),
  };
  const ticket = {id: '1', subject: 's', status: 'pending', priority: 'low', kind: 'task', requesterId: 'r', tags: [], ccEmails: [], customFields: {}, createdAt: '', updatedAt: '', comments: []} as const;
  const mapped = await mapTicket({...ticket, tags: [], ccEmails: [], comments: []}, ctx);
  t.is(mapped.record.status, 'hold');
  t.is(mapped.record.priority, 'normal');
  t.is(mapped.record.kind, 'question');
});
