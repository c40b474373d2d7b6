// Tests for six bugs that once slipped through every test that covered their code (issue 21): each
// fails when its bug is put back. A 429 pauses the whole side's gate, not just the request that drew
// it; a sub-limit's next slot follows the slot taken, not "now"; the delta bookmark is the run's start;
// the writer lock checks a live pid's start time (a reused pid is not the holder); Freshservice's
// status numbers are not swapped; Freshservice's problems and changes are read past their first page.
import test from 'ava';
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createHttpClient} from '../source/platform/http-client.js';
import {RateGate, gapMs, type Clock} from '../source/platform/rate-gate.js';
import type {Transport} from '../source/contracts/http.js';
import {Journal} from '../source/engine/journal.js';
import {currentWriter, takeWriterLock} from '../source/engine/writer-lock.js';
import {runMigration} from '../source/app/migration.js';
import {statusFromNative, statusToNative} from '../connectors/freshservice/api-shapes.js';
import {freshserviceConnector} from '../connectors/freshservice/index.js';
import {openFreshserviceSource} from '../connectors/freshservice/source-session.js';
import {startFreshserviceEmulator} from '../connectors/freshservice/emulator.js';
import {smallDemoAccount} from '../demo-data/generate.js';
import {testBed} from './helpers/migration.js';

/** A clock whose sleepers wake only when the test moves time to them, one at a time, earliest first. */
function virtualClock(): Clock & {settle(done: () => boolean): Promise<void>} {
  let now = 0;
  const sleepers: Array<{at: number; wake: () => void}> = [];
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    sleep: (ms) => new Promise<void>((resolve) => void sleepers.push({at: now + Math.max(0, ms), wake: resolve})),
    async settle(done) {
      for (let step = 0; step < 10_000; step++) {
        await turn();
        if (done()) return;
        if (!sleepers.length) continue;
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers.shift()!;
        now = Math.max(now, next.at);
        next.wake();
      }
    },
  };
}

test('a 429 pauses every request of the side until its Retry-After, not just the one that drew it', async (t) => {
  const clock = virtualClock();
  const starts: Array<{url: string; at: number}> = [];
  let limited = false;
  const transport: Transport = async (request) => {
    starts.push({url: request.absoluteUrl, at: clock.now()});
    if (request.absoluteUrl.endsWith('/first') && !limited) {
      limited = true;
      return {status: 429, headers: {'retry-after': '7'}, body: undefined, url: request.absoluteUrl};
    }
    return {status: 200, headers: {}, body: {}, url: request.absoluteUrl};
  };
  const http = createHttpClient({side: 'target', platform: 'Acme', baseUrl: 'https://acme.example', budget: {requestsPerMinute: Infinity}, headers: {retryAfter: 'retry-after'}, authHeaders: {}, describeError: () => 'slow down', clock, transport});
  const results: unknown[] = [];
  const first = http.request({method: 'GET', url: '/first'}).then((r) => results.push(r));
  // The second request starts once the first has drawn its 429.
  await clock.settle(() => limited);
  const second = http.request({method: 'GET', url: '/second'}).then((r) => results.push(r));
  await clock.settle(() => results.length === 2);
  await Promise.all([first, second]);
  const secondStart = starts.find((start) => start.url.endsWith('/second'))!;
  t.true(secondStart.at >= 7000, `the second request started at ${secondStart.at} ms, inside the 7 s pause`);
});

test('concurrent requests under a sub-limit take successive slots, never one slot twice', async (t) => {
  const clock = virtualClock();
  const gate = new RateGate({requestsPerMinute: 6000, endpoints: {'tickets.create': 10}}, clock);
  const starts: number[] = [];
  const all = [1, 2, 3, 4].map(() => gate.acquire('tickets.create').then(() => starts.push(clock.now())));
  await clock.settle(() => starts.length === 4);
  await Promise.all(all);
  const gap = gapMs(10);
  t.deepEqual(starts.map((start) => Math.round(start / gap)), [0, 1, 2, 3], starts.join(', '));
});

