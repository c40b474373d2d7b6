// Shared set-up for the tests against a REAL Request Tracker 5 (there is no RT emulator).
// .ci/run starts one with .ci/rt5-setup.sh; locally, run
//   eval "$(.ci/rt5-setup.sh)"
// When no RT answers, the tests are skipped LOUDLY (never passed silently).
import type {TestFn} from 'ava';
import {createHttpClient} from '../source/platform/http-client.js';
import type {HttpClient} from '../source/contracts/http.js';
import type {Attachment, Id} from '../source/contracts/model.js';
import type {ConnectorSettings, WriteContext} from '../source/contracts/connector.js';
import {requestTrackerConnector} from '../connectors/request-tracker/index.js';
import {lockRt} from './helpers/rt.js';

export const RT_URL = process.env.RT_URL ?? 'http://127.0.0.1:8080';

export function basicSettings(password = process.env.RT_PASSWORD ?? 'password'): ConnectorSettings {
  return {baseUrl: RT_URL, authKind: 'basic', credentials: {username: process.env.RT_USER ?? 'root', password}};
}

export function tokenSettings(token: string): ConnectorSettings {
  return {baseUrl: RT_URL, authKind: 'token', credentials: {token}};
}

/** The token rt5-setup.sh created, from the environment or its state file. */
export async function rootToken(): Promise<string | undefined> {
  if (process.env.RT_TOKEN) return process.env.RT_TOKEN;
  try {
    const {readFile} = await import('node:fs/promises');
    return (await readFile(`${process.env.RT_STATE_DIR ?? '/var/lib/rt5-ci'}/root.token`, 'utf8')).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Whether a real RT answers REST 2.0 with the configured credentials. */
export async function rtAvailable(): Promise<string | undefined> {
  try {
    const settings = basicSettings();
    const response = await fetch(`${RT_URL}/REST/2.0/rt`, {headers: {...requestTrackerConnector.authHeaders(settings), 'Content-Type': 'application/json'}, signal: AbortSignal.timeout(5000)});
    if (response.status !== 200) return `RT at ${RT_URL} answered ${response.status}`;
    return undefined;
  } catch (error) {
    return `no RT answers at ${RT_URL} (${(error as Error).message})`;
  }
}

/**
 * Registers `tests` when RT is up; otherwise one loud test that says why everything
 * was skipped, and the real tests as ava skips so the report shows them.
 */
export async function whenRtAvailable(test: TestFn, names: string[], register: () => void): Promise<void> {
  // With RT_URL set (CI), RT must be there: the tests run and fail if it is not.
  const reason = process.env.RT_URL ? undefined : await rtAvailable();
  if (reason === undefined) {
    // One test file at a time talks to RT: the migration tests reset its database.
    let release: (() => void) | undefined;
    test.before(async (t) => {
      t.timeout(16 * 60_000);
      release = await lockRt();
    });
    test.after.always(() => release?.());
    register();
    return;
  }
  const message = `RT NOT AVAILABLE: ${reason}; Request Tracker tests skipped. Start RT with: eval "$(bash .ci/rt5-setup.sh)"`;
  console.warn(message);
  // CI starts RT itself (.ci/run): there, a missing RT is a failure, not a skip.
  if (process.env.CI) test('Request Tracker availability', (t) => t.fail(message));
  else test.skip(`Request Tracker availability: ${message}`, () => {});
  for (const name of names) test.skip(name, () => {});
}

export function rtHttp(settings: ConnectorSettings, side = 'source', timeoutMs?: number): HttpClient {
  const connector = requestTrackerConnector;
  return createHttpClient({
    side,
    platform: connector.label,
    baseUrl: settings.baseUrl,
    budget: connector.tiers[connector.defaultTier]!,
    headers: connector.rateLimitHeaders,
    authHeaders: connector.authHeaders(settings),
    describeError: connector.describeError,
    maxAttempts: 2,
    ...(timeoutMs ? {timeoutMs} : {}),
  });
}

/** A WriteContext like the engine's: `once` remembers finished steps per source key. */
export function writeContext(sourceKey: string, bytes: Map<Id, Buffer> = new Map(), done = new Map<string, Id>()): WriteContext & {notes: string[]} {
  const notes: string[] = [];
  return {
    sourceKey,
    notes,
    async once(step, create, lookup) {
      const key = `${sourceKey}/${step}`;
      const previous = done.get(key) ?? (lookup ? await lookup() : undefined);
      if (previous) return previous;
      const id = await create();
      done.set(key, id);
      return id;
    },
    async attachmentBytes(attachment: Attachment) {
      const found = bytes.get(attachment.id);
      if (!found) throw new Error(`test has no bytes for ${attachment.id}`);
      return found;
    },
    note(text) {
      if (!notes.includes(text)) notes.push(text);
    },
  };
}

/** A short unique suffix so repeated runs against the same RT never collide. */
export const RUN = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
