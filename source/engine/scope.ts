// Which tickets the plan's filters select: one rule for the run, the estimate and the
// console's Records screen. The plan may name groups, organizations, agents and fields by
// name or id; resolveScope turns every name into the source's id (a name the source does not
// have is a plan error naming it), so the per-ticket test compares ids only.
import type {Plan, Filters} from '../plan/plan.js';
import type {Group, Organization, Person, Ticket, TicketField} from '../contracts/model.js';
import type {SourceFilter, SourceSession} from '../contracts/connector.js';
import {PlanError} from '../contracts/errors.js';

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The date window as a person reads it: createdFrom from the start of its day, createdTo up
 * to the end of its day (a bare date; UTC). `before` is exclusive; a full timestamp is kept as
 * the instant it names (then `createdTo` itself is included).
 */
export function createdWindow(filters: Pick<Filters, 'createdFrom' | 'createdTo'>): {from?: number; before?: number} {
  const from = filters.createdFrom ? Date.parse(DATE_ONLY.test(filters.createdFrom) ? `${filters.createdFrom}T00:00:00Z` : filters.createdFrom) : undefined;
  let before: number | undefined;
  if (filters.createdTo) before = DATE_ONLY.test(filters.createdTo) ? Date.parse(`${filters.createdTo}T00:00:00Z`) + DAY_MS : Date.parse(filters.createdTo) + 1;
  return {...(from !== undefined ? {from} : {}), ...(before !== undefined ? {before} : {})};
}

/**
 * The window as the source's filter: connectors treat createdTo as an upper bound they may
 * round (a day in a search query); it is the window's exclusive end, so they return at least
 * every ticket in it, and the engine's own test (ticketInScope) cuts exactly.
 */
