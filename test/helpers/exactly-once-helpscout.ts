// Compares a Help Scout target's exact contents with the source after a migration, by the markers
// ferry writes (connectors/helpscout/target-session.ts): every migrated ticket is one conversation
// (its marker tag once), every comment after the first one thread (its marker once), attachments by
// name, every customer once (marker in background); and what Help Scout promises for imports:
// conversation and threads imported (no email), thread dates kept.
import {htmlMarkerOf, markerTag, textMarkerOf} from '../../connectors/helpscout/api-shapes.js';
import type {JournalRecord} from '../../source/engine/journal.js';
import type {Ticket} from '../../source/contracts/model.js';
import type {ExactlyOnceReport} from './exactly-once.js';
import {getJson} from './get-json.js';

interface RawThread {
  id: number;
  type: string;
  body: string;
  createdAt: string;
  imported: boolean;
  _embedded: {attachments: Array<{filename: string}>};
}
interface RawConversation {
  id: number;
  imported: boolean;
  createdAt: string;
  tags: Array<{tag: string}>;
  threadList: RawThread[];
}

const get = getJson;

export async function checkExactlyOnceHelpScout(sourceUrl: string, targetUrl: string, journal: JournalRecord[], platform = 'zendesk'): Promise<ExactlyOnceReport> {
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
  const wrong = (why: string) => report.problems.push(why);
  const rows = new Map(journal.map((row) => [`${row.type}:${row.sourceId}`, row]));
  const count = (keys: Array<string | undefined>) => {
    const counts = new Map<string, number>();
    for (const key of keys) if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
    return counts;
  };

  // Customers: each marker once; each migrated contact (not linked to an existing one) present.
  const customers = count((await get<Array<{background: string | null}>>(`${targetUrl}/__emulator/raw/customers`)).map((customer) => textMarkerOf(customer.background)));
  for (const [key, n] of customers) duplicate('contacts', n - 1, `${key} is on the target ${n} times`);
  for (const row of journal.filter((r) => r.type === 'contacts')) {
    if (row.status === 'pending') lose('contacts', 1, `contacts:${row.sourceId} is still pending`);
    if (row.status !== 'migrated' || /^linked to|^matched to/.test(row.reason ?? '')) continue;
    if (!customers.has(`${platform}:contacts:${row.sourceId}`)) lose('contacts', 1, `contacts:${row.sourceId} is journalled migrated but not on the target`);
  }

  const sourceTickets = await get<Ticket[]>(`${sourceUrl}/__emulator/records/tickets`);
  const conversations = await get<RawConversation[]>(`${targetUrl}/__emulator/raw/conversations`);
  const byTag = new Map<string, RawConversation[]>();
  for (const conversation of conversations) for (const {tag} of conversation.tags) if (tag.startsWith('ferry-')) byTag.set(tag, [...(byTag.get(tag) ?? []), conversation]);
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
    if (!copy.imported) wrong(`${key}: conversation ${copy.id} was not created with imported: true`);
    if (Date.parse(copy.createdAt) !== Date.parse(source.createdAt)) wrong(`${key}: conversation date ${copy.createdAt}, source ${source.createdAt}`);
    const markers = count(copy.threadList.map((thread) => htmlMarkerOf(thread.body)));
    for (const [marker, n] of markers) duplicate('threads', n - 1, `${marker} is on conversation ${copy.id} ${n} times`);
    const unmarked = copy.threadList.filter((thread) => !htmlMarkerOf(thread.body));
    duplicate('threads', unmarked.length - 1, `conversation ${copy.id} has ${unmarked.length} threads without a marker (only the first comment has none)`);
    for (const comment of source.comments.slice(1)) {
      const marker = `${key}#comment:${comment.id}`;
      const thread = copy.threadList.find((candidate) => htmlMarkerOf(candidate.body) === marker);
      if (!thread) lose('comments', 1, `${key} comment ${comment.id} is not on conversation ${copy.id}`);
      else if (Date.parse(thread.createdAt) !== Date.parse(comment.createdAt)) wrong(`${marker}: thread date ${thread.createdAt}, source ${comment.createdAt}`);
      else if (!thread.imported) wrong(`${marker}: thread ${thread.id} was not imported`);
    }
    const reason = row.reason ?? '';
    const have = count(copy.threadList.flatMap((thread) => thread._embedded.attachments.map((attachment) => attachment.filename)));
    const want = count(source.comments.flatMap((comment) => comment.attachments).filter((attachment) => !(reason.includes(attachment.fileName) && /left out|larger/.test(reason))).map((attachment) => attachment.fileName));
    for (const [name, n] of want) {
      lose('attachments', n - (have.get(name) ?? 0), `${key} attachment ${name}`);
      duplicate('attachments', (have.get(name) ?? 0) - n, `${key} attachment ${name} is on conversation ${copy.id} ${have.get(name)} times`);
    }
  }
  return report;
}
