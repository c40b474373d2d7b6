// Column mapping: source headers beside Advocate's fields, matched automatically
// where names agree, with presets for common legacy exports. Preset columns come
// from the vendors' documented exports (research notes §2); where the exact header
// strings were uncertain, several spellings are listed.
import fs from 'node:fs';
import {TARGET_FIELDS, type FileKind} from './fields.js';
import {advise, type AdviceId, type Audience} from './advice.js';

export interface FileMapping {
  /** Advocate field -> source header */
  columns: Record<string, string>;
  /** custom field name (after `customFields.`) -> source header */
  customFields: Record<string, string>;
  /** Rows whose column matches the pattern are left out (e.g. affiliates, undistributed rewards) */
  excludeRules: ExcludeRule[];
}

export interface ExcludeRule {
  column: string;
  /** Case-insensitive regular expression on the cell */
  pattern: string;
  reason: string;
}

export interface ConversionOptions {
  dateFormat?: string;
  timeZone?: string;
  /** Plain integers in money columns are major units (dollars) rather than cents */
  majorUnits?: boolean;
  defaultCurrency?: string;
  /** Advocate program the history belongs to (required in referral import lines) */
  programId: string;
  /** Who reads the conversion's advice (set by the run, not by mapping files) */
  audience?: Audience;
}

export interface Preset {
  name: string;
  title: string;
  /** Advocate field -> candidate headers, first match wins */
  columns: Partial<Record<FileKind, Record<string, string[]>>>;
  customFields?: Partial<Record<FileKind, Record<string, string[]>>>;
  excludeRules?: Partial<Record<FileKind, ExcludeRule[]>>;
  options?: Partial<ConversionOptions>;
  note: string;
  /** How to change what the note says, in the words of where it is read (advice.ts) */
  noteAdvice?: AdviceId[];
}

export const PRESETS: Preset[] = [
  {
    name: 'friendbuy',
    title: 'Friendbuy (Advocate Rewards report, account credit export)',
    columns: {
      users: {email: ['Customer Email', 'Advocate Email', 'Email'], firstName: ['First Name', 'Advocate First Name'], lastName: ['Last Name', 'Advocate Last Name'], referralCode: ['Referral Code'], dateCreated: ['Date', 'Created Date']},
      referrals: {'referrerUser.id': ['Advocate Email', 'Customer Email'], 'referredUser.id': ['Friend Email'], dateReferralStarted: ['Date', 'Share Date'], dateConverted: ['Friend Order Date', 'Purchase Date']},
      rewards: {userId: ['Advocate Email', 'Customer Email'], referredUserId: ['Friend Email'], assignedCredit: ['Reward Amount', 'Transaction Amount'], unit: ['Currency'], name: ['Reward Type', 'Details / Reason'], dateGiven: ['Reward Delivery Date', 'Date']},
    },
    customFields: {users: {friendbuyCustomerId: ['Customer ID', 'Advocate Customer ID']}},
    excludeRules: {rewards: [{column: 'Status', pattern: '^(pending|rejected|not eligible)$', reason: 'reward was not distributed'}, {column: 'Credit Source', pattern: '^(redemption|reversal|credit expiration)$', reason: 'not a reward grant'}]},
    options: {majorUnits: true},
    note: 'Amounts are decimal major units; the Status filter keeps only distributed rewards.',
  },
  {
    name: 'mention-me',
    title: 'Mention Me (CRM feed)',
    columns: {
      users: {email: ['Customer Email'], firstName: ['Customer Firstname'], lastName: ['Customer Surname'], dateCreated: ['Customer Recognised Date']},
      referrals: {'referredUser.id': ['Customer Email'], 'referrerUser.id': ['Referred By Customer Email'], dateReferralStarted: ['Referred Date', 'Referred Signed Up Date'], dateConverted: ['Referred Qualified Date']},
      rewards: {userId: ['Referred By Customer Email'], referredUserId: ['Customer Email'], dateGiven: ['Referred Rewarded Date'], assignedCredit: ['Reward Amount', 'Referrer Reward Amount'], unit: ['Reward Currency', 'Currency'], name: ['Reward Description', 'Referred Situation']},
    },
    customFields: {users: {merchantCustomerId: ['Merchant Customer ID'], optedInToMarketingEmail: ['Opted In To Marketing Email']}},
    // The feed's DateTime format is not documented publicly: UK day-first is assumed; ISO still parses.
    options: {dateFormat: 'DD/MM/YYYY HH:mm', timeZone: 'Europe/London', majorUnits: true},
    note: 'Dates assumed day-first in Europe/London unless ISO.',
    noteAdvice: ['dateFormat', 'timeZone'],
  },
  {
    name: 'extole',
    title: 'Extole (Successful Advocates / Referred Friends / rewards reports)',
    columns: {
      users: {email: ['Email', 'Advocate Email'], firstName: ['First Name'], lastName: ['Last Name'], imageUrl: ['Person Image URL'], dateCreated: ['First Action Date', 'Most Recent Action Date']},
      referrals: {'referrerUser.id': ['Advocate Email'], 'referredUser.id': ['Friend Email', 'Email'], dateReferralStarted: ['Referred Date'], dateConverted: ['Transacted Date']},
      rewards: {userId: ['Advocate Email', 'Email'], referredUserId: ['Friend Email'], assignedCredit: ['Reward Value', 'Reward Amount'], unit: ['Currency', 'Reward Currency'], name: ['Reward Name', 'Reward Type'], dateGiven: ['Reward Date', 'Date Earned']},
    },
    customFields: {users: {extolePersonId: ['Advocate Person ID'], partnerUserId: ['Partner User ID']}},
    excludeRules: {users: [{column: 'Advocate Audience', pattern: 'affiliate', reason: 'affiliate (paid by the affiliate program)'}], rewards: [{column: 'Advocate Audience', pattern: 'affiliate', reason: 'affiliate (paid by the affiliate program)'}]},
    options: {majorUnits: true},
    note: 'Affiliates (Advocate Audience) are left out so no one is rewarded twice.',
  },
];

