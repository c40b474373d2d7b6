// Compares a Zendesk target's exact contents with the source after a migration, by the markers
// ferry writes (connectors/zendesk/target-session.ts): every migrated ticket is one imported ticket
// (its external_id once), its comments imported with it keep their dates, so each source comment is
// one target comment of the same second (the migration's own notes, "Migration note (ferry)", come
// on top); attachments by name; every contact once (external_id).
import type {JournalRecord} from '../../source/engine/journal.js';
import type {Ticket} from '../../source/contracts/model.js';
import type {ExactlyOnceReport} from './exactly-once.js';
import {getJson} from './get-json.js';

interface RawComment {
  id: number;
  html_body: string;
  created_at: string;
  attachments: Array<{file_name: string}>;
}
interface RawTicket {
  id: number;
  external_id: string | null;
  created_at: string;
  comments: RawComment[];
}

const get = getJson;

const second = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export async function checkExactlyOnceZendesk(sourceUrl: string, targetUrl: string, journal: JournalRecord[], platform: string): Promise<ExactlyOnceReport> {
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
  const count = <K>(keys: Array<K | undefined | null>) => {
    const counts = new Map<K, number>();
    for (const key of keys) if (key !== undefined && key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
    return counts;
  };

  const users = count((await get<Array<{external_id: string | null}>>(`${targetUrl}/__emulator/raw/users`)).map((user) => user.external_id));
  for (const [key, n] of users) duplicate('contacts', n - 1, `${key} is on the target ${n} times`);
  for (const row of journal.filter((r) => r.type === 'contacts')) {
    if (row.status === 'pending') lose('contacts', 1, `contacts:${row.sourceId} is still pending`);
    if (row.status !== 'migrated' || /^linked to|^matched to/.test(row.reason ?? '')) continue;
    if (!users.has(`${platform}:contacts:${row.sourceId}`)) lose('contacts', 1, `contacts:${row.sourceId} is journalled migrated but not on the target`);
  }

  const sourceTickets = await get<Ticket[]>(`${sourceUrl}/__emulator/records/tickets`);
  const byKey = new Map<string, RawTicket[]>();
  for (const ticket of await get<RawTicket[]>(`${targetUrl}/__emulator/raw/tickets`)) if (ticket.external_id) byKey.set(ticket.external_id, [...(byKey.get(ticket.external_id) ?? []), ticket]);
  let checked = 0;
  for (const source of sourceTickets) {
    const key = `${platform}:tickets:${source.id}`;
    const copies = byKey.get(key) ?? [];
    duplicate('tickets', copies.length - 1, `${key} is on the target ${copies.length} times`);
    const row = rows.get(`tickets:${source.id}`);
    if (!row || row.status === 'pending') {
      lose('tickets', 1, `${key} is ${row ? 'still pending' : 'not in the journal'}`);
      continue;
    }
    if (row.status !== 'migrated') {
      if (copies.length) duplicate('tickets', copies.length, `${key} is journalled ${row.status} but on the target`);
      continue; // failed or skipped with a reason: reported, not lost
    }
    const copy = copies[0];
    if (!copy) {
      lose('tickets', 1, `${key} is journalled migrated but not on the target`);
      continue;
    }
    checked++;
    if (row.targetId !== String(copy.id)) report.problems.push(`${key}: journalled as target #${row.targetId}, on the target as #${copy.id}`);
    const ours = copy.comments.filter((comment) => !/Migration note \(ferry\)/.test(comment.html_body));
    const have = count(ours.map((comment) => second(comment.created_at)));
    const want = count(source.comments.map((comment) => second(comment.createdAt)));
    for (const [at, n] of want) {
      lose('comments', n - (have.get(at) ?? 0), `${key} comment of ${new Date(at * 1000).toISOString()}`);
      duplicate('comments', (have.get(at) ?? 0) - n, `${key} comment of ${new Date(at * 1000).toISOString()} is on ticket ${copy.id} ${have.get(at)} times`);
    }
    for (const [at, n] of have) if (!want.has(at)) duplicate('comments', n, `${key}: ticket ${copy.id} has a comment of ${new Date(at * 1000).toISOString()} no source comment has`);
    const reason = row.reason ?? '';
    const got = count(copy.comments.flatMap((comment) => comment.attachments.map((attachment) => attachment.file_name)));
    const wanted = count(source.comments.flatMap((comment) => comment.attachments).filter((attachment) => !(reason.includes(attachment.fileName) && /left out|larger/.test(reason))).map((attachment) => attachment.fileName));
    for (const [name, n] of wanted) {
      lose('attachments', n - (got.get(name) ?? 0), `${key} attachment ${name}`);
      duplicate('attachments', (got.get(name) ?? 0) - n, `${key} attachment ${name} is on ticket ${copy.id} ${got.get(name)} times`);
    }
  }
  if (!checked) report.problems.push('no migrated ticket was checked');
  return report;
}
