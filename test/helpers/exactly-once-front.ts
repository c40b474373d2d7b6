// Compares a Front target's exact contents with the source after a migration, by the markers ferry
// writes (connectors/front/target-session.ts): every migrated ticket is one conversation (its marker
// tag once), every public comment one imported message (its external_id once) with its original
// created_at, every private comment one comment (its HTML marker once), attachments by name, every
// contact once (marker in description) and every account once (external_id).
import {externalIdOf, htmlMarkerOf, markerTag, textMarkerOf} from '../../connectors/front/api-shapes.js';
import type {JournalRecord} from '../../source/engine/journal.js';
import type {Ticket} from '../../source/contracts/model.js';
import type {ExactlyOnceReport} from './exactly-once.js';
import {getJson} from './get-json.js';

interface RawConversation {
  id: string;
  imported: boolean;
  tags: Array<{name: string}>;
  messages: Array<{id: string; created_at: number; imported: boolean; metadata: {external_id?: string}; attachments: Array<{filename: string}>}>;
  comments: Array<{id: string; body: string; attachments: Array<{filename: string}>}>;
}

const get = getJson;

export async function checkExactlyOnceFront(sourceUrl: string, targetUrl: string, journal: JournalRecord[], platform = 'zendesk'): Promise<ExactlyOnceReport> {
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
  const marked = async (type: 'contacts' | 'organizations', kind: string, markerOf: (item: any) => string | undefined | null) => {
    const counts = count((await get<unknown[]>(`${targetUrl}/__emulator/raw/${kind}`)).map(markerOf));
    for (const [key, n] of counts) duplicate(type, n - 1, `${key} is on the target ${n} times`);
    for (const row of journal.filter((r) => r.type === type)) {
      if (row.status === 'pending') lose(type, 1, `${type}:${row.sourceId} is still pending`);
      if (row.status !== 'migrated' || /^linked to|^matched to/.test(row.reason ?? '')) continue;
      if (!counts.has(`${platform}:${type}:${row.sourceId}`)) lose(type, 1, `${type}:${row.sourceId} is journalled migrated but not on the target`);
    }
  };
  await marked('contacts', 'contacts', (contact) => textMarkerOf(contact.description));
  await marked('organizations', 'accounts', (account) => account.external_id);

  const sourceTickets = await get<Ticket[]>(`${sourceUrl}/__emulator/records/tickets`);
  const conversations = await get<RawConversation[]>(`${targetUrl}/__emulator/raw/conversations`);
  const byTag = new Map<string, RawConversation[]>();
  for (const conversation of conversations) for (const {name} of conversation.tags) if (name.startsWith('ferry-')) byTag.set(name, [...(byTag.get(name) ?? []), conversation]);
  // Every external_id once across the whole account ("Front won't import two messages with the same external ID").
  for (const [id, n] of count(conversations.flatMap((c) => c.messages.map((m) => m.metadata.external_id)))) duplicate('messages', n - 1, `external_id ${id} is on the target ${n} times`);
  for (const source of sourceTickets) {
    const key = `${platform}:tickets:${source.id}`;
    const copies = byTag.get(markerTag(key)) ?? [];
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
    if (!copy.imported) report.problems.push(`${key}: conversation ${copy.id} was not created by an import`);
    const notes = count(copy.comments.map((comment) => htmlMarkerOf(comment.body)));
    for (const [marker, n] of notes) duplicate('comments', n - 1, `${marker} is on conversation ${copy.id} ${n} times`);
    source.comments.forEach((comment, index) => {
      const externalId = externalIdOf(key, comment.id);
      // The first comment starts the conversation as a message, private or not.
      if (comment.public || index === 0) {
        const message = copy.messages.find((candidate) => candidate.metadata.external_id === externalId);
        if (!message) lose('messages', 1, `${key} comment ${comment.id} is not on conversation ${copy.id}`);
        else if (message.created_at !== Math.floor(Date.parse(comment.createdAt) / 1000)) report.problems.push(`${externalId}: message date ${message.created_at}, source ${comment.createdAt}`);
      } else if (!notes.has(externalId)) lose('comments', 1, `${key} private comment ${comment.id} is not on conversation ${copy.id}`);
    });
    const reason = row.reason ?? '';
    const have = count([...copy.messages, ...copy.comments].flatMap((item) => item.attachments.map((attachment) => attachment.filename)));
    const want = count(source.comments.flatMap((comment) => comment.attachments).filter((attachment) => !(reason.includes(attachment.fileName) && /left out|larger/.test(reason))).map((attachment) => attachment.fileName));
    for (const [name, n] of want) {
      lose('attachments', n - (have.get(name) ?? 0), `${key} attachment ${name}`);
      duplicate('attachments', (have.get(name) ?? 0) - n, `${key} attachment ${name} is on conversation ${copy.id} ${have.get(name)} times`);
    }
  }
  return report;
}
