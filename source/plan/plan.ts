// The migration plan (plan.json in the migration folder): what moves where, how it
// is mapped, and where each secret comes from. Validation names the bad field and
// says what would be right; secrets themselves are never accepted in the plan.
import {existsSync, readFileSync, writeFileSync, renameSync} from 'node:fs';
import path from 'node:path';
import type {Options} from '../contracts/options.js';
import {PlanError} from '../contracts/errors.js';
import {RECORD_TYPES, TICKET_KINDS, TICKET_PRIORITIES, TICKET_STATUSES, type RecordType, type TicketPriority, type TicketStatus, type TicketKind} from '../contracts/model.js';
import type {Connector, PlatformCatalog} from '../contracts/connector.js';

/** Where a credential's value comes from. Non-secret values may be written inline. */
export type CredentialSource = {env: string} | {store: string} | {value: string};

export interface Endpoint {
  platform: string;
  url: string;
  tier: string;
  /** A custom requests-per-minute limit overriding the tier's */
  requestsPerMinute?: number;
  authKind: string;
  credentials: Record<string, CredentialSource>;
}

export interface Filters {
  createdFrom?: string;
  createdTo?: string;
  tags?: string[];
  /** Source group ids or names */
  groups?: string[];
  /** Source organization ids or names */
  organizations?: string[];
  /** Source agent ids or emails */
  assignees?: string[];
  /** Source ticket-field id or title -> accepted values */
  customFields?: Record<string, string[]>;
  /** Migrate only the contacts and organizations that migrated tickets reference */
  onlyReferencedPeople?: boolean;
}

export interface AgentMap {
  /** Match source agents to target agents by email */
  auto: boolean;
  /** Source agent id or email -> target agent id or email */
  manual: Record<string, string>;
  /** Target agent (id or email) for source agents with no match */
  fallback?: string;
}

export interface FieldMap {
  /** Source ticket-field id -> target field id, or 'create' (default: match by title, else create), or 'skip' */
  fields: Record<string, string>;
  statuses: Partial<Record<TicketStatus, TicketStatus>>;
  priorities: Partial<Record<TicketPriority, TicketPriority>>;
  kinds: Partial<Record<TicketKind, TicketKind>>;
  /** Source field id -> (source option value -> target option value) */
  values: Record<string, Record<string, string>>;
  /** Target field id or title -> value for required target fields the source lacks or leaves empty */
  defaults: Record<string, string>;
}

export type {Options} from '../contracts/options.js';

export interface Plan {
  version: 1;
  name: string;
  source: Endpoint;
  target: Endpoint;
  recordTypes: RecordType[];
  filters: Filters;
  agentMap: AgentMap;
  /** Source group id or name -> target group id or name; unmapped groups match by name or are created */
  groupMap: Record<string, string>;
  fieldMap: FieldMap;
  options: Options;
  /** A demo run's size; `ticketIds`: the source tickets to try instead of the first `tickets` ones */
  demo: {tickets: number; articles: number; ticketIds?: string[]};
}

export const DEFAULT_OPTIONS: Options = {
  tagMigrated: 'ferry-migrated',
  sourceIdInSubject: false,
  ccTo: 'note',
  eventsAsNotes: false,
  skipAttachments: false,
  skipInlineImages: false,
  migrateInactiveUsers: false,
  matchExisting: true,
  updateExisting: false,
  closedTicketUpdates: 'followup',
  undoPermanently: false,
};

export function defaultPlan(source: Endpoint, target: Endpoint): Plan {
  return {
    version: 1,
    name: `${source.platform} to ${target.platform}`,
    source,
    target,
    recordTypes: [...RECORD_TYPES],
    filters: {},
    agentMap: {auto: true, manual: {}},
    groupMap: {},
    fieldMap: {fields: {}, statuses: {}, priorities: {}, kinds: {}, values: {}, defaults: {}},
    options: {...DEFAULT_OPTIONS},
    demo: {tickets: 20, articles: 20},
  };
}

export const planPath = (dir: string) => path.join(dir, 'plan.json');

