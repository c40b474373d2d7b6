// Duplicates in the source (contacts sharing an email, organizations sharing a name): the run
// migrates one and links the others to it. Which one is the engine's rule, shared here so the
// audit names the same record the run keeps: the one the folder's journal already has on the
// target (an earlier run, a demo), else the first it can migrate in the run's own order (the
// type's listing when the run reads it page by page; otherwise the order tickets reference
// people, as a demo does). The engine takes duplicates in that order whatever the timing of its
// requests (Engine.claimPeople, pages of such types never overlapping), so audit and run agree.
import type {AnyRecord, Person, RecordType, Ticket} from '../contracts/model.js';
import type {Plan} from '../plan/plan.js';
import type {RunMode} from './journal.js';
import {isValidEmail} from './mapping.js';
import {migratesInBulk} from './outcomes.js';

/** What makes two records of a type the same record (the engine's match key). */
export function matchKeyOf(type: RecordType, record: AnyRecord): string | undefined {
  if (type === 'contacts') return (record as Person).email?.trim().toLowerCase() || undefined;
  if (type === 'organizations') return (record as {name: string}).name.trim().toLowerCase();
  return undefined;
}

/** Why the run does not write a contact at all (the engine's rule), before duplicates are looked at. */
export function contactRefusal(person: Person, plan: Pick<Plan, 'options'>, referenced: boolean, sourceLabel: string): {status: 'skipped' | 'failed'; reason: string} | undefined {
  if (!person.active && !plan.options.migrateInactiveUsers && !referenced) return {status: 'skipped', reason: 'inactive user; enable options.migrateInactiveUsers to migrate inactive users'};
  if (person.email && !isValidEmail(person.email)) return {status: 'failed', reason: `invalid email address "${person.email}"; correct it in ${sourceLabel} and retry`};
  return undefined;
}

/**
 * The contacts in the order a run of this mode reaches them, each with whether it arrives as a
 * reference: the listing when contacts are read in bulk, else the order the tickets (in their
 * listing order; a demo's first ones only) reference them, requester before comment authors.
 * Agents are people the agent map handles, never contacts.
 */
export function contactsInRunOrder(plan: Pick<Plan, 'recordTypes' | 'filters' | 'demo'>, mode: RunMode, contacts: Person[], tickets: Array<Pick<Ticket, 'requesterId' | 'comments'>>, agentIds: ReadonlySet<string> = new Set()): Array<{person: Person; referenced: boolean}> {
  if (migratesInBulk(plan, mode, 'contacts')) return contacts.map((person) => ({person, referenced: false}));
  const byId = new Map(contacts.map((person) => [person.id, person]));
  const seen = new Set<string>();
  const order: Array<{person: Person; referenced: boolean}> = [];
  for (const ticket of mode === 'demo' ? tickets.slice(0, plan.demo.tickets) : tickets) {
    for (const id of [ticket.requesterId, ...ticket.comments.map((comment) => comment.authorId)]) {
      const person = byId.get(id);
      if (!person || seen.has(id) || agentIds.has(id)) continue;
      seen.add(id);
      order.push({person, referenced: true});
    }
  }
  return order;
}

/**
 * The record the run keeps for each match key: `linked(key)` (the journal's record on the target,
 * Journal.recordByMatchKey) when there is one, else the first in run order that the run writes.
 */
export function duplicateSurvivors<T extends AnyRecord>(type: RecordType, inRunOrder: Array<{record: T; writable: boolean}>, linked: (key: string) => string | undefined = () => undefined): Map<string, string> {
  const survivors = new Map<string, string>();
  for (const {record, writable} of inRunOrder) {
    const key = matchKeyOf(type, record);
    if (!key || survivors.has(key)) continue;
    const earlier = linked(key);
    if (earlier !== undefined) survivors.set(key, earlier);
    else if (writable) survivors.set(key, record.id);
  }
  return survivors;
}