/** A preset's note with its advice for the console or the CLI. */
export function presetNote(preset: Preset, audience: Audience = 'cli'): string {
  const advice = (preset.noteAdvice ?? []).map((id) => advise(id, audience));
  return advice.length ? `${preset.note} To change it: ${advice.join('; ')}.` : preset.note;
}

export function findPreset(name: string | undefined): Preset | undefined {
  if (!name) return undefined;
  const key = normalize(name);
  return PRESETS.find((preset) => normalize(preset.name) === key);
}

export function normalize(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9.]+/g, ' ').trim();
}

/** Match headers to Advocate's fields by name, alias and preset; email doubles as id and account id. */
export function autoMap(kind: FileKind, headers: string[], preset?: Preset): FileMapping {
  const byNormal = new Map<string, string>();
  for (const header of headers) if (header && !byNormal.has(normalize(header))) byNormal.set(normalize(header), header);
  const columns: Record<string, string> = {};
  const used = new Set<string>();
  const take = (field: string, header: string | undefined) => {
    if (header && !(field in columns)) {
      columns[field] = header;
      used.add(header);
    }
  };
  for (const [field, candidates] of Object.entries(preset?.columns[kind] ?? {})) take(field, candidates.map((c) => byNormal.get(normalize(c))).find(Boolean));
  for (const field of TARGET_FIELDS[kind]) {
    if (field.name in columns) continue;
    const names = [field.name, field.label, ...(field.aliases ?? [])].map(normalize);
    take(field.name, names.map((name) => byNormal.get(name)).find((h) => h && !used.has(h)));
  }
  fillIdsFromEmail(kind, columns);
  const customFields: Record<string, string> = {};
  for (const [name, candidates] of Object.entries(preset?.customFields?.[kind] ?? {})) {
    const header = candidates.map((c) => byNormal.get(normalize(c))).find(Boolean);
    if (header) customFields[name] = header;
  }
  for (const header of headers) {
    const custom = /^(?:customFields\.|custom:)(.+)$/i.exec(header);
    if (custom) customFields[custom[1]!] = header;
  }
  return {columns, customFields, excludeRules: [...(preset?.excludeRules?.[kind] ?? [])]};
}

/** The guide's rule: email as both user id and account id; account id defaults to the user id. */
function fillIdsFromEmail(kind: FileKind, columns: Record<string, string>) {
  if (kind === 'users') {
    if (!columns.id && columns.email) columns.id = columns.email;
    if (!columns.accountId && columns.id) columns.accountId = columns.id;
  } else if (kind === 'referrals') {
    if (!columns['referredUser.accountId'] && columns['referredUser.id']) columns['referredUser.accountId'] = columns['referredUser.id'];
    if (!columns['referrerUser.accountId'] && columns['referrerUser.id']) columns['referrerUser.accountId'] = columns['referrerUser.id'];
  } else if (!columns.accountId && columns.userId) columns.accountId = columns.userId;
}

export interface MappingFile {
  preset?: string;
  options?: Partial<ConversionOptions>;
  users?: Partial<FileMapping>;
  referrals?: Partial<FileMapping>;
  rewards?: Partial<FileMapping>;
}

/** A saved mapping (--mapping FILE.json) overrides the automatic one field by field. */
export function readMappingFile(path: string): MappingFile {
  const parsed = JSON.parse(fs.readFileSync(path, 'utf8')) as unknown;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${path}: a mapping file is a JSON object`);
  return parsed as MappingFile;
}

export function mergeMapping(base: FileMapping, override: Partial<FileMapping> | undefined): FileMapping {
  if (!override) return base;
  return {
    columns: {...base.columns, ...override.columns},
    customFields: {...base.customFields, ...override.customFields},
    excludeRules: [...base.excludeRules, ...(override.excludeRules ?? [])],
  };
}
