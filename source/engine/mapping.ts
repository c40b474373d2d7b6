// Mapping between two accounts: agents by email (manual overrides, a fallback),
// groups by name, ticket fields by title with type compatibility checked before
// anything is written, and value maps. Pure functions over lists, tested directly.
import type {FieldType, Group, Person, TicketField, TicketKind, TicketPriority, TicketStatus} from '../contracts/model.js';
import type {AgentMap, FieldMap} from '../plan/plan.js';

export interface AgentMatch {
  sourceId: string;
  sourceEmail?: string;
  sourceName: string;
  targetId?: string;
  targetEmail?: string;
  how: 'email' | 'manual' | 'fallback' | 'none';
}

const norm = (text: string | undefined) => (text ?? '').trim().toLowerCase();

export function matchAgents(sourceAgents: Person[], targetAgents: Person[], map: AgentMap): AgentMatch[] {
  const byEmail = new Map(targetAgents.filter((a) => a.email).map((a) => [norm(a.email), a]));
  const byId = new Map(targetAgents.map((a) => [a.id, a]));
  const resolveTarget = (ref: string | undefined) => (ref === undefined ? undefined : byId.get(ref) ?? byEmail.get(norm(ref)));
  const fallback = resolveTarget(map.fallback);
  return sourceAgents.map((agent) => {
    const base = {sourceId: agent.id, sourceEmail: agent.email, sourceName: agent.name};
    const manualRef = map.manual[agent.id] ?? (agent.email ? map.manual[agent.email] ?? map.manual[norm(agent.email)] : undefined);
    const manual = resolveTarget(manualRef);
    if (manual) return {...base, targetId: manual.id, targetEmail: manual.email, how: 'manual'};
    const auto = map.auto && agent.email ? byEmail.get(norm(agent.email)) : undefined;
    if (auto) return {...base, targetId: auto.id, targetEmail: auto.email, how: 'email'};
    if (fallback) return {...base, targetId: fallback.id, targetEmail: fallback.email, how: 'fallback'};
    return {...base, how: 'none'};
  });
}

/** A target group for a source group: the plan's map, else the same name. */
export function matchGroup(source: Group, targetGroups: Group[], groupMap: Record<string, string>): Group | undefined {
  const ref = groupMap[source.id] ?? groupMap[source.name];
  if (ref !== undefined) return targetGroups.find((g) => g.id === ref) ?? targetGroups.find((g) => norm(g.name) === norm(ref));
  return targetGroups.find((g) => norm(g.name) === norm(source.name));
}

/** Which source field types a target field type can hold without losing meaning. */
const COMPATIBLE: Record<FieldType, FieldType[]> = {
  text: ['text', 'regexp', 'integer', 'decimal', 'date', 'dropdown'],
  textarea: ['textarea', 'text', 'regexp'],
  checkbox: ['checkbox'],
  date: ['date'],
  integer: ['integer'],
  decimal: ['decimal', 'integer'],
  dropdown: ['dropdown'],
  multiselect: ['multiselect', 'dropdown'],
  regexp: ['regexp', 'text'],
};

export function typesCompatible(sourceType: FieldType, targetType: FieldType): boolean {
  return COMPATIBLE[targetType].includes(sourceType);
}

export type FieldDecision =
  | {action: 'link'; target: TicketField; how: 'manual' | 'title' | 'run'}
  | {action: 'create'}
  | {action: 'skip'; reason: string}
  | {action: 'fail'; reason: string};

/**
 * What the run does with a source ticket field. `runLinks` (source field id to target field id,
 * see runFieldLinks) are the fields an earlier run of the folder linked or created: the run keeps
 * writing there whatever the types (a field ferry created has the type the target could give it,
 * e.g. a Freshdesk paragraph for a multi-select), so they are links, never "does not fit".
 */
