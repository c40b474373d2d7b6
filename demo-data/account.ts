// The demo account: what the emulators serve. `generate.ts` writes it
// deterministically to account.json; emulators seed themselves from it,
// translating the neutral model into their platform's own shapes.
import {readFileSync} from 'node:fs';
import type {Group, KbArticle, KbCategory, KbSection, Organization, Person, Ticket, TicketField} from '../source/contracts/model.js';

export interface AccountSnapshot {
  ticketFields: TicketField[];
  groups: Group[];
  organizations: Organization[];
  agents: Person[];
  contacts: Person[];
  tickets: Ticket[];
  kbCategories: KbCategory[];
  kbSections: KbSection[];
  kbArticles: KbArticle[];
  /** Attachment contents by attachment id: bytes are made from the seed (see attachmentBytes) */
  attachmentContents: Record<string, {seed: number; size: number}>;
  /** Contact and organization custom field definitions (keys the people's `customFields` use);
   * absent: none. Emulators serve them as their platform's contact and company field lists. */
  contactFields?: Array<{key: string; title: string}>;
  organizationFields?: Array<{key: string; title: string}>;
  /** Ids of contacts that were deleted from the account (tickets may still name them) */
  deletedContactIds: string[];
}

export interface DemoAccount {
  /** The account the demo migrates from */
  source: AccountSnapshot;
  /** What already exists on the demo target before migrating (agents, a few matching records) */
  target: AccountSnapshot;
}

const accountPath = new URL('./account.json', import.meta.url);
let cached: DemoAccount | undefined;

export function loadDemoAccount(): DemoAccount {
  cached ??= JSON.parse(readFileSync(accountPath, 'utf8')) as DemoAccount;
  return cached;
}

/** Deterministic attachment bytes: the same seed and size always give the same content. */
export function attachmentBytes(seed: number, size: number): Buffer {
  const out = Buffer.alloc(size);
  // xorshift32: fast enough for a 30 MB attachment, and never all zeroes.
  let state = (seed ^ 0x9e3779b9) >>> 0 || 1;
  let offset = 0;
  for (; offset + 4 <= size; offset += 4) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out.writeUInt32LE(state >>> 0, offset);
  }
  for (; offset < size; offset++) out[offset] = (state >>> (8 * (offset % 4))) & 0xff;
  return out;
}

export function emptySnapshot(): AccountSnapshot {
  return {
    ticketFields: [],
    groups: [],
    organizations: [],
    agents: [],
    contacts: [],
    tickets: [],
    kbCategories: [],
    kbSections: [],
    kbArticles: [],
    attachmentContents: {},
    deletedContactIds: [],
  };
}
