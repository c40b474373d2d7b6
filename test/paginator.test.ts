// The paginator base (source/platform/paginator.ts): pages until no next position, from a
// resumed start, and a position seen twice stops the read, at the moment each style says.
import test from 'ava';
import {keysetStrategy, linkStrategy, pageNumberStrategy, paginate} from '../source/platform/paginator.js';
import {PageLoopGuard} from '../source/platform/page-loop-guard.js';

type Page = {items: string[]; next?: string};

function server(pages: Record<string, Page>) {
  const asked: Array<string | undefined> = [];
  return {asked, fetch: async (position: string | undefined) => (asked.push(position), pages[position ?? 'first']!)};
}

async function read(options: Parameters<typeof paginate<string, Page>>[0]) {
  const got: string[] = [];
  try {
    for await (const page of paginate(options)) got.push(...page.items);
  } catch (error) {
    got.push(`! ${(error as Error).message}`);
  }
  return got;
}

test('pages until a page names no next position; a resumed read starts where it was', async (t) => {
  const pages = {first: {items: ['a'], next: 'p2'}, p2: {items: ['b'], next: 'p3'}, p3: {items: ['c']}};
  const all = server(pages);
  t.deepEqual(await read({guard: new PageLoopGuard('Acme', 'tickets'), fetch: all.fetch}), ['a', 'b', 'c']);
  t.deepEqual(all.asked, [undefined, 'p2', 'p3']);
  const resumed = server(pages);
  t.deepEqual(await read({guard: new PageLoopGuard('Acme', 'tickets'), start: 'p2', fetch: resumed.fetch, check: 'before-request'}), ['b', 'c']);
  t.deepEqual(resumed.asked, ['p2', 'p3']);
});

test('a cursor handed back is refused as soon as it arrives (on-answer): the page naming it is not yielded', async (t) => {
  const loop = server({first: {items: ['a'], next: 'p2'}, p2: {items: ['b'], next: 'p2'}});
  t.deepEqual(await read({guard: new PageLoopGuard('Acme', 'tickets'), fetch: loop.fetch}), ['a', '! Acme pagination loop: tickets returned the same page position "p2" twice; stopping instead of reading forever.']);
  t.deepEqual(loop.asked, [undefined, 'p2']);
  // A next position equal to the resumed start is a loop too.
  const back = server({p2: {items: ['b'], next: 'p2'}});
  t.deepEqual(await read({guard: new PageLoopGuard('Acme', 'tickets'), start: 'p2', fetch: back.fetch}), ['! Acme pagination loop: tickets returned the same page position "p2" twice; stopping instead of reading forever.']);
});

test('a next link or page number handed back is refused when it would be requested (before-request): the page naming it is yielded', async (t) => {
  const loop = server({p1: {items: ['a'], next: 'p2'}, p2: {items: ['b'], next: 'p1'}});
  t.deepEqual(await read({guard: new PageLoopGuard('Acme', 'users'), start: 'p1', fetch: loop.fetch, check: 'before-request'}), ['a', 'b', '! Acme pagination loop: users returned the same page position "p1" twice; stopping instead of reading forever.']);
  t.deepEqual(loop.asked, ['p1', 'p2']);
});

test('a key names the position to the guard; one guard can span several lists', async (t) => {
  const guard = new PageLoopGuard('Acme', 'articles');
  const states = [{at: 'x', page: 1}, {at: 'x', page: 2}, {at: 'x', page: 1}];
  let i = 0;
  const got: string[] = [];
  await t.throwsAsync(async () => {
    for await (const page of paginate({guard, start: states[0], check: 'before-request', key: (s) => `${s.at}#${s.page}`, fetch: async () => ({items: [String(i)], next: states[++i]})})) got.push(...page.items);
  }, {message: /same page position "x#1" twice/});
  t.deepEqual(got, ['0', '1']);
  const shared = new PageLoopGuard('Acme', 'folders');
  await read({guard: shared, start: 'f1', check: 'before-request', fetch: async () => ({items: []})});
  t.deepEqual(await read({guard: shared, start: 'f1', check: 'before-request', fetch: async () => ({items: ['never']})}), ['! Acme pagination loop: folders returned the same page position "f1" twice; stopping instead of reading forever.']);
});

async function collect<P, Pg extends {items: unknown[]; next?: P}>(pages: AsyncGenerator<Pg>): Promise<Array<{items: unknown[]; next?: P} | string>> {
  const got: Array<{items: unknown[]; next?: P} | string> = [];
  try {
    for await (const page of pages) got.push({items: page.items, next: page.next});
  } catch (error) {
    got.push(`! ${(error as Error).message}`);
  }
  return got;
}

test('keyset strategy: "after the last key" until the stop condition, resumable from a key; keys that do not grow stop the read', async (t) => {
  const ids = [1, 2, 3, 5, 8, 13, 21];
  const asked: Array<number | undefined> = [];
  const keyset = (rows: () => number[]) =>
    keysetStrategy<number, number>({platform: 'Acme', what: 'tickets', fetchAfter: async (after) => (asked.push(after), rows().filter((id) => id > (after ?? 0)).slice(0, 3)), keyOf: (id) => id, last: (items) => items.length < 3});
  t.deepEqual(await collect(paginate({guard: new PageLoopGuard('Acme', 'tickets'), start: 0, ...keyset(() => ids)})), [{items: [1, 2, 3], next: 3}, {items: [5, 8, 13], next: 13}, {items: [21], next: undefined}]);
  t.deepEqual(asked, [0, 3, 13]);
  // A full last page: one more (empty) page says the end.
  t.deepEqual(await collect(paginate({guard: new PageLoopGuard('Acme', 'tickets'), start: 13, ...keyset(() => [...ids, 34, 55])})), [{items: [21, 34, 55], next: 55}, {items: [], next: undefined}]);
  // A server that ignores "id > after" answers the first rows again: stopped, not read forever.
  const ignoring = keysetStrategy<number, number>({platform: 'Acme', what: 'tickets', fetchAfter: async () => [1, 2, 3], keyOf: (id) => id, last: (items) => items.length < 3});
  t.deepEqual(await collect(paginate({guard: new PageLoopGuard('Acme', 'tickets'), start: 0, ...ignoring})), [{items: [1, 2, 3], next: 3}, '! Acme pagination loop: tickets after 3 started again at 3']);
});

test('page-number and link strategies: the next position from "more" and from the named link; a link seen before stops the read', async (t) => {
  const numbered = await collect(paginate({guard: new PageLoopGuard('Acme', 'users'), start: 1, ...pageNumberStrategy(async (page) => ({items: [page], more: page < 3}))}));
  t.deepEqual(numbered, [{items: [1], next: 2}, {items: [2], next: 3}, {items: [3], next: undefined}]);
  const links: Record<string, {items: string[]; next?: string}> = {'/a': {items: ['a'], next: '/b'}, '/b': {items: ['b'], next: '/a'}};
  t.deepEqual(await collect(paginate({guard: new PageLoopGuard('Acme', 'groups'), start: '/a', ...linkStrategy(async (url) => links[url]!)})), [
    {items: ['a'], next: '/b'},
    {items: ['b'], next: '/a'},
    '! Acme pagination loop: groups returned the same page position "/a" twice; stopping instead of reading forever.',
  ]);
});
