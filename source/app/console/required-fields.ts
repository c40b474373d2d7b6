// Every field a ticket must have on the target, known before the first run: the
// target's own required fields, and the source's required fields that the run will
// create there (decideField, the run's own rule, says which). Both the Fields screen
// and the Prepare checklist list them, with what happens to a ticket without one.
import {decideField} from '../../engine/mapping.js';
import type {Plan} from '../../plan/plan.js';
import type {TicketField} from '../../contracts/model.js';

export interface RequiredField {
  /** The target field's id, or "source:<id>" for a field the run creates (ids of two platforms can collide) */
  id: string;
  title: string;
  key: string;
  options?: TicketField['options'];
  origin: 'target' | 'created';
}

export function requiredTargetFields(sourceFields: TicketField[], targetFields: TicketField[], plan: Pick<Plan, 'fieldMap'>, runLinks?: Readonly<Record<string, string>>): RequiredField[] {
  const onTarget = targetFields.filter((f) => f.required && f.active).map((f): RequiredField => ({id: f.id, title: f.title, key: f.key, options: f.options, origin: 'target'}));
  const created = sourceFields
    .filter((f) => f.required && f.active && decideField(f, targetFields, plan.fieldMap, runLinks).action === 'create')
    .map((f): RequiredField => ({id: `source:${f.id}`, title: f.title, key: f.key, options: f.options, origin: 'created'}));
  return [...onTarget, ...created];
}

/** The default the run uses for a required field when a ticket has no value (the engine reads id, title, then key). */
export function defaultFor(field: Pick<RequiredField, 'id' | 'title' | 'key'>, plan: Pick<Plan, 'fieldMap'>): string | undefined {
  const defaults = plan.fieldMap.defaults;
  return defaults[field.id] ?? defaults[field.title] ?? defaults[field.key];
}

/** Required fields no ticket can be written without, as things stand: no source field feeds them and no default is set. */
export function requiredWithoutValue(sourceFields: TicketField[], targetFields: TicketField[], plan: Pick<Plan, 'fieldMap'>, runLinks?: Readonly<Record<string, string>>): RequiredField[] {
  return requiredTargetFields(sourceFields, targetFields, plan, runLinks).filter((field) => {
    if (defaultFor(field, plan) !== undefined) return false;
    // A created field is fed by its own source field, but tickets that leave it empty still fail.
    if (field.origin === 'created') return true;
    return !sourceFields.some((sf) => {
      const decision = decideField(sf, targetFields, plan.fieldMap, runLinks);
      return decision.action === 'link' && decision.target.id === field.id;
    });
  });
}
