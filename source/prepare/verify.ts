// Verify: re-read migrated records from the target and compare them with the
// source field by field, listing every difference. Comparisons allow for what a
// target cannot represent exactly (statuses it lacks, HTML it rewrites).
import type {SourceSession, TargetSession} from '../contracts/connector.js';
import type {AnyRecord, RecordType, Ticket, TicketStatus} from '../contracts/model.js';
import {Journal} from '../engine/journal.js';

export interface Difference {
  type: RecordType;
  sourceId: string;
  targetId: string;
  field: string;
  source: string;
  target: string;
}

export interface VerifyResult {
  checked: number;
  missing: number;
  differences: Difference[];
}

const STATUS_CLASS: Record<TicketStatus, string> = {new: 'open', open: 'open', pending: 'waiting', hold: 'waiting', solved: 'solved', closed: 'closed'};
const VERIFIED: RecordType[] = ['groups', 'organizations', 'contacts', 'tickets', 'kb_categories', 'kb_sections', 'kb_articles'];

const ENTITIES: Record<string, string> = {nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'"};

/** Text of an HTML body as people read it, so rewritten markup is not a difference. */
export function plainText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    // One pass, so "&amp;lt;" (a literal "&lt;" in the text) does not become "<".
    .replace(/&(nbsp|amp|lt|gt|quot|#39);/g, (_, entity: string) => ENTITIES[entity]!)
    .replace(/\s+/g, ' ')
    .trim();
}

export async function verifyMigration(journal: Journal, source: SourceSession, target: TargetSession, sample: number, options: {tagMigrated?: string} = {}): Promise<VerifyResult> {
  const result: VerifyResult = {checked: 0, missing: 0, differences: []};
  for (const type of VERIFIED) {
    // Records linked to existing target records or to a duplicate are not ours to compare.
    const rows = journal.records({type, status: 'migrated'}).filter((r) => r.targetId && !/^linked to|^matched to/.test(r.reason ?? ''));
    for (const row of pick(rows, sample)) {
      const [from, to] = await Promise.all([source.get(type, row.sourceId), target.get(type, row.targetId!)]);
      result.checked++;
      const diff = (field: string, a: unknown, b: unknown) => result.differences.push({type, sourceId: row.sourceId, targetId: row.targetId!, field, source: String(a), target: String(b)});
      if (!to) {
        result.missing++;
        diff('record', 'exists', 'missing on the target');
        continue;
      }
      if (!from) continue; // deleted from the source since: nothing to compare
      compare(type, from, to, diff, journal, options);
    }
  }
  return result;
}

function compare(type: RecordType, from: AnyRecord, to: AnyRecord, diff: (field: string, a: unknown, b: unknown) => void, journal: Journal, options: {tagMigrated?: string}) {
  const a = from as unknown as Record<string, unknown>;
  const b = to as unknown as Record<string, unknown>;
  for (const field of ['name', 'title'])
    if (typeof a[field] === 'string' && String(a[field]).trim() !== String(b[field] ?? '').trim()) diff(field, a[field], b[field]);
  if (type === 'contacts' && (a.email ?? '') !== '' && String(a.email).toLowerCase() !== String(b.email ?? '').toLowerCase()) diff('email', a.email, b.email);
  if (type === 'kb_articles' && plainText(String(a.body)) !== plainText(String(b.body))) diff('body', excerpt(String(a.body)), excerpt(String(b.body)));
  if (type !== 'tickets') return;
  const s = from as Ticket;
  const t = to as Ticket;
  if (!t.subject.includes(s.subject)) diff('subject', s.subject, t.subject);
  if (STATUS_CLASS[s.status] !== STATUS_CLASS[t.status]) diff('status', s.status, t.status);
  if (s.priority !== t.priority) diff('priority', s.priority, t.priority);
  const requester = journal.record('contacts', s.requesterId)?.targetId ?? journal.record('agents', s.requesterId)?.targetId;
  if (requester && requester !== t.requesterId) diff('requester', `#${s.requesterId} (target #${requester})`, `#${t.requesterId}`);
  const missingTags = s.tags.filter((tag) => !t.tags.includes(tag));
  if (missingTags.length) diff('tags', s.tags.join(' '), t.tags.join(' '));
  if (options.tagMigrated && !t.tags.includes(options.tagMigrated)) diff('tags', `+${options.tagMigrated}`, t.tags.join(' '));
  const targetTexts = t.comments.map((c) => plainText(c.body));
  // Each target comment answers for one source comment: two comments with the same words stay two.
  const used = new Set<number>();
  const leftOut = journal.record('tickets', s.id)?.reason ?? '';
  s.comments.forEach((comment, index) => {
    const text = plainText(comment.body);
    const match = targetTexts.findIndex((body, i) => !used.has(i) && body.includes(text));
    if (match !== -1) used.add(match);
    if (match === -1) diff(`comment ${index + 1}`, excerpt(comment.body), 'no comment on the target has this text');
    else {
      const other = t.comments[match]!;
      if (other.public !== comment.public) diff(`comment ${index + 1} visibility`, comment.public ? 'public' : 'private', other.public ? 'public' : 'private');
      const sizes = other.attachments.map((x) => x.size).sort().join(',');
      const expected = comment.attachments.map((x) => x.size).sort();
      // Attachments the journal says were deliberately left out (too large, options) are not differences.
      const explained = new Set(comment.attachments.filter((x) => leftOut.includes(`${x.fileName} (`) && /left out/.test(leftOut)).map((x) => x.size));
      const missing = expected.filter((size) => !sizes.split(',').includes(String(size)) && !explained.has(size));
      if (missing.length) diff(`comment ${index + 1} attachments`, comment.attachments.map((x) => `${x.fileName} (${x.size} B)`).join(', '), other.attachments.map((x) => `${x.fileName} (${x.size} B)`).join(', ') || 'none');
    }
  });
}

const excerpt = (html: string) => {
  const text = plainText(html);
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
};

function pick<T>(rows: T[], sample: number): T[] {
  if (!Number.isFinite(sample) || rows.length <= sample) return rows;
  // Spread the sample across the whole range so early and late records are both checked.
  const step = rows.length / sample;
  return Array.from({length: sample}, (_, i) => rows[Math.floor(i * step)]!);
}

