// Compares an Intercom target's exact contents with the source after a migration, by the markers
// ferry writes (connectors/intercom/target-session.ts): every migrated contact once (external_id),
// company once (company_id), data attribute, collection and article once (their markers), every
// ticket one conversation (the marker line of its first message), every later comment one part
// (its HTML marker) with its original date, files by name, and custom-field values present or
// explained on the ticket.
import {conversationMarkerOf, htmlMarkerOf, textMarkerOf, toUnix, type IcArticle, type IcCollection, type IcCompany, type IcContact, type IcConversation, type IcDataAttribute} from '../../connectors/intercom/api-shapes.js';
import type {JournalRecord} from '../../source/engine/journal.js';
import type {RecordType, Ticket} from '../../source/contracts/model.js';
import type {ExactlyOnceReport} from './exactly-once.js';
import {getJson} from './get-json.js';

const get = getJson;

export async function checkExactlyOnceIntercom(sourceUrl: string, targetUrl: string, journal: JournalRecord[], platform = 'zendesk'): Promise<ExactlyOnceReport> {
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
  const count = (keys: Array<string | undefined | null>) => {
    const counts = new Map<string, number>();
    for (const key of keys) if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
    return counts;
  };
  const marked: Array<[RecordType, Map<string, number>]> = [
    ['contacts', count((await get<IcContact[]>(`${targetUrl}/__emulator/raw/contacts`)).map((c) => c.external_id))],
    ['organizations', count((await get<IcCompany[]>(`${targetUrl}/__emulator/raw/companies`)).map((c) => c.company_id))],
    ['kb_categories', count((await get<IcCollection[]>(`${targetUrl}/__emulator/raw/collections`)).map((c) => textMarkerOf(c.description)))],
    ['kb_sections', count((await get<IcCollection[]>(`${targetUrl}/__emulator/raw/collections`)).map((c) => textMarkerOf(c.description)))],
    ['kb_articles', count((await get<IcArticle[]>(`${targetUrl}/__emulator/raw/articles`)).map((a) => htmlMarkerOf(a.body)))],
  ];
  for (const [type, counts] of marked) {
    for (const [key, n] of counts) if (key.includes(`:${type}:`)) duplicate(type, n - 1, `${key} is on the target ${n} times`);
    for (const row of journal.filter((r) => r.type === type)) {
      if (row.status === 'pending') lose(type, 1, `${type}:${row.sourceId} is still pending`);
      if (row.status !== 'migrated' || /^linked to|^matched to/.test(row.reason ?? '')) continue;
      if (!counts.has(`${platform}:${type}:${row.sourceId}`)) lose(type, 1, `${type}:${row.sourceId} is journalled migrated but not on the target`);
    }
  }

  const attributes = await get<IcDataAttribute[]>(`${targetUrl}/__emulator/raw/attributes`);
  const attributeName = new Map(attributes.map((a) => [String(a.id), a.name]));
  const sourceTickets = await get<Ticket[]>(`${sourceUrl}/__emulator/records/tickets`);
  const conversations = await get<IcConversation[]>(`${targetUrl}/__emulator/raw/conversations`);
  const byKey = new Map<string, IcConversation[]>();
  for (const conversation of conversations) {
    const key = conversationMarkerOf(conversation.source.body);
    if (key) byKey.set(key, [...(byKey.get(key) ?? []), conversation]);
  }
  for (const source of sourceTickets) {
    const key = `${platform}:tickets:${source.id}`;
    const copies = byKey.get(key) ?? [];
    duplicate('tickets', copies.length - 1, `${key} is on the target ${copies.length} times`);
    const row = rows.get(`tickets:${source.id}`);
    if (!row || row.status === 'pending') {
      lose('tickets', 1, `${key} is ${row ? 'still pending' : 'not in the journal'}`);
      continue;
    }
    if (row.status !== 'migrated') continue;
    const copy = copies[0];
    if (!copy) {
      lose('tickets', 1, `${key} is journalled migrated but not on the target`);
      continue;
    }
    if (copy.created_at !== toUnix(source.comments[0]!.createdAt)) report.problems.push(`${key}: conversation created_at ${copy.created_at}, source ${source.comments[0]!.createdAt}`);
    const parts = copy.conversation_parts?.conversation_parts ?? [];
    const markers = count(parts.map((part) => htmlMarkerOf(part.body)));
    for (const [marker, n] of markers) duplicate('parts', n - 1, `${marker} is on conversation ${copy.id} ${n} times`);
    for (const comment of source.comments.slice(1)) {
      const marker = `${key}#comment:${comment.id}`;
      const part = parts.find((candidate) => htmlMarkerOf(candidate.body) === marker);
      if (!part) lose('comments', 1, `${key} comment ${comment.id} is not on conversation ${copy.id}`);
      else if (part.created_at !== toUnix(comment.createdAt)) report.problems.push(`${marker}: part created_at ${part.created_at}, source ${comment.createdAt}`);
      else if (comment.public ? !['comment', 'open'].includes(part.part_type) : part.part_type !== 'note') report.problems.push(`${marker}: part is a ${part.part_type}, the source comment is ${comment.public ? 'public' : 'private'}`);
    }
    const reason = row.reason ?? '';
    const have = count([...copy.source.attachments, ...parts.flatMap((part) => part.attachments)].map((file) => file.name));
    const want = count(source.comments.flatMap((comment) => comment.attachments).filter((file) => !(reason.includes(file.fileName) && /left out|larger|over/i.test(reason))).map((file) => file.fileName));
    for (const [name, n] of want) {
      lose('attachments', n - (have.get(name) ?? 0), `${key} attachment ${name}`);
      duplicate('attachments', (have.get(name) ?? 0) - n, `${key} attachment ${name} is on conversation ${copy.id} ${have.get(name)} times`);
    }
    for (const [fieldId, value] of Object.entries(source.customFields)) {
      if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) continue;
      const fieldRow = rows.get(`ticket_fields:${fieldId}`);
      if (!fieldRow) continue;
      const name = fieldRow.targetId ? attributeName.get(fieldRow.targetId) : undefined;
      const present = name !== undefined && copy.custom_attributes[name] !== undefined && copy.custom_attributes[name] !== null;
      if (!present && !/custom field|left out|not on the target|default/i.test(reason)) lose('field values', 1, `${key} field ${fieldId} has no value and no warning`);
    }
  }
  return report;
}
