// The audit before writing: what in the source will fail or duplicate on the
// target, found by reading only. Duplicates (contacts by email, organizations by
// name), empty required fields, references to records that do not exist, invalid
// emails, and source fields that cannot go to the target field they match.
import type {SourceSession, TargetSession} from '../contracts/connector.js';
import type {Person, Ticket, TicketField} from '../contracts/model.js';
import type {Plan} from '../plan/plan.js';
import {decideField, isValidEmail} from '../engine/mapping.js';
import {collect} from '../engine/engine.js';

export type FindingKind = 'duplicate' | 'empty_required' | 'broken_reference' | 'invalid_email' | 'field_conflict';

export interface Finding {
  kind: FindingKind;
  /** Records concerned, as "type:id" */
  records: string[];
  message: string;
}

export const FINDING_TITLES: Record<FindingKind, string> = {
  duplicate: 'Duplicates',
  empty_required: 'Empty required fields',
  broken_reference: 'References to records that do not exist',
  invalid_email: 'Invalid email addresses',
  field_conflict: 'Fields that do not fit the target',
};

export async function auditAccounts(plan: Plan, source: SourceSession, target: TargetSession, onProgress?: (text: string) => void): Promise<Finding[]> {
  const findings: Finding[] = [];
  onProgress?.('reading contacts and agents');
  const [contacts, agents, organizations, sourceFields, targetFields] = await Promise.all([
    collect(source.read('contacts', {filter: {}})),
    collect(source.read('agents', {filter: {}})),
    collect(source.read('organizations', {filter: {}})),
    collect(source.read('ticket_fields', {filter: {}})),
    target.list('ticket_fields'),
  ]);
  groupDuplicates(contacts, (c) => c.email?.trim().toLowerCase(), 'contacts', 'email', findings);
  groupDuplicates(organizations, (o) => o.name.trim().toLowerCase(), 'organizations', 'name', findings);
  for (const person of [...contacts, ...agents])
    if (person.email && !isValidEmail(person.email))
      findings.push({kind: 'invalid_email', records: [`${person.role === 'end-user' ? 'contacts' : 'agents'}:${person.id}`], message: `${person.name} has an invalid email address "${person.email}"`});
  for (const field of sourceFields) {
    const decision = decideField(field, targetFields, plan.fieldMap);
    if (decision.action === 'fail') findings.push({kind: 'field_conflict', records: [`ticket_fields:${field.id}`], message: `Field "${field.title}": ${decision.reason}`});
  }

  const people = new Set([...contacts, ...agents].map((p) => p.id));
  const orgIds = new Set(organizations.map((o) => o.id));
  const requiredSource = sourceFields.filter((f) => f.required && f.active);
  const requiredTarget = targetFields.filter((f) => f.required && f.active && !hasDefault(plan, f));
  onProgress?.('reading tickets');
  let tickets = 0;
  for await (const page of source.read('tickets', {filter: {}})) {
    for (const ticket of page.records) {
      tickets++;
      checkTicket(ticket, people, orgIds, requiredSource, findings);
    }
    onProgress?.(`read ${tickets} tickets`);
  }
  for (const field of requiredTarget) {
    const fed = sourceFields.some((f) => {
      const decision = decideField(f, targetFields, plan.fieldMap);
      return decision.action === 'link' && decision.target.id === field.id;
    });
    if (!fed)
      findings.push({kind: 'empty_required', records: [`target_field:${field.id}`], message: `The target requires "${field.title}" on every ticket and no source field fills it: set a default in the field map, or every ticket fails`});
  }
  return findings;
}

function hasDefault(plan: Plan, field: TicketField): boolean {
  const d = plan.fieldMap.defaults;
  return d[field.id] !== undefined || d[field.title] !== undefined || d[field.key] !== undefined;
}

function checkTicket(ticket: Ticket, people: Set<string>, orgIds: Set<string>, requiredSource: TicketField[], findings: Finding[]) {
  const ref = `tickets:${ticket.id}`;
  if (!people.has(ticket.requesterId)) findings.push({kind: 'broken_reference', records: [ref], message: `Ticket #${ticket.id}: its requester #${ticket.requesterId} no longer exists`});
  if (ticket.assigneeId && !people.has(ticket.assigneeId)) findings.push({kind: 'broken_reference', records: [ref], message: `Ticket #${ticket.id}: its assignee #${ticket.assigneeId} no longer exists`});
  if (ticket.organizationId && !orgIds.has(ticket.organizationId))
    findings.push({kind: 'broken_reference', records: [ref], message: `Ticket #${ticket.id}: its organization #${ticket.organizationId} no longer exists`});
  for (const comment of ticket.comments)
    if (!people.has(comment.authorId)) findings.push({kind: 'broken_reference', records: [ref], message: `Ticket #${ticket.id}: comment ${comment.id} was written by #${comment.authorId}, who no longer exists`});
  for (const field of requiredSource) {
    const value = ticket.customFields[field.id];
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length))
      findings.push({kind: 'empty_required', records: [ref], message: `Ticket #${ticket.id}: required field "${field.title}" is empty`});
  }
}

function groupDuplicates<T extends {id: string}>(items: T[], key: (item: T) => string | undefined, type: string, what: string, findings: Finding[]) {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k) groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  for (const [k, list] of groups)
    if (list.length > 1)
      findings.push({
        kind: 'duplicate',
        records: list.map((item) => `${type}:${item.id}`),
        message: `${list.length} ${type} share the ${what} "${k}" (${list.map((i) => `#${i.id}${(i as unknown as Person).name ? ` ${(i as unknown as Person).name}` : ''}`).join(', ')}): the first is migrated, the others are linked to it`,
      });
}