test.serial('the delta bookmark is the full run\'s start, so what changes while it runs is read by the next delta', async (t) => {
  t.timeout(120_000);
  const bed = await testBed({sourcePlatform: 'zendesk', targetPlatform: 'freshdesk', tickets: 12});
  t.teardown(() => bed.close());
  bed.savePlan((plan) => (plan.recordTypes = ['contacts']));
  const result = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(result.status, 'finished', result.message);
  const {bookmark, run} = bed.journal((journal) => ({bookmark: journal.getMeta('delta_bookmark'), run: journal.lastRun()!}));
  t.is(bookmark, run.startedAt);
  t.truthy(run.finishedAt);
  t.not(bookmark, run.finishedAt);
});

test('a writer lock whose pid now belongs to another process (started later) is not held: a new run takes it', (t) => {
  const stat = (() => {
    try {
      return readFileSync(`/proc/${process.ppid}/stat`, 'utf8');
    } catch {
      return undefined;
    }
  })();
  if (!stat) return t.pass('no /proc here: the start-time check cannot apply');
  const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  const journal = new Journal(path.join(mkdtempSync(path.join(os.tmpdir(), 'ferry-lock-')), 'journal.sqlite'));
  t.teardown(() => journal.close());
  // The live parent process, recorded as it is: it holds the lock.
  journal.setMeta('writer', JSON.stringify({pid: process.ppid, startTicks: ticks, since: '2026-01-01T00:00:00Z', command: 'ferry run'}));
  t.is(currentWriter(journal)?.pid, process.ppid);
  t.throws(() => takeWriterLock(journal, 'ferry run'), {message: /Another ferry process/});
  // The same pid with another start time: the holder died and the pid was reused.
  journal.setMeta('writer', JSON.stringify({pid: process.ppid, startTicks: ticks - 1, since: '2026-01-01T00:00:00Z', command: 'ferry run'}));
  t.is(currentWriter(journal), undefined);
  const release = takeWriterLock(journal, 'ferry run');
  t.is(currentWriter(journal)?.pid, process.pid);
  release();
});

test('Freshservice status numbers are the documented ones, both ways (2 Open, 3 Pending, 4 Resolved, 5 Closed)', (t) => {
  t.deepEqual([2, 3, 4, 5].map(statusFromNative), ['open', 'pending', 'solved', 'closed']);
  t.deepEqual((['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const).map(statusToNative), [2, 2, 3, 3, 4, 5]);
});

test('Freshservice problems and changes are read past their first page', async (t) => {
  const running = await startFreshserviceEmulator({seed: 'source', account: smallDemoAccount(12), rateLimit: {off: true}});
  t.teardown(() => running.close());
  const settings = {baseUrl: running.url, authKind: 'apikey', credentials: {apiKey: running.credentials.apiKey!}};
  const http = createHttpClient({side: 'source', platform: 'Freshservice', baseUrl: running.url, budget: {requestsPerMinute: Infinity}, headers: freshserviceConnector.rateLimitHeaders, authHeaders: freshserviceConnector.authHeaders(settings), describeError: freshserviceConnector.describeError, maxAttempts: 2});
  const auth = {authorization: `Basic ${Buffer.from(`${running.credentials.apiKey}:X`).toString('base64')}`};
  const count = async (kind: string) => ((await (await fetch(`${running.url}/api/v2/${kind}?per_page=100`, {headers: auth})).json()) as Record<string, unknown[]>)[kind]!.length;
  const [problems, changes] = [await count('problems'), await count('changes')];
  t.true(problems > 1 && changes > 1, `the account has ${problems} problems and ${changes} changes`);
  const ids: string[] = [];
  for await (const page of openFreshserviceSource(settings, http, {perPage: 1}).read('tickets', {filter: {}})) ids.push(...page.records.map((record) => (record as {id: string}).id));
  t.is(ids.filter((id) => id.startsWith('problem-')).length, problems);
  t.is(ids.filter((id) => id.startsWith('change-')).length, changes);
});
