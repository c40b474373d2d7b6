// A target emulator's whole account as its API shows it, for "exactly as before" comparisons:
// every record type in the neutral model (/__emulator/records) and, where the emulator has them,
// its native shapes (/__emulator/raw), so a changed field anywhere shows as a difference.
import {RECORD_TYPES} from '../../source/contracts/model.js';
import {getRetrying} from './get-json.js';

const RAW_KINDS: Record<string, string[]> = {
  freshdesk: ['tickets', 'contacts', 'companies', 'groups', 'ticket_fields', 'articles', 'categories', 'folders'],
  freshservice: ['tickets', 'requesters', 'departments', 'groups', 'ticket_fields', 'categories', 'folders', 'articles'],
  helpscout: ['conversations', 'customers'],
  front: ['conversations', 'contacts', 'accounts', 'tags'],
  intercom: ['conversations', 'tickets', 'contacts', 'companies', 'collections', 'articles', 'attributes', 'tags', 'archived'],
  zendesk: [],
};

export type Snapshot = Record<string, unknown>;

export async function snapshotTarget(url: string, platform: string): Promise<Snapshot> {
  const snapshot: Snapshot = {};
  for (const type of RECORD_TYPES) {
    const response = await getRetrying(`${url}/__emulator/records/${type}`);
    snapshot[`records/${type}`] = response.ok ? await response.json() : `status ${response.status}`;
  }
  for (const kind of RAW_KINDS[platform] ?? []) {
    const response = await getRetrying(`${url}/__emulator/raw/${kind}`);
    if (!response.ok) throw new Error(`${url}/__emulator/raw/${kind}: ${response.status}`);
    snapshot[`raw/${kind}`] = await response.json();
  }
  return snapshot;
}

/** The paths at which two snapshots differ (at most `limit`), for a test's message. */
export function differences(before: unknown, after: unknown, limit = 12, at = ''): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (before && after && typeof before === 'object' && typeof after === 'object') {
    const out: string[] = [];
    const keys = new Set([...Object.keys(before as object), ...Object.keys(after as object)]);
    for (const key of keys) {
      out.push(...differences((before as any)[key], (after as any)[key], limit - out.length, `${at}/${key}`));
      if (out.length >= limit) break;
    }
    return out;
  }
  return [`${at}: ${JSON.stringify(before)?.slice(0, 120)} -> ${JSON.stringify(after)?.slice(0, 120)}`];
}
