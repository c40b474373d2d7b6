// Compares a Freshdesk target's exact contents with the Zendesk source after a migration:
// every source record once, every comment, note and attachment once, every custom-field
// value present or a warning on its ticket. Markers are what ferry writes on the target
// (connectors/freshdesk/target-session.ts), so a duplicate cannot hide behind equal text.
import {htmlMarkerOf, textMarkerOf, TICKET_MARKER_FIELD} from '../../connectors/freshdesk/api-shapes.js';
import * as fs from '../../connectors/freshservice/api-shapes.js';
import type {JournalRecord} from '../../source/engine/journal.js';
import type {RecordType, Ticket} from '../../source/contracts/model.js';
import {getJson} from './get-json.js';

export interface ExactlyOnceReport {
  lost: Record<string, number>;
  duplicated: Record<string, number>;
  /** One line per problem, for a test's message */
  problems: string[];
}

interface RawConversation {
  body: string;
  attachments: Array<{name: string}>;
}
interface RawTicket {
  id: number;
  custom_fields: Record<string, unknown>;
  attachments: Array<{name: string}>;
  conversations: RawConversation[];
}

const get = getJson;

/** Where a target emulator keeps ferry's markers: its raw kinds per record type, and a ticket's marker. */
export interface TargetMarkers {
  marked: Array<[RecordType, string, (item: any) => string | undefined]>;
  ticketKey: (ticket: any) => string | undefined;
}

export const FRESHDESK_MARKERS: TargetMarkers = {
  marked: [
    ['contacts', 'contacts', (c) => c.unique_external_id ?? undefined],
    ['organizations', 'companies', (c) => textMarkerOf(c.description)],
    ['groups', 'groups', (g) => textMarkerOf(g.description)],
    ['kb_categories', 'categories', (c) => textMarkerOf(c.description)],
    ['kb_sections', 'folders', (f) => textMarkerOf(f.description)],
    ['kb_articles', 'articles', (a) => htmlMarkerOf(a.description)],
  ],
  ticketKey: (ticket) => ticket.custom_fields?.[TICKET_MARKER_FIELD],
};

/** Freshservice (connectors/freshservice/target-session.ts): requesters' background_information, departments'
 * descriptions, and the HTML comment at the end of a ticket's description (the marker tag says the same). */
export const FRESHSERVICE_MARKERS: TargetMarkers = {
  marked: [
    ['contacts', 'requesters', (r) => fs.textMarkerOf(r.background_information)],
    ['organizations', 'departments', (d) => fs.textMarkerOf(d.description)],
    ['groups', 'groups', (g) => fs.textMarkerOf(g.description)],
    ['kb_categories', 'categories', (c) => fs.textMarkerOf(c.description)],
    ['kb_sections', 'folders', (f) => fs.textMarkerOf(f.description)],
    ['kb_articles', 'articles', (a) => fs.htmlMarkerOf(a.description)],
  ],
  ticketKey: (ticket) => {
    const key = fs.htmlMarkerOf(ticket.description);
    // The tag and the description must name the same source record.
    return key && ticket.tags?.includes(fs.markerTag(key)) ? key : key ? `${key} (marker tag missing)` : undefined;
  },
};

