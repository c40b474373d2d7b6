// Zendesk's rate limits in the emulator, and the HttpClient living with them.
// Time is a shared fake clock, so nothing here waits for real minutes.
import test from 'ava';
import {startZendeskEmulator} from '../connectors/zendesk/emulator.js';
import {zendeskConnector} from '../connectors/zendesk/index.js';
import type {Clock} from '../source/platform/rate-gate.js';
import {clientFor, settingsFor, smallAccount} from './zendesk-fixtures.js';

function fakeClock(): Clock & {elapsed(): number} {
  const start = Date.parse('2026-01-01T00:00:00Z');
  let offset = 0;
  return {
    now: () => start + offset,
    async sleep(ms) {
      offset += Math.max(0, ms);
    },
    elapsed: () => offset,
  };
}

const authOf = (credentials: Record<string, string>) => 'Basic ' + Buffer.from(`${credentials.email}/token:${credentials.apiToken}`).toString('base64');

test('over the account limit: 429 with Retry-After and the limit headers', async (t) => {
  const emulator = await startZendeskEmulator({seed: 'source', account: smallAccount(), rateLimit: {requestsPerMinute: 5}});
  try {
    const responses = await Promise.all(Array.from({length: 8}, () => fetch(`${emulator.url}/api/v2/groups.json`, {headers: {authorization: authOf(emulator.credentials)}})));
    const limited = responses.filter((response) => response.status === 429);
    t.is(limited.length, 3);
    t.true(Number(limited[0]!.headers.get('retry-after')) >= 1);
    t.is(limited[0]!.headers.get('x-rate-limit'), '5');
    t.is(limited[0]!.headers.get('x-rate-limit-remaining'), '0');
    t.like(await limited[0]!.json(), {error: 'APIRateLimitExceeded'});
  } finally {
    await emulator.close();
  }
});

test('the tier sets the advertised limit; incremental exports have their own 10 per minute', async (t) => {
  const emulator = await startZendeskEmulator({seed: 'source', account: smallAccount(), tier: 'team'});
  try {
    const url = `${emulator.url}/api/v2/incremental/tickets/cursor.json?start_time=0`;
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 11; i++) {
      last = await fetch(url, {headers: {authorization: authOf(emulator.credentials)}});
      statuses.push(last.status);
    }
    t.deepEqual(statuses, [...Array(10).fill(200), 429]);
    t.is(last!.headers.get('x-rate-limit'), String(zendeskConnector.tiers.team!.requestsPerMinute));
    t.regex(((await last!.json()) as {description: string}).description, /incremental export/);
  } finally {
    await emulator.close();
  }
});

test('HttpClient paced with the tier budget never sees a 429', async (t) => {
  const clock = fakeClock();
  const emulator = await startZendeskEmulator({seed: 'source', account: smallAccount(), rateLimit: {requestsPerMinute: 5}, now: clock.now});
  try {
    const settings = settingsFor(emulator);
    const http = clientFor(settings, {budget: {requestsPerMinute: 5}, clock});
    for (let i = 0; i < 12; i++) await http.request({method: 'GET', url: '/api/v2/groups.json'});
    t.is(emulator.stats().byStatus[429] ?? 0, 0);
    t.is(emulator.stats().byStatus[200], 12);
    t.true(clock.elapsed() >= 11 * 12_000, 'the requests were spread over the minutes the budget needs');
  } finally {
    await emulator.close();
  }
});

test('an unpaced HttpClient is held back by Retry-After and then succeeds', async (t) => {
  const clock = fakeClock();
  const emulator = await startZendeskEmulator({seed: 'source', account: smallAccount(), rateLimit: {requestsPerMinute: 5}, now: clock.now});
  try {
    const auth = {headers: {authorization: authOf(emulator.credentials)}};
    for (let i = 0; i < 5; i++) await fetch(`${emulator.url}/api/v2/groups.json`, auth);
    const http = clientFor(settingsFor(emulator), {clock});
    const response = await http.request<{groups: unknown[]}>({method: 'GET', url: '/api/v2/groups.json'});
    t.is(response.body.groups.length, 2);
    t.is(emulator.stats().byStatus[429], 1);
    t.true(clock.elapsed() >= 59_000, 'waited what Retry-After said');
  } finally {
    await emulator.close();
  }
});
