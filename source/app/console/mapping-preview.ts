// A dry run of the run's own ticket mapping (mapTicket, source/engine/mappers.ts)
// over sample tickets, so the Fields screen's verdicts come from the code that
// will write them: which tickets would fail for a required field, which field
// values would be left out or converted. References (people, groups) are assumed
// to resolve: the Fields screen speaks about fields, the audit about people.
import {mapTicket, type MapContext} from '../../engine/mappers.js';
import {decideField} from '../../engine/mapping.js';
import type {TargetLimits} from '../../contracts/connector.js';
import type {Plan} from '../../plan/plan.js';
import type {Ticket, TicketField} from '../../contracts/model.js';

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
}

/** The target's fields as the run will see them once it has created the ones it creates. */
export function fieldsAfterCreate(sourceFields: TicketField[], targetFields: TicketField[], plan: Pick<Plan, 'fieldMap'>): TicketField[] {
  const created = sourceFields.filter((f) => decideField(f, targetFields, plan.fieldMap).action === 'create').map((f) => ({...f, id: `source:${f.id}`}));
  return [...targetFields, ...created];
}

export async function previewTicketMapping(tickets: Ticket[], sourceFields: TicketField[], targetFields: TicketField[], plan: Plan, limits: TargetLimits, sourcePlatform: string): Promise<MappingPreview> {
  const after = fieldsAfterCreate(sourceFields, targetFields, plan);
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
      const decision = decideField(field, targetFields, plan.fieldMap);
      if (decision.action === 'link') return {targetId: decision.target.id};
      if (decision.action === 'create') return {targetId: `source:${field.id}`};
      if (decision.action === 'skip') return {deliberate: true, reason: decision.reason};
      return {reason: decision.reason};
    },
  };
  const failures = new Map<string, string[]>();
  const fields: Record<string, FieldVerdict> = {};
  const required: MappingPreview['required'] = {};
  for (const field of after.filter((f) => f.required && f.active)) required[field.title] = {defaulted: 0, failing: 0};
  for (const ticket of tickets) {
    for (const field of sourceFields) {
      const value = ticket.customFields[field.id];
      if (value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length)) continue;
      (fields[field.id] ??= {withValue: 0, notes: []}).withValue++;
    }
    try {
      const mapped = await mapTicket(ticket, context);
      for (const note of mapped.notes) {
        const field = sourceFields.find((f) => note.includes(`"${f.title}"`));
        const requiredTitle = /^required field "(.+)" set to its default/.exec(note)?.[1];
        if (requiredTitle && required[requiredTitle]) required[requiredTitle].defaulted++;
        else if (field) (fields[field.id] ??= {withValue: 0, notes: []}).notes.push(note);
      }
    } catch (error) {
      const reason = (error as Error).message;
      failures.set(reason, [...(failures.get(reason) ?? []), ticket.id]);
      const requiredTitle = /^required target field "(.+)" has no value/.exec(reason)?.[1];
      if (requiredTitle && required[requiredTitle]) required[requiredTitle].failing++;
    }
  }
  return {sampled: tickets.length, failures: [...failures].map(([reason, ticketIds]) => ({reason, count: ticketIds.length, ticketIds})).sort((a, b) => b.count - a.count), fields, required};
}
