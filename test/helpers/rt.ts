// Shared set-up for the migration tests against a REAL Request Tracker 5: resetting RT
// to its freshly initialised database, plan endpoints for RT and the emulators, and
// read-only REST 2.0 helpers to look at what a migration left in RT.
import {execFile} from 'node:child_process';
import {existsSync, mkdtempSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import type {RunningEmulator} from '../../source/contracts/connector.js';
import {Journal} from '../../source/engine/journal.js';
import {holdFileLock} from './file-lock.js';
import type {Endpoint} from '../../source/plan/plan.js';
import {requestTrackerConnector} from '../../connectors/request-tracker/index.js';
import {basicSettings, RT_URL} from '../rt-fixtures.js';
import {emulatorEndpoint as demoEmulatorEndpoint} from '../../source/app/demo.js';

// CI runs the repository's copy (.ci/rt5-setup.sh); locally the shared one.
const SETUP_SCRIPT = [process.env.RT_SETUP_SCRIPT, fileURLToPath(new URL('../../.ci/rt5-setup.sh', import.meta.url)), '/work/shared/scripts/rt5-setup.sh'].find(
  (file): file is string => Boolean(file && existsSync(file)),
);
const LOCK_FILE = path.join(os.tmpdir(), 'ferry-rt-tests.flock');

/**
 * Holds RT for one test file: ava runs test files in parallel, and a reset restarts RT under
 * anyone else using it. Waits while another process holds it (file-lock.ts: a kernel lock, gone
 * with its holder). Returns the release function.
 */
export async function lockRt(waitMs = 15 * 60_000): Promise<() => void> {
  // Re-entrant within a process (ava runs each test file in its own process, and may run a
  // file's before hooks at the same time), so a file may take it in its own hooks and
  // through shared fixtures without deadlocking on itself.
  if (heldHere === 0) {
    acquiring ??= holdFileLock(LOCK_FILE, waitMs)
      .then((release) => void (releaseLock = release))
      .finally(() => (acquiring = undefined));
    await acquiring;
  }
  heldHere++;
  return releaseOnce();
}

let acquiring: Promise<void> | undefined;
let releaseLock: (() => void) | undefined;
let heldHere = 0;

function releaseOnce(): () => void {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--heldHere === 0) releaseLock?.();
  };
}

/**
 * Puts RT back to its freshly initialised database (about 4 s), so every test file
 * starts from the same RT and runs are repeatable. Without the script (an RT somewhere
 * else) the tests still work, because everything they check is found through the journal.
 */
export async function resetRt(): Promise<'reset' | 'not reset'> {
  if (!SETUP_SCRIPT) return 'not reset';
  // A hang bound: on a loaded machine the old server takes its time to stop and the new one to start.
  await promisify(execFile)('bash', [SETUP_SCRIPT, 'reset'], {timeout: 6 * 60_000});
  return 'reset';
}

/** The plan endpoint for the local RT; the password comes from the environment, as secrets must. */
export function rtEndpoint(): {endpoint: Endpoint; env: Record<string, string>} {
  const settings = basicSettings();
  return {
    endpoint: {
      platform: 'request-tracker',
      url: RT_URL,
      tier: 'self-hosted',
      authKind: 'basic',
      credentials: {username: {value: settings.credentials.username!}, password: {env: 'FERRY_IT_RT_PASSWORD'}},
    },
    env: {FERRY_IT_RT_PASSWORD: settings.credentials.password!},
  };
}

/** The plan endpoint for an emulator; its secrets go to `env` under FERRY_IT_<SIDE>_<KEY>. */
export function emulatorEndpoint(emulator: RunningEmulator, platform: string, side: 'SOURCE' | 'TARGET'): {endpoint: Endpoint; env: Record<string, string>} {
  return demoEmulatorEndpoint(emulator, platform, `FERRY_IT_${side}`);
}

export function migrationFolder(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'ferry-rt-it-'));
}

export function readJournal<T>(dir: string, read: (journal: Journal) => T): T {
  const journal = Journal.inFolder(dir);
  try {
    return read(journal);
  } finally {
    journal.close();
  }
}

/** An emulator's neutral records (attachments carry sha256). */
export async function emulatorRecords<T = any>(url: string, type: string): Promise<T[]> {
  const response = await fetch(`${url}/__emulator/records/${type}`);
  if (!response.ok) throw new Error(`${url}/__emulator/records/${type}: ${response.status}`);
  const body = (await response.json()) as unknown;
  return (Array.isArray(body) ? body : (body as {records: T[]}).records) as T[];
}

