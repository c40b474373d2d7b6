// A dry run of the run's own ticket mapping (mapTicket, source/engine/mappers.ts)
// over sample tickets, so the Fields screen's verdicts come from the code that
// will write them: which tickets would fail for a required field, which field
// values would be left out or converted. References (people, groups) are assumed
// to resolve: the Fields screen speaks about fields, the audit about people.
// The target connector's own write-time decisions (Connector.previewTicket: a ticket type the
// target lacks, a value it refuses…) are added from the same functions its session writes with.
import {mapTicket, type MapContext} from '../../engine/mappers.js';
import {decideField, mapKind, mapPriority, mapStatus} from '../../engine/mapping.js';
import type {Connector, TargetCatalog, TargetLimits, TargetSession} from '../../contracts/connector.js';
import type {Plan} from '../../plan/plan.js';
import {TICKET_STATUSES, type Ticket, type TicketField, type TicketKind, type TicketPriority, type TicketStatus} from '../../contracts/model.js';

/** The target connector's previewTicket (source/contracts/connector.ts). */
export type WriteNotes = (ticket: Ticket, catalog: TargetCatalog) => string[];

/**
 * The write-time notes of the run's own target session: the session's where its settings change what it
 * writes (TargetSession.ticketNotes: Intercom's ticket type), else the connector's previewTicket.
 */
export async function targetWriteNotes(session: TargetSession, connector: Connector): Promise<WriteNotes | undefined> {
  return (await session.ticketNotes?.()) ?? connector.previewTicket?.bind(connector);
}

export interface PreviewTarget {
  /** The target connector's previewTicket: its write-time notes */
  writeNotes?: WriteNotes;
  /** Fields an earlier run of the folder linked or created (runFieldLinks over its journal) */
  runLinks?: Readonly<Record<string, string>>;
  /** What the target never keeps for any ticket (platformLimitations): said once, not per ticket */
  limitations?: string[];
}

export interface FieldVerdict {
  /** Sample tickets with a value for this field */
  withValue: number;
  /** Sample tickets whose value the run would leave out or change, with the run's words */
  notes: string[];
}

export interface MappingPreview {
  sampled: number;
  /** Why sample tickets would fail, with how many */
  failures: Array<{reason: string; count: number; ticketIds: string[]}>;
  /** By source field id */
  fields: Record<string, FieldVerdict>;
  /** By required field title: sample tickets that would get the default, or fail */
  required: Record<string, {defaulted: number; failing: number}>;
  /** By sample ticket id: every note the run would journal for it (mapping and target), or its failure */
  tickets: Record<string, {notes: string[]; failure?: string}>;
  /** What the target itself leaves out or changes when it writes the sample tickets, with how many */
  target: Array<{note: string; count: number; ticketIds: string[]}>;
  /** By status, priority and type value (as in the source): what the target writes for a ticket with it */
  values: Record<'statuses' | 'priorities' | 'kinds', Record<string, string[]>>;
  /** What the target never keeps for any ticket: platform limitations, not per-ticket notes */
  limitations: string[];
}

const PRIORITIES: TicketPriority[] = ['low', 'normal', 'high', 'urgent'];
const KINDS: TicketKind[] = ['question', 'incident', 'problem', 'task'];

/** The target's notes for a ticket that differs from a blank one only in the value: the Fields screen's value rows. */
function valueVerdicts(plan: Plan, catalog: TargetCatalog, writeNotes?: WriteNotes): MappingPreview['values'] {
  const values: MappingPreview['values'] = {statuses: {}, priorities: {}, kinds: {}};
  if (!writeNotes) return values;
  const blank: Ticket = {id: 'value', subject: '', status: 'open', priority: 'normal', requesterId: 'dry-run', tags: [], ccEmails: [], customFields: {}, comments: [], createdAt: '', updatedAt: ''};
  const neutral = new Set(writeNotes(blank, catalog));
  const own = (ticket: Ticket) => writeNotes(ticket, catalog).filter((note) => !neutral.has(note));
  for (const status of TICKET_STATUSES) values.statuses[status] = own({...blank, status: mapStatus(status as TicketStatus, plan.fieldMap)});
  for (const priority of PRIORITIES) values.priorities[priority] = own({...blank, priority: mapPriority(priority, plan.fieldMap)});
  for (const kind of KINDS) values.kinds[kind] = own({...blank, kind: mapKind(kind, plan.fieldMap)});
  return values;
}

/**
 * What the target keeps of a status, priority or type value, read from the target's own note for it
 * (Connector.previewTicket, the words its writer journals): "Pending" for "…written as Pending.",
 * "left empty" / "not kept" for a value it drops, the mapped value when it says nothing.
 */