export async function checkExactlyOnce(sourceUrl: string, targetUrl: string, journal: JournalRecord[], platform = 'zendesk', markers: TargetMarkers = FRESHDESK_MARKERS): Promise<ExactlyOnceReport> {
  const report: ExactlyOnceReport = {lost: {}, duplicated: {}, problems: []};
  const lose = (what: string, n: number, why: string) => {
    if (n <= 0) return;
    report.lost[what] = (report.lost[what] ?? 0) + n;
    report.problems.push(`lost ${n} ${what}: ${why}`);
  };
  const duplicate = (what: string, n: number, why: string) => {
    if (n <= 0) return;
    report.duplicated[what] = (report.duplicated[what] ?? 0) + n;
    report.problems.push(`duplicated ${n} ${what}: ${why}`);
  };
  const rows = new Map(journal.map((row) => [`${row.type}:${row.sourceId}`, row]));
  const keyOf = (type: RecordType, id: string) => `${platform}:${type}:${id}`;
  const count = (keys: Array<string | undefined>) => {
    const counts = new Map<string, number>();
    for (const key of keys) if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
    return counts;
  };

  // Records with a marker: each migrated one (not linked to an existing record) is on the
  // target once; no marker appears twice.
  const {marked} = markers;
  for (const [type, kind, markerOf] of marked) {
    const counts = count((await get<unknown[]>(`${targetUrl}/__emulator/raw/${kind}`)).map(markerOf));
    for (const [key, n] of counts) duplicate(type, n - 1, `${key} is on the target ${n} times`);
    for (const row of journal.filter((r) => r.type === type)) {
      if (row.status === 'pending') lose(type, 1, `${row.type}:${row.sourceId} is still pending`);
      if (row.status !== 'migrated' || /^linked to|^matched to/.test(row.reason ?? '')) continue;
      if (!counts.has(keyOf(type, row.sourceId))) lose(type, 1, `${row.type}:${row.sourceId} is journalled migrated but not on the target`);
    }
  }

  // Tickets, their comments, attachments and custom-field values.
  const sourceTickets = await get<Ticket[]>(`${sourceUrl}/__emulator/records/tickets`);
  const targetTickets = await get<RawTicket[]>(`${targetUrl}/__emulator/raw/tickets`);
  const targetFields = await get<Array<{id: number; name: string}>>(`${targetUrl}/__emulator/raw/ticket_fields`);
  const fieldName = new Map(targetFields.map((field) => [String(field.id), field.name]));
  const byKey = new Map<string, RawTicket[]>();
  for (const ticket of targetTickets) {
    const key = String(markers.ticketKey(ticket) ?? '');
    byKey.set(key, [...(byKey.get(key) ?? []), ticket]);
  }
  const sourceKeys = new Set(sourceTickets.map((ticket) => keyOf('tickets', ticket.id)));
  for (const [key, copies] of byKey) if (key && !sourceKeys.has(key)) duplicate('tickets', copies.length, `${key} is on the target but not in the source`);
  for (const source of sourceTickets) {
    const key = keyOf('tickets', source.id);
    const copies = byKey.get(key) ?? [];
    duplicate('tickets', copies.length - 1, `${key} is on the target ${copies.length} times`);
    const row = rows.get(`tickets:${source.id}`);
    if (!row || row.status === 'pending') {
      lose('tickets', 1, `${key} is ${row ? 'still pending' : 'not in the journal'}`);
      continue;
    }
    if (row.status !== 'migrated') continue; // failed or skipped with a reason: reported, not lost
    const copy = copies[0];
    if (!copy) {
      lose('tickets', 1, `${key} is journalled migrated but not on the target`);
      continue;
    }
    const reason = row.reason ?? '';
    // Every note marker once, and every source comment after the first (the description) present.
    const markers = count(copy.conversations.map((conversation) => htmlMarkerOf(conversation.body)));
    for (const [marker, n] of markers) duplicate('notes', n - 1, `${marker} is on ticket ${copy.id} ${n} times`);
    for (const comment of source.comments.slice(1)) if (!markers.has(`${key}#comment:${comment.id}`)) lose('comments', 1, `${key} comment ${comment.id} is not on ticket ${copy.id}`);
    // Attachments by name: as many as the source has, less those the record says were left out.
    const have = count([...copy.attachments, ...copy.conversations.flatMap((conversation) => conversation.attachments)].map((attachment) => attachment.name));
    const want = count(source.comments.flatMap((comment) => comment.attachments).filter((attachment) => !leftOut(reason, attachment.fileName)).map((attachment) => attachment.fileName));
    for (const [name, n] of want) {
      lose('attachments', n - (have.get(name) ?? 0), `${key} attachment ${name}`);
      duplicate('attachments', (have.get(name) ?? 0) - n, `${key} attachment ${name} is on ticket ${copy.id} ${have.get(name)} times`);
    }
    // Custom-field values: present on the target, or the ticket says why not.
    for (const [sourceFieldId, value] of Object.entries(source.customFields)) {
      if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) continue;
      const fieldRow = rows.get(`ticket_fields:${sourceFieldId}`);
      if (!fieldRow) continue; // not a field the migration knows (a system field)
      const name = fieldRow.targetId ? fieldName.get(fieldRow.targetId) : undefined;
      const present = name !== undefined && copy.custom_fields[name] !== null && copy.custom_fields[name] !== undefined && copy.custom_fields[name] !== '';
      if (!present && !/custom field|left out|no option|not on the target|default/i.test(reason)) lose('field values', 1, `${key} field ${sourceFieldId} (${fieldRow.status}) has no value and no warning`);
    }
  }
  return report;
}

function leftOut(reason: string, fileName: string): boolean {
  return reason.includes(fileName) && /left out|not migrated|too large|over/i.test(reason);
}
