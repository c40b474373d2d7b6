// Help Center articles on Zendesk targets with and without article labels (a plan feature):
// the marker that finds an article after a lost answer must not depend on labels.
import test from 'ava';
import {startZendeskEmulator} from '../connectors/zendesk/emulator.js';
import {openZendeskTarget} from '../connectors/zendesk/target-session.js';
import type {RunningEmulator} from '../source/contracts/connector.js';
import type {HttpRequest} from '../source/contracts/http.js';
import type {KbArticle} from '../source/contracts/model.js';
import {clientFor, settingsFor, writeContext} from './zendesk-fixtures.js';

async function setUp(t: {teardown(fn: () => unknown): void}, tier: string) {
  const emulator: RunningEmulator = await startZendeskEmulator({seed: 'empty', tier, rateLimit: {off: true}});
  t.teardown(() => emulator.close());
  const inner = clientFor(settingsFor(emulator), {side: 'target'});
  const sent: HttpRequest[] = [];
  const http = {request: (request: HttpRequest) => (sent.push(request), inner.request(request))} as typeof inner;
  const session = openZendeskTarget(settingsFor(emulator), http);
  const category = await session.create('kb_categories', {id: '1', name: 'Start', createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-01T00:00:00Z'}, writeContext('freshdesk:kb_categories:1', async () => Buffer.alloc(0)));
  const section = await session.create('kb_sections', {id: '2', categoryId: category, name: 'Setup', createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-01T00:00:00Z'}, writeContext('freshdesk:kb_sections:2', async () => Buffer.alloc(0)));
  const article: KbArticle = {id: '3', sectionId: section, title: 'How to', body: '<p>Do this.</p>', draft: false, tags: ['howto'], createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-01T00:00:00Z'};
  return {emulator, session, sent, article};
}

const stored = async (emulator: RunningEmulator) => (await (await fetch(`${emulator.url}/__emulator/records/kb_articles`)).json()) as KbArticle[];

test('a plan without article labels: the article is written without them, says so, and is found again by its body marker', async (t) => {
  const {emulator, session, article} = await setUp(t, 'team');
  const context = writeContext('freshdesk:kb_articles:3', async () => Buffer.alloc(0));
  t.is(await session.findByMarker('kb_articles', 'freshdesk:kb_articles:3'), undefined, 'nothing before it is written');
  const id = await session.create('kb_articles', article, context);
  t.true(context.notes.some((note) => /labels are not on the target plan/.test(note)), context.notes.join('\n'));
  t.is(await session.findByMarker('kb_articles', 'freshdesk:kb_articles:3'), id);
  t.is(await session.findByMarker('kb_articles', 'freshdesk:kb_articles:4'), undefined);
  await session.update('kb_articles', id, {...article, title: 'How to, again'}, context);
  // A new session (a resumed run) does not know the plan lacks labels yet.
  const fresh = openZendeskTarget(settingsFor(emulator), clientFor(settingsFor(emulator), {side: 'target'}));
  t.is(await fresh.findByMarker('kb_articles', 'freshdesk:kb_articles:3'), id);
  const [read] = await stored(emulator);
  t.is(read!.body, '<p>Do this.</p>', 'the marker is not part of the article as read back');
  t.is(read!.title, 'How to, again');
});

test('a plan with labels: the marker label is written, the article PUT leaves draft to the translation', async (t) => {
  const {emulator, session, sent, article} = await setUp(t, 'professional');
  const context = writeContext('freshdesk:kb_articles:3', async () => Buffer.alloc(0));
  const id = await session.create('kb_articles', article, context);
  t.false(context.notes.some((note) => /labels/.test(note)));
  sent.length = 0;
  t.is(await session.findByMarker('kb_articles', 'freshdesk:kb_articles:3'), id);
  t.is(sent.length, 1, 'found by its label in one call');
  await session.update('kb_articles', id, {...article, draft: true}, context);
  const put = sent.find((request) => request.method === 'PUT' && request.url === `/api/v2/help_center/articles/${id}.json`)!;
  t.false('draft' in (put.json as {article: object}).article);
  const [read] = await stored(emulator);
  t.deepEqual(read!.tags, ['howto']);
  t.true(read!.draft);
});