// ---- Looking into RT directly (REST 2.0), independent of the connector ---------------

export async function rtGet<T = any>(pathAndQuery: string): Promise<T> {
  const response = await fetch(`${RT_URL}/REST/2.0${pathAndQuery}`, {
    headers: {...requestTrackerConnector.authHeaders(basicSettings()), 'Content-Type': 'application/json'},
    signal: AbortSignal.timeout(60_000),
  });
  if (!response.ok) throw new Error(`RT GET ${pathAndQuery}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Every item of an RT collection, all pages. */
export async function rtAll<T = any>(pathAndQuery: string): Promise<T[]> {
  const out: T[] = [];
  const joiner = pathAndQuery.includes('?') ? '&' : '?';
  for (let page = 1; ; page++) {
    const body = await rtGet<{items: T[]; next_page?: string}>(`${pathAndQuery}${joiner}per_page=100&page=${page}`);
    out.push(...body.items);
    if (!body.next_page || body.items.length === 0) return out;
  }
}

/** Tickets matching TicketSQL, with the fields asked for. */
export function rtTickets<T = any>(query: string, fields = 'Subject,Status,Requestor,CustomFields'): Promise<T[]> {
  return rtAll<T>(`/tickets?query=${encodeURIComponent(query)}&fields=${fields}&orderby=id`);
}

export interface RtMessage {
  transactionId: string;
  type: string;
  /** The text/html or text/plain body part */
  body: string;
  files: Array<{fileName: string; bytes: Buffer}>;
}

/**
 * An attachment as RT's own web UI serves it for download (RT::Attachment::OriginalContent),
 * independent of the connector: RT converts text parts to UTF-8 when storing them and
 * converts them back here. RT logs the request in with the user/pass parameters.
 */
export async function rtDownload(transactionId: string, attachmentId: string, fileName: string): Promise<Buffer> {
  const settings = basicSettings();
  const login = new URLSearchParams({user: settings.credentials.username!, pass: settings.credentials.password!});
  const response = await fetch(`${RT_URL}/Ticket/Attachment/${transactionId}/${attachmentId}/${encodeURIComponent(fileName)}?${login}`, {signal: AbortSignal.timeout(60_000)});
  if (!response.ok) throw new Error(`RT download of attachment ${attachmentId}: ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** A ticket's correspondence and comments in order, with the bytes of every named part. */
export async function rtMessages(ticketId: string): Promise<RtMessage[]> {
  const history = await rtAll<{id: string; Type: string}>(`/ticket/${ticketId}/history?fields=Type&orderby=id`);
  const messages: RtMessage[] = [];
  for (const txn of history.filter((item) => ['Create', 'Correspond', 'Comment'].includes(item.Type))) {
    const parts = await rtAll<{id: string; Filename?: string; ContentType?: string}>(`/transaction/${txn.id}/attachments?fields=Filename,ContentType`);
    const message: RtMessage = {transactionId: String(txn.id), type: txn.Type, body: '', files: []};
    for (const part of parts) {
      if (part.Filename) message.files.push({fileName: part.Filename, bytes: await rtDownload(txn.id, part.id, part.Filename)});
      else if (/^text\//.test(part.ContentType ?? '') && !message.body) {
        const full = await rtGet<{Content?: string}>(`/attachment/${part.id}`);
        message.body = Buffer.from(full.Content ?? '', 'base64').toString('utf8');
      }
    }
    messages.push(message);
  }
  return messages;
}

/** Agents as a real target has them: privileged RT users with the source agents' emails. */
export async function createRtAgents(agents: Array<{name: string; email?: string}>): Promise<void> {
  for (const agent of agents) {
    if (!agent.email) continue;
    const response = await fetch(`${RT_URL}/REST/2.0/user`, {
      method: 'POST',
      headers: {...requestTrackerConnector.authHeaders(basicSettings()), 'Content-Type': 'application/json'},
      body: JSON.stringify({Name: agent.email, EmailAddress: agent.email, RealName: agent.name, Privileged: 1}),
    });
    if (response.status !== 201) throw new Error(`creating RT agent ${agent.email}: ${response.status} ${await response.text()}`);
  }
}

/** Visible text of an HTML body: tags and HTML comments out, entities decoded, spaces collapsed. */
export function visibleText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Custom field values compared across platforms: text values, sorted; dates by day. */
export function fieldValues(value: unknown, type?: string): string[] | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const list = (Array.isArray(value) ? value : [value]).map(String);
  if (!list.length) return undefined;
  return list.map((item) => (type === 'date' ? item.slice(0, 10) : item)).sort();
}