/**
 * The platforms plans may name. The plan layer knows no connector: the app's registry
 * (source/app/registry.ts) registers itself here when it loads, so validation can check
 * platforms, tiers, auth kinds and credential keys without this module loading connectors.
 */
let registered: PlatformCatalog | undefined;
export function registerPlatforms(catalog: PlatformCatalog) {
  registered = catalog;
}
/** The registered connector of a platform id (undefined for an unknown one). */
export function platformConnector(id: string): Connector | undefined {
  return registered?.find(id);
}
function platforms(): PlatformCatalog {
  if (!registered) throw new Error('No platform catalog: load source/app/registry.ts before reading plans.');
  return registered;
}

export function loadPlan(dir: string): Plan {
  const file = planPath(dir);
  if (!existsSync(file)) throw new PlanError(`No plan in ${dir}: there is no plan.json.`, 'plan.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PlanError(`${file} is not valid JSON: ${(error as Error).message}`, 'plan.json');
  }
  return validatePlan(raw);
}

export function savePlan(dir: string, plan: Plan) {
  validatePlan(plan);
  const file = planPath(dir);
  // Write then rename, so a crash never leaves half a plan.
  writeFileSync(file + '.tmp', JSON.stringify(plan, null, 2) + '\n', {mode: 0o600});
  renameSync(file + '.tmp', file);
}

const STATUSES: readonly TicketStatus[] = TICKET_STATUSES;
const PRIORITIES: readonly TicketPriority[] = TICKET_PRIORITIES;
const KINDS: readonly TicketKind[] = TICKET_KINDS;

/**
 * Every key a plan may hold, by where it sits: a key not listed is a mistake (a typo would
 * otherwise be ignored and the run would migrate more than meant). Maps whose keys are the
 * user's (groupMap, agentMap.manual, fieldMap.*, filters.customFields) are not listed.
 */
export const KNOWN_KEYS: Record<string, readonly string[]> = {
  plan: ['version', 'name', 'source', 'target', 'recordTypes', 'filters', 'agentMap', 'groupMap', 'fieldMap', 'options', 'demo'],
  endpoint: ['platform', 'url', 'tier', 'requestsPerMinute', 'authKind', 'credentials'],
  credential: ['env', 'store', 'value'],
  filters: ['createdFrom', 'createdTo', 'tags', 'groups', 'organizations', 'assignees', 'customFields', 'onlyReferencedPeople'],
  agentMap: ['auto', 'manual', 'fallback'],
  fieldMap: ['fields', 'statuses', 'priorities', 'kinds', 'values', 'defaults'],
  options: ['tagMigrated', 'sourceIdInSubject', 'ccTo', 'ccField', 'eventsAsNotes', 'skipAttachments', 'skipInlineImages', 'migrateInactiveUsers', 'matchExisting', 'updateExisting', 'fallbackRequester', 'closedTicketUpdates', 'undoPermanently'],
  demo: ['tickets', 'articles', 'ticketIds'],
};

/** Words people write for a known key, where spelling alone would point elsewhere. */
const SYNONYMS: Record<string, string> = {
  createdafter: 'createdFrom', createdsince: 'createdFrom', createdstart: 'createdFrom', from: 'createdFrom', since: 'createdFrom', after: 'createdFrom', startdate: 'createdFrom',
  createdbefore: 'createdTo', createduntil: 'createdTo', createdend: 'createdTo', to: 'createdTo', until: 'createdTo', before: 'createdTo', enddate: 'createdTo',
  tag: 'tags', group: 'groups', organization: 'organizations', organisations: 'organizations', orgs: 'organizations', assignee: 'assignees', agents: 'assignees',
  types: 'recordTypes', records: 'recordTypes', groupmapping: 'groupMap', fieldmapping: 'fieldMap', agentmapping: 'agentMap', token: 'credentials', auth: 'authKind', plan: 'tier',
};

