// The audit before writing: what in the source will fail or duplicate on the
// target, found by reading only. Duplicates (contacts by email, organizations by
// name), empty required fields, references to records that do not exist, invalid
// emails, and source fields that cannot go to the target field they match.
import type {SourceSession, TargetSession} from '../contracts/connector.js';
import type {Person, Ticket, TicketField} from '../contracts/model.js';
import type {Plan} from '../plan/plan.js';
import {decideField, isValidEmail, runFieldLinks} from '../engine/mapping.js';
import {collect} from '../engine/engine.js';
import {contactRefusal, contactsInRunOrder, duplicateSurvivors} from '../engine/duplicates.js';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {Journal} from '../engine/journal.js';

export type FindingKind = 'duplicate' | 'empty_required' | 'broken_reference' | 'invalid_email' | 'field_conflict';

export interface Finding {
  kind: FindingKind;
  /** Records concerned, as "type:id" */
  records: string[];
  message: string;
  /** Duplicates: the record the run keeps (and links the others to), as "type:id", when one is known */
  survivor?: string;
}

export const FINDING_TITLES: Record<FindingKind, string> = {
  duplicate: 'Duplicates',
  empty_required: 'Empty required fields',
  broken_reference: 'References to records that do not exist',
  invalid_email: 'Invalid email addresses',
  field_conflict: 'Fields that do not fit the target',
};

/**
 * `journal`: the migration folder's, when it has one: duplicates an earlier run (a demo) already
 * migrated are the ones later runs keep, and fields it created are not conflicts. Duplicates are
 * named as a full run keeps them (source/engine/duplicates.ts, the engine's own rule).
 */
export async function auditAccounts(plan: Plan, source: SourceSession, target: TargetSession, onProgress?: (text: string) => void, journal?: Journal): Promise<Finding[]> {
  const findings: Finding[] = [];
  onProgress?.('reading contacts and agents');
  const [contacts, agents, organizations, sourceFields, targetFields] = await Promise.all([
    collect(source.read('contacts', {filter: {}})),
    collect(source.read('agents', {filter: {}})),
    collect(source.read('organizations', {filter: {}})),
    collect(source.read('ticket_fields', {filter: {}})),
    target.list('ticket_fields'),
  ]);
  for (const person of [...contacts, ...agents])
    if (person.email && !isValidEmail(person.email))
      findings.push({kind: 'invalid_email', records: [`${person.role === 'end-user' ? 'contacts' : 'agents'}:${person.id}`], message: `${person.name} has an invalid email address "${person.email}"`});
  const runLinks = journal ? runFieldLinks(journal.records({type: 'ticket_fields'})) : undefined;
  for (const field of sourceFields) {
    const decision = decideField(field, targetFields, plan.fieldMap, runLinks);
    if (decision.action === 'fail') findings.push({kind: 'field_conflict', records: [`ticket_fields:${field.id}`], message: `Field "${field.title}": ${decision.reason}`});
  }

  const people = new Set([...contacts, ...agents].map((p) => p.id));
  const orgIds = new Set(organizations.map((o) => o.id));
  const requiredSource = sourceFields.filter((f) => f.required && f.active);
  const requiredTarget = targetFields.filter((f) => f.required && f.active && !hasDefault(plan, f));
  onProgress?.('reading tickets');
  let tickets = 0;
  // Who each ticket references, in order: the run's order for contacts it reaches through tickets.
  const references: Array<Pick<Ticket, 'requesterId' | 'comments'>> = [];
  for await (const page of source.read('tickets', {filter: {}})) {
    for (const ticket of page.records) {
      tickets++;
      checkTicket(ticket, people, orgIds, requiredSource, findings);
      references.push({requesterId: ticket.requesterId, comments: ticket.comments.map((comment) => ({...comment, body: '', attachments: []}))});
    }
    onProgress?.(`read ${tickets} tickets`);
  }
  const kept = (type: 'contacts' | 'organizations') => (key: string) => {
    const row = journal?.recordByMatchKey(type, key);
    return row ? row.sourceId : undefined;
  };
  const agentIds = new Set(agents.map((agent) => agent.id));
  const contactOrder = contactsInRunOrder(plan, 'full', contacts, references, agentIds);
  const contactSurvivors = duplicateSurvivors('contacts', contactOrder.map(({person, referenced}) => ({record: person, writable: !contactRefusal(person, plan, referenced, plan.source.platform)})), kept('contacts'));
  groupDuplicates(contacts, (c) => c.email?.trim().toLowerCase(), 'contacts', 'email', contactSurvivors, findings);
  const orgSurvivors = duplicateSurvivors('organizations', organizations.map((record) => ({record, writable: true})), kept('organizations'));
  groupDuplicates(organizations, (o) => o.name.trim().toLowerCase(), 'organizations', 'name', orgSurvivors, findings);
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

/** The audit of a migration folder: with its journal when it has one (never creating one). */
export async function auditFolder(dir: string | undefined, plan: Plan, source: SourceSession, target: TargetSession, onProgress?: (text: string) => void): Promise<Finding[]> {
  const journal = dir && existsSync(path.join(dir, 'journal.sqlite')) ? Journal.inFolder(dir) : undefined;
  try {
    return await auditAccounts(plan, source, target, onProgress, journal);
  } finally {
    journal?.close();
  }
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

function groupDuplicates<T extends {id: string}>(items: T[], key: (item: T) => string | undefined, type: string, what: string, survivors: Map<string, string>, findings: Finding[]) {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k) groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  const named = (i: T) => `#${i.id}${(i as unknown as Person).name ? ` ${(i as unknown as Person).name}` : ''}`;
  for (const [k, list] of groups)
    if (list.length > 1) {
      const survivorId = survivors.get(k);
      const survivor = list.find((item) => item.id === survivorId);
      const fate = survivor
        ? `${named(survivor)} is migrated, the other${list.length > 2 ? 's are' : ' is'} linked to it`
        : survivorId !== undefined
          ? `they are linked to #${survivorId}, which an earlier run migrated`
          : 'none of them can be migrated as it is';
      findings.push({
        kind: 'duplicate',
        records: list.map((item) => `${type}:${item.id}`),
        message: `${list.length} ${type} share the ${what} "${k}" (${list.map(named).join(', ')}): ${fate}`,
        ...(survivorId !== undefined ? {survivor: `${type}:${survivorId}`} : {}),
      });
    }
}