export function windowFilter(filters: Pick<Filters, 'createdFrom' | 'createdTo'>): SourceFilter {
  const {from, before} = createdWindow(filters);
  return {...(from !== undefined ? {createdFrom: iso(from)} : {}), ...(before !== undefined ? {createdTo: iso(before)} : {})};
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The plan's ticket filters with every name resolved to the source's ids. */
export interface TicketScope {
  from?: number;
  before?: number;
  tags?: string[];
  groups?: Set<string>;
  organizations?: Set<string>;
  assignees?: Set<string>;
  customFields: Array<{id: string; values: string[]}>;
}

/** Does the plan filter tickets at all (beyond onlyReferencedPeople, which is about people)? */
export function hasTicketFilters(filters: Filters): boolean {
  return Boolean(filters.createdFrom || filters.createdTo || filters.tags?.length || filters.groups?.length || filters.organizations?.length || filters.assignees?.length || Object.keys(filters.customFields ?? {}).length);
}

/** What the source holds that a plan may name: read once, only what the plan names. */
export interface SourceNames {
  groups?: Group[];
  organizations?: Organization[];
  agents?: Person[];
  fields?: TicketField[];
}

/** Reads the source lists the plan's filters and maps name (none when it names nothing). */
export async function readSourceNames(plan: Plan, source: SourceSession): Promise<SourceNames> {
  const {filters} = plan;
  const need = {
    groups: Boolean(filters.groups?.length || Object.keys(plan.groupMap).length),
    organizations: Boolean(filters.organizations?.length),
    agents: Boolean(filters.assignees?.length || Object.keys(plan.agentMap.manual).length),
    fields: Boolean(Object.keys(filters.customFields ?? {}).length || Object.keys(plan.fieldMap.fields).length || Object.keys(plan.fieldMap.values).length),
  };
  const all = async <T>(pages: AsyncIterable<{records: T[]}>) => {
    const out: T[] = [];
    for await (const page of pages) out.push(...page.records);
    return out;
  };
  return {
    ...(need.groups ? {groups: await all(source.read('groups', {filter: {}}))} : {}),
    ...(need.organizations ? {organizations: await all(source.read('organizations', {filter: {}}))} : {}),
    ...(need.agents ? {agents: await all(source.read('agents', {filter: {}}))} : {}),
    ...(need.fields ? {fields: await all(source.read('ticket_fields', {filter: {}}))} : {}),
  };
}

const norm = (text: string) => text.trim().toLowerCase();

/**
 * The filters' names as source ids, and every source group, agent and field the maps name
 * checked: one that the source does not have is a PlanError naming it and the plan's field.
 */
export function resolveScope(plan: Plan, names: SourceNames, sourceLabel: string): TicketScope {
  const {filters} = plan;
  const pick = <T>(list: T[] | undefined, field: string, ref: string, what: string, id: (item: T) => string, labels: Array<(item: T) => string | undefined>): string => {
    const items = list ?? [];
    const found = items.find((item) => id(item) === ref) ?? items.find((item) => labels.some((label) => {
      const text = label(item);
      return text !== undefined && norm(text) === norm(ref);
    }));
    if (found) return id(found);
    const known = items.map((item) => labels[0]!(item)).filter(Boolean).slice(0, 8);
    throw new PlanError(`plan.json: ${field} "${ref}" is not a ${what} in the source (${sourceLabel})${known.length ? `; it has ${known.map((k) => `"${k}"`).join(', ')}${items.length > known.length ? ', …' : ''}` : `; the source has none`}`, field);
  };
  const group = (ref: string, field: string) => pick(names.groups, field, ref, 'group', (g) => g.id, [(g) => g.name]);
  const organization = (ref: string, field: string) => pick(names.organizations, field, ref, 'organization', (o) => o.id, [(o) => o.name]);
  const agent = (ref: string, field: string) => pick(names.agents, field, ref, 'agent (id or email)', (a) => a.id, [(a) => a.email, (a) => a.name]);
  const field = (ref: string, at: string) => pick(names.fields, at, ref, 'ticket field (id or title)', (f) => f.id, [(f) => f.title, (f) => f.key]);

  // The maps name source records too: checked here, so a typo stops the run before a write.
  for (const key of Object.keys(plan.groupMap)) group(key, `groupMap.${key}`);
  for (const key of Object.keys(plan.agentMap.manual)) agent(key, `agentMap.manual.${key}`);
  for (const key of Object.keys(plan.fieldMap.fields)) field(key, `fieldMap.fields.${key}`);
  for (const key of Object.keys(plan.fieldMap.values)) field(key, `fieldMap.values.${key}`);

  const {from, before} = createdWindow(filters);
  return {
    ...(from !== undefined ? {from} : {}),
    ...(before !== undefined ? {before} : {}),
    ...(filters.tags?.length ? {tags: filters.tags} : {}),
    ...(filters.groups?.length ? {groups: new Set(filters.groups.map((ref, i) => group(ref, `filters.groups[${i}]`)))} : {}),
    ...(filters.organizations?.length ? {organizations: new Set(filters.organizations.map((ref, i) => organization(ref, `filters.organizations[${i}]`)))} : {}),
    ...(filters.assignees?.length ? {assignees: new Set(filters.assignees.map((ref, i) => agent(ref, `filters.assignees[${i}]`)))} : {}),
    customFields: Object.entries(filters.customFields ?? {}).map(([ref, values]) => ({id: field(ref, `filters.customFields.${ref}`), values: values.map(String)})),
  };
}

/** Is this ticket part of the migration? The run, the estimate and the Records screen ask this. */
export function ticketInScope(scope: TicketScope, ticket: Pick<Ticket, 'createdAt' | 'tags' | 'groupId' | 'organizationId' | 'assigneeId' | 'customFields'>): boolean {
  const created = Date.parse(ticket.createdAt);
  if (scope.from !== undefined && created < scope.from) return false;
  if (scope.before !== undefined && created >= scope.before) return false;
  if (scope.tags && !ticket.tags.some((tag) => scope.tags!.includes(tag))) return false;
  if (scope.groups && !scope.groups.has(ticket.groupId ?? '')) return false;
  if (scope.organizations && !scope.organizations.has(ticket.organizationId ?? '')) return false;
  if (scope.assignees && !scope.assignees.has(ticket.assigneeId ?? '')) return false;
  for (const {id, values} of scope.customFields) {
    const value = ticket.customFields[id];
    const list = Array.isArray(value) ? value : [String(value ?? '')];
    if (!list.some((v) => values.includes(String(v)))) return false;
  }
  return true;
}

/** The plan's ticket filters in words, for "selects 0 tickets" messages. */
export function describeFilters(filters: Filters): string {
  const parts: string[] = [];
  if (filters.createdFrom) parts.push(`created from ${filters.createdFrom}`);
  if (filters.createdTo) parts.push(`created to ${filters.createdTo}`);
  if (filters.tags?.length) parts.push(`tagged ${filters.tags.join(' or ')}`);
  if (filters.groups?.length) parts.push(`in group ${filters.groups.join(' or ')}`);
  if (filters.organizations?.length) parts.push(`of organization ${filters.organizations.join(' or ')}`);
  if (filters.assignees?.length) parts.push(`assigned to ${filters.assignees.join(' or ')}`);
  for (const [field, values] of Object.entries(filters.customFields ?? {})) parts.push(`${field} = ${values.join(' or ')}`);
  return parts.join(', ');
}

/**
 * Reads the source's tickets (in the date window) until one is in scope: how the run, the
 * estimate and the Records screen know a filter selects nothing. It stops at the first match;
 * with none it has read every ticket in the window, which is what "0" takes to be true.
 */
export async function findTicketInScope(source: SourceSession, filters: Filters, scope: TicketScope, signal?: AbortSignal): Promise<{found: boolean; read: number}> {
  let read = 0;
  for await (const page of source.read('tickets', {filter: windowFilter(filters)})) {
    read += page.records.length;
    if (page.records.some((ticket) => ticketInScope(scope, ticket))) return {found: true, read};
    if (signal?.aborted) break;
  }
  return {found: false, read};
}

/** The message for a plan whose filters select no ticket. */
export function zeroTicketsMessage(filters: Filters, read: number): string {
  return `The plan's filters select 0 tickets (${describeFilters(filters)}; ${read} ticket(s) read in the source).`;
}

/** The demo's chosen tickets (plan demo.ticketIds) the source does not have: the run's check before
 * it writes, and the console's Records screen as the ids are typed. */
export async function missingDemoTickets(source: SourceSession, ticketIds: string[] | undefined): Promise<string[]> {
  const missing: string[] = [];
  for (const id of ticketIds ?? []) if (!(await source.get('tickets', id))) missing.push(id);
  return missing;
}

export function missingDemoTicketsMessage(missing: string[], sourceLabel: string): string {
  return `plan.json: demo.ticketIds names ticket(s) the source (${sourceLabel}) does not have: ${missing.map((id) => `"${id}"`).join(', ')}`;
}