/** The known key closest to `key`: a synonym, else the nearest by edit distance. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const synonym = SYNONYMS[key.toLowerCase().replace(/[^a-z]/g, '')];
  if (synonym && known.includes(synonym)) return synonym;
  // A key written out or cut short ("environment" for "env", "tag" for "tags").
  const lower = key.toLowerCase();
  const prefix = known.find((candidate) => candidate.length >= 3 && (lower.startsWith(candidate.toLowerCase()) || candidate.toLowerCase().startsWith(lower)) && lower.length >= 3);
  if (prefix) return prefix;
  let best: {key: string; distance: number} | undefined;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = {key: candidate, distance};
  }
  // Nothing close (more than half the letters differ): no suggestion rather than a wrong one.
  return best && best.distance <= Math.max(2, Math.ceil(key.length / 2)) ? best.key : undefined;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({length: b.length + 1}, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** Checks every field; throws PlanError naming the first bad one. Fills defaults for missing optional parts. */
export function validatePlan(raw: unknown): Plan {
  const v = new Validator();
  const plan = v.object(raw, 'plan');
  v.known(plan, '', KNOWN_KEYS.plan!);
  if (plan.version !== 1) v.fail('version', `must be 1 (got ${JSON.stringify(plan.version)})`);
  const source = endpoint(v, plan.source, 'source', 'source');
  const target = endpoint(v, plan.target, 'target', 'target');
  const recordTypes = v.array(plan.recordTypes ?? [...RECORD_TYPES], 'recordTypes').map((type, index) => {
    if (!RECORD_TYPES.includes(type as RecordType)) v.fail(`recordTypes[${index}]`, `"${type}" is not a record type; use one of ${RECORD_TYPES.join(', ')}`);
    return type as RecordType;
  });
  const filters = v.object(plan.filters ?? {}, 'filters') as Filters;
  v.known(filters, 'filters', KNOWN_KEYS.filters!);
  if (filters.customFields !== undefined)
    for (const [key, values] of Object.entries(v.object(filters.customFields, 'filters.customFields'))) v.stringArray(values, `filters.customFields.${key}`);
  if (filters.onlyReferencedPeople !== undefined && typeof filters.onlyReferencedPeople !== 'boolean') v.fail('filters.onlyReferencedPeople', 'must be true or false');
  for (const key of ['createdFrom', 'createdTo'] as const)
    if (filters[key] !== undefined && Number.isNaN(Date.parse(String(filters[key])))) v.fail(`filters.${key}`, `"${filters[key]}" is not a date; write it like 2024-01-31`);
  for (const key of ['tags', 'groups', 'organizations', 'assignees'] as const) if (filters[key] !== undefined) v.stringArray(filters[key], `filters.${key}`);
  const agentMap = v.object(plan.agentMap ?? {auto: true, manual: {}}, 'agentMap');
  v.known(agentMap, 'agentMap', KNOWN_KEYS.agentMap!);
  const fieldMapRaw = v.object(plan.fieldMap ?? {}, 'fieldMap');
  v.known(fieldMapRaw, 'fieldMap', KNOWN_KEYS.fieldMap!);
  const fieldMap: FieldMap = {
    fields: v.stringMap(fieldMapRaw.fields ?? {}, 'fieldMap.fields'),
    statuses: v.enumMap(fieldMapRaw.statuses ?? {}, 'fieldMap.statuses', STATUSES),
    priorities: v.enumMap(fieldMapRaw.priorities ?? {}, 'fieldMap.priorities', PRIORITIES),
    kinds: v.enumMap(fieldMapRaw.kinds ?? {}, 'fieldMap.kinds', KINDS),
    values: Object.fromEntries(Object.entries(v.object(fieldMapRaw.values ?? {}, 'fieldMap.values')).map(([key, map]) => [key, v.stringMap(map, `fieldMap.values.${key}`)])),
    defaults: v.stringMap(fieldMapRaw.defaults ?? {}, 'fieldMap.defaults'),
  };
  const optionsRaw = {...DEFAULT_OPTIONS, ...v.object(plan.options ?? {}, 'options')} as Options;
  v.known(optionsRaw, 'options', KNOWN_KEYS.options!);
  for (const key of ['sourceIdInSubject', 'eventsAsNotes', 'skipAttachments', 'skipInlineImages', 'migrateInactiveUsers', 'matchExisting', 'updateExisting'] as const)
    if (typeof optionsRaw[key] !== 'boolean') v.fail(`options.${key}`, 'must be true or false');
  if (typeof optionsRaw.undoPermanently !== 'boolean') v.fail('options.undoPermanently', 'must be true or false');
  if (!['followup', 'skip'].includes(optionsRaw.closedTicketUpdates)) v.fail('options.closedTicketUpdates', 'must be "followup" or "skip"');
  if (!['note', 'field', 'drop'].includes(optionsRaw.ccTo)) v.fail('options.ccTo', 'must be "note", "field" or "drop"');
  if (optionsRaw.ccTo === 'field' && !optionsRaw.ccField) v.fail('options.ccField', 'names the target field for CC addresses when options.ccTo is "field"');
  if (typeof optionsRaw.tagMigrated !== 'string') v.fail('options.tagMigrated', 'must be a tag (text), or "" for none');
  const demo = v.object(plan.demo ?? {tickets: 20, articles: 20}, 'demo');
  v.known(demo, 'demo', KNOWN_KEYS.demo!);
  for (const key of ['tickets', 'articles'])
    if (!Number.isInteger(demo[key]) || (demo[key] as number) < 0) v.fail(`demo.${key}`, 'must be a whole number');
  if (demo.ticketIds !== undefined && !v.stringArray(demo.ticketIds, 'demo.ticketIds').length) v.fail('demo.ticketIds', 'names at least one source ticket id (or leave it out for the first demo.tickets tickets)');
  return {
    version: 1,
    name: typeof plan.name === 'string' ? plan.name : `${source.platform} to ${target.platform}`,
    source,
    target,
    recordTypes,
    filters,
    agentMap: {
      auto: agentMap.auto !== false,
      manual: v.stringMap(agentMap.manual ?? {}, 'agentMap.manual'),
      ...(agentMap.fallback !== undefined ? {fallback: v.string(agentMap.fallback, 'agentMap.fallback')} : {}),
    },
    groupMap: v.stringMap(plan.groupMap ?? {}, 'groupMap'),
    fieldMap,
    options: optionsRaw,
    demo: demo as Plan['demo'],
  };
}