export function decideField(source: TicketField, targetFields: TicketField[], fieldMap: FieldMap, runLinks?: Readonly<Record<string, string>>): FieldDecision {
  const linked = runLinks?.[source.id];
  const byRun = linked === undefined ? undefined : targetFields.find((f) => f.id === linked);
  if (byRun) return {action: 'link', target: byRun, how: 'run'};
  const ref = fieldMap.fields[source.id] ?? fieldMap.fields[source.title];
  if (ref === 'skip') return {action: 'skip', reason: 'left out by the field map'};
  if (ref === 'create') return {action: 'create'};
  if (ref !== undefined) {
    const target = targetFields.find((f) => f.id === ref || norm(f.title) === norm(ref) || f.key === ref);
    if (!target) return {action: 'fail', reason: `the field map sends it to "${ref}", which is not a field on the target`};
    if (!typesCompatible(source.type, target.type))
      return {action: 'fail', reason: `the field map sends this ${source.type} field to "${target.title}", a ${target.type} field: the types do not fit; map it elsewhere or to "create"`};
    return {action: 'link', target, how: 'manual'};
  }
  const sameTitle = targetFields.find((f) => norm(f.title) === norm(source.title));
  if (sameTitle) {
    if (typesCompatible(source.type, sameTitle.type)) return {action: 'link', target: sameTitle, how: 'title'};
    return {action: 'fail', reason: `the target already has a field "${sameTitle.title}" of type ${sameTitle.type}, which cannot hold this ${source.type} field; map it to another field, "create", or "skip"`};
  }
  return {action: 'create'};
}

const TARGET_STATUS_DEFAULT: Record<TicketStatus, TicketStatus> = {new: 'new', open: 'open', pending: 'pending', hold: 'hold', solved: 'solved', closed: 'closed'};

export function mapStatus(status: TicketStatus, map: FieldMap): TicketStatus {
  return map.statuses[status] ?? TARGET_STATUS_DEFAULT[status];
}
export function mapPriority(priority: TicketPriority, map: FieldMap): TicketPriority {
  return map.priorities[priority] ?? priority;
}
export function mapKind(kind: TicketKind | undefined, map: FieldMap): TicketKind | undefined {
  return kind ? map.kinds[kind] ?? kind : undefined;
}

type FieldValue = string | number | boolean | string[] | null;

/** Converts one custom-field value for the target field; undefined when it has no place there. */
export function mapFieldValue(value: FieldValue, source: TicketField, target: TicketField, valueMap: Record<string, string> = {}): {value?: FieldValue; note?: string} {
  if (value === null || value === undefined || value === '') return {value: null};
  const option = (raw: string): string | undefined => {
    if (!target.options) return raw;
    const explicit = valueMap[raw];
    if (explicit !== undefined) return target.options.find((o) => o.value === explicit || norm(o.label) === norm(explicit))?.value;
    const label = source.options?.find((o) => o.value === raw)?.label ?? raw;
    return target.options.find((o) => o.value === raw || norm(o.label) === norm(label))?.value;
  };
  switch (target.type) {
    case 'dropdown': {
      const mapped = option(String(Array.isArray(value) ? value[0] : value));
      return mapped === undefined ? {note: `"${source.title}" value "${String(value)}" has no option on the target field "${target.title}"; left empty`} : {value: mapped};
    }
    case 'multiselect': {
      const values = (Array.isArray(value) ? value : [String(value)]).map((item) => ({item, mapped: option(item)}));
      const missing = values.filter((v) => v.mapped === undefined).map((v) => v.item);
      return {value: values.flatMap((v) => (v.mapped === undefined ? [] : [v.mapped])), ...(missing.length ? {note: `"${source.title}" values ${missing.join(', ')} have no option on the target; left out`} : {})};
    }
    case 'checkbox':
      return {value: value === true || value === 'true' || value === 1};
    case 'integer':
    case 'decimal': {
      const number = Number(value);
      return Number.isFinite(number) ? {value: target.type === 'integer' ? Math.trunc(number) : number} : {note: `"${source.title}" value "${String(value)}" is not a number; left empty`};
    }
    case 'date':
      return {value: String(value).slice(0, 10)};
    default:
      return {value: Array.isArray(value) ? value.join(', ') : source.type === 'dropdown' ? source.options?.find((o) => o.value === value)?.label ?? String(value) : String(value)};
  }
}

export function isValidEmail(email: string | undefined): boolean {
  return !!email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);
}

/** The ticket fields an earlier run linked or created (journalled migrated with a target id), for decideField. */
export function runFieldLinks(rows: Array<{sourceId: string; status: string; targetId: string | null}>): Record<string, string> {
  return Object.fromEntries(rows.filter((row) => row.status === 'migrated' && row.targetId).map((row) => [row.sourceId, row.targetId!]));
}