export function writtenValue(mapped: string, notes: readonly string[] | undefined): string {
  for (const note of notes ?? []) {
    const as = /written as (\w[\w ]*?)\.?$/.exec(note)?.[1];
    if (as) return as;
    if (/left empty\.?$/.test(note)) return 'left empty';
    if (/(was not kept|left out)\.?$/.test(note)) return 'not kept';
  }
  return mapped;
}

/** The target's fields as the run will see them once it has created the ones it creates. */
export function fieldsAfterCreate(sourceFields: TicketField[], targetFields: TicketField[], plan: Pick<Plan, 'fieldMap'>, runLinks?: Readonly<Record<string, string>>, limits?: Pick<TargetLimits, 'ticketFieldCreateRefusal'>): TicketField[] {
  // A target that cannot create ticket fields ends the run with none of them (their creates fail).
  if (limits?.ticketFieldCreateRefusal) return targetFields;
  const created = sourceFields.filter((f) => decideField(f, targetFields, plan.fieldMap, runLinks).action === 'create').map((f) => ({...f, id: `source:${f.id}`}));
  return [...targetFields, ...created];
}

export async function previewTicketMapping(tickets: Ticket[], sourceFields: TicketField[], targetFields: TicketField[], plan: Plan, limits: TargetLimits, sourcePlatform: string, target: PreviewTarget = {}): Promise<MappingPreview> {
  const {writeNotes, runLinks} = target;
  const after = fieldsAfterCreate(sourceFields, targetFields, plan, runLinks, limits);
  const catalog: TargetCatalog = {ticketFields: after};
  const resolved = async () => ({targetId: 'dry-run'});
  const context: MapContext = {
    plan,
    limits,
    sourcePlatform,
    ensure: resolved,
    person: async (id) => ({targetId: 'dry-run', label: `#${id}`}),
    agent: async (id) => ({targetId: 'dry-run', label: `#${id}`}),
    fallbackRequester: async () => plan.options.fallbackRequester,
    sourceFields,
    targetFields: () => after,
    fieldTarget(sourceFieldId) {
      const field = sourceFields.find((f) => f.id === sourceFieldId);
      if (!field) return {reason: 'not a field of the source account'};
      const decision = decideField(field, targetFields, plan.fieldMap, runLinks);
      if (decision.action === 'link') return {targetId: decision.target.id};
      // The run's reason for a field the target cannot create ("skipped: <why>", engine.ts fieldTarget), from the target's own words.
      if (decision.action === 'create') return limits.ticketFieldCreateRefusal ? {reason: `skipped: ${limits.ticketFieldCreateRefusal(field)}`} : {targetId: `source:${field.id}`};
      if (decision.action === 'skip') return {deliberate: true, reason: decision.reason};
      return {reason: decision.reason};
    },
  };
  const failures = new Map<string, string[]>();
  const fields: Record<string, FieldVerdict> = {};
  const required: MappingPreview['required'] = {};
  const perTicket: MappingPreview['tickets'] = {};
  const targetNotes = new Map<string, string[]>();
  for (const field of after.filter((f) => f.required && f.active)) required[field.title] = {defaulted: 0, failing: 0};
  for (const ticket of tickets) {
    for (const field of sourceFields) {
      const value = ticket.customFields[field.id];
      if (value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length)) continue;
      (fields[field.id] ??= {withValue: 0, notes: []}).withValue++;
    }
    try {
      const mapped = await mapTicket(ticket, context);
      // What the target's session notes while writing it, from the functions it writes with.
      const written = writeNotes?.(mapped.record, catalog) ?? [];
      perTicket[ticket.id] = {notes: [...mapped.notes, ...written]};
      for (const note of written) targetNotes.set(note, [...(targetNotes.get(note) ?? []), ticket.id]);
      for (const note of mapped.notes) {
        const field = sourceFields.find((f) => note.includes(`"${f.title}"`));
        const requiredTitle = /^required field "(.+)" set to its default/.exec(note)?.[1];
        if (requiredTitle && required[requiredTitle]) required[requiredTitle].defaulted++;
        else if (field) (fields[field.id] ??= {withValue: 0, notes: []}).notes.push(note);
      }
    } catch (error) {
      const reason = (error as Error).message;
      perTicket[ticket.id] = {notes: [], failure: reason};
      failures.set(reason, [...(failures.get(reason) ?? []), ticket.id]);
      const requiredTitle = /^required target field "(.+)" has no value/.exec(reason)?.[1];
      if (requiredTitle && required[requiredTitle]) required[requiredTitle].failing++;
    }
  }
  return {
    sampled: tickets.length,
    failures: [...failures].map(([reason, ticketIds]) => ({reason, count: ticketIds.length, ticketIds})).sort((a, b) => b.count - a.count),
    fields,
    required,
    tickets: perTicket,
    target: [...targetNotes].map(([note, ticketIds]) => ({note, count: ticketIds.length, ticketIds})).sort((a, b) => b.count - a.count),
    values: valueVerdicts(plan, catalog, writeNotes),
    limitations: target.limitations ?? [],
  };
}