function endpoint(v: Validator, raw: unknown, field: string, role: 'source' | 'target'): Endpoint {
  const e = v.object(raw, field);
  v.known(e, field, KNOWN_KEYS.endpoint!);
  const platform = v.string(e.platform, `${field}.platform`);
  const connector = platforms().find(platform);
  if (!connector) v.fail(`${field}.platform`, `"${platform}" is not a platform ferry knows; use one of ${platforms().ids().join(', ')}`);
  if (!connector!.roles.includes(role)) v.fail(`${field}.platform`, `${connector!.label} cannot be a ${role}`);
  const url = v.string(e.url, `${field}.url`);
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    v.fail(`${field}.url`, `"${url}" is not a URL; write it like ${connector!.baseUrlHint}`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed!.hostname);
  if (parsed!.protocol !== 'https:' && !loopback) v.fail(`${field}.url`, 'must use https (plain http is only accepted for a local emulator or server on this machine)');
  const tier = typeof e.tier === 'string' ? e.tier : connector!.defaultTier;
  if (!connector!.tiers[tier]) v.fail(`${field}.tier`, `"${tier}" is not a ${connector!.label} plan; use one of ${Object.keys(connector!.tiers).join(', ')}`);
  if (e.requestsPerMinute !== undefined && !(typeof e.requestsPerMinute === 'number' && e.requestsPerMinute > 0))
    v.fail(`${field}.requestsPerMinute`, 'must be a positive number of requests per minute');
  const authKind = typeof e.authKind === 'string' ? e.authKind : connector!.authKinds[0]!.id;
  if (!connector!.authKinds.some((kind) => kind.id === authKind))
    v.fail(`${field}.authKind`, `"${authKind}" is not an auth kind of ${connector!.label}; use one of ${connector!.authKinds.map((k) => k.id).join(', ')}`);
  const credsRaw = v.object(e.credentials ?? {}, `${field}.credentials`);
  const credentials: Record<string, CredentialSource> = {};
  // Keys of the platform's other auth kinds are tolerated (a plan switched from one to the other keeps them unused).
  v.known(credsRaw, `${field}.credentials`, connector!.credentials.map((spec) => spec.key), ` for ${connector!.label}`);
  for (const spec of connector!.credentials) {
    if (spec.authKinds && !spec.authKinds.includes(authKind)) continue;
    const name = `${field}.credentials.${spec.key}`;
    const value = credsRaw[spec.key];
    if (value === undefined) {
      if (spec.required) v.fail(name, `is missing: say where ${spec.label} comes from, e.g. {"env": "FERRY_${role.toUpperCase()}_${spec.key.toUpperCase()}"}`);
      continue;
    }
    const src = v.object(value, name);
    // A source of no known form is named as a whole below; a known form with more keys here.
    if (KNOWN_KEYS.credential!.some((key) => key in src)) v.known(src, name, KNOWN_KEYS.credential!);
    if ('value' in src) {
      if (spec.secret) v.fail(name, `is a secret and cannot be written in the plan; use {"env": "VARIABLE"} or {"store": "name"} (ferry keeps the store readable only by you)`);
      credentials[spec.key] = {value: v.string(src.value, `${name}.value`)};
    } else if ('env' in src) credentials[spec.key] = {env: v.string(src.env, `${name}.env`)};
    else if ('store' in src) credentials[spec.key] = {store: v.string(src.store, `${name}.store`)};
    else v.fail(name, 'must be {"env": "VARIABLE"}, {"store": "name"} or, for a non-secret, {"value": "..."}');
  }
  return {platform, url: url.replace(/\/$/, ''), tier, authKind, credentials, ...(e.requestsPerMinute !== undefined ? {requestsPerMinute: e.requestsPerMinute as number} : {})};
}

class Validator {
  fail(field: string, message: string): never {
    throw new PlanError(`plan.json: ${field} ${message}`, field);
  }
  /** An unknown key is an error naming it and the closest known one. */
  known(object: object, at: string, keys: readonly string[], where = '') {
    for (const key of Object.keys(object)) {
      if (keys.includes(key)) continue;
      const near = closestKey(key, keys);
      const field = at ? `${at}.${key}` : key;
      this.fail(field, `is not a key ferry knows${where}${near ? `: did you mean ${at ? `${at}.` : ''}${near}?` : ''} (known: ${keys.join(', ')})`);
    }
  }
  object(raw: unknown, field: string): Record<string, any> {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) this.fail(field, `must be an object (got ${raw === null ? 'null' : Array.isArray(raw) ? 'a list' : typeof raw})`);
    return raw as Record<string, any>;
  }
  array(raw: unknown, field: string): unknown[] {
    if (!Array.isArray(raw)) this.fail(field, 'must be a list');
    return raw as unknown[];
  }
  string(raw: unknown, field: string): string {
    if (typeof raw !== 'string' || raw.trim() === '') this.fail(field, 'must be non-empty text');
    return raw as string;
  }
  stringArray(raw: unknown, field: string): string[] {
    return this.array(raw, field).map((item, index) => this.string(item, `${field}[${index}]`));
  }
  stringMap(raw: unknown, field: string): Record<string, string> {
    const object = this.object(raw, field);
    for (const [key, value] of Object.entries(object)) this.string(value, `${field}.${key}`);
    return object as Record<string, string>;
  }
  enumMap<T extends string>(raw: unknown, field: string, allowed: readonly T[]): Partial<Record<T, T>> {
    const object = this.stringMap(raw, field);
    for (const [key, value] of Object.entries(object)) {
      if (!allowed.includes(key as T)) this.fail(`${field}.${key}`, `: "${key}" is not one of ${allowed.join(', ')}`);
      if (!allowed.includes(value as T)) this.fail(`${field}.${key}`, `: "${value}" is not one of ${allowed.join(', ')}`);
    }
    return object as Partial<Record<T, T>>;
  }
}
