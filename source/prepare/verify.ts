// Verify: re-read migrated records from the target and compare them with the
// source field by field, listing every difference. Comparisons allow for what a
// target cannot represent exactly (statuses it lacks, HTML it rewrites).
//
// A difference the migration already said it would make is expected, not a finding: one the
// record's own journal notes explain (the target's write-time notes, e.g. Help Scout's "no
// priority: "urgent" was not kept", Freshdesk's "no "Task" ticket type"), or the target's platform
// limitations (its connector's limits, e.g. Request Tracker "does not keep ticket types"). The rule
// is one for every platform (explainedBy): a note explains a field's difference when it names the
// field and quotes the value that was not kept; a platform limitation, which holds for every record,
// when it names the field. Expected differences are listed apart and do not make exit 3.
// People and organizations (comparePeople): a contact's emails and phones as sets, then the primary;
// custom fields where the target's write places them; what a target left out is expected when the
// record's "left out of the contact: ..." warning names it.
import type {SourceSession, TargetSession} from '../contracts/connector.js';
import type {AnyRecord, Attachment, Organization, Person, PersonFieldValue, RecordType, TargetPersonField, Ticket, TicketStatus} from '../contracts/model.js';
import {emailsOf, filledFields, matchPersonFields, phonesOf} from '../contracts/model.js';
import {Journal} from '../engine/journal.js';
import {mapKind, mapPriority, mapStatus} from '../engine/mapping.js';
import type {FieldMap, Plan} from '../plan/plan.js';
import {limitationsOf} from '../engine/outcomes.js';

export interface Difference {
  type: RecordType;
  sourceId: string;
  targetId: string;
  field: string;
  source: string;
  target: string;
  /** Set on an expected difference: the record's note or the platform limitation that explains it */
  expected?: string;
}

export interface VerifyResult {
  checked: number;
  missing: number;
  /** Differences nothing explains: verify's findings (exit 3) */
  differences: Difference[];
  /** Differences the record's notes or the target's limitations explain (each with `expected`) */
  expected: Difference[];
  /** Target records beyond the first that carry a checked record's marker (where the target can list them) */
  duplicates: number;
}

export interface VerifyOptions {
  tagMigrated?: string;
  /** The plan's field map: a priority, status or type the plan maps is compared as mapped */
  fieldMap?: FieldMap;
  /** The target's platform limitations (platformLimitations of its connector) */
  limitations?: string[];
  /** The source's platform id: the markers' source keys start with it (duplicates are counted by marker) */
  sourcePlatform?: string;
}

/** What a plan tells verify (one rule for `ferry verify` and the console's verify). */
export function verifyOptionsFor(plan: Plan): VerifyOptions {
  return {tagMigrated: plan.options.tagMigrated || undefined, fieldMap: plan.fieldMap, limitations: limitationsOf(plan), sourcePlatform: plan.source.platform};
}

/**
 * The note that explains a difference in `field`, if one does: a record's note that names the field
 * and quotes one of `values` (the source's value, or as the plan mapped it), or a platform limitation
 * that names the field. Words are compared without case; "priority" also finds "priorities".
 */
export function explainedBy(field: string, values: Array<string | undefined>, notes: string[], limitations: string[] = [], type?: RecordType): string | undefined {
  const stem = field.toLowerCase().replace(/(y|s)$/, '');
  const escaped = stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const names = (note: string) => new RegExp(`\\b${escaped}`, 'i').test(note);
  // A limitation about another kind of record's field ("article tags") explains nothing about
  // this one's (a ticket's tags): only one that names the field bare or for this record type.
  const namesForType = (limitation: string) =>
    [...limitation.matchAll(new RegExp(`(?:\\b(\\w+)\\s+)?\\b${escaped}`, 'gi'))].some((match) => {
      const qualifier = RECORD_NOUNS.find(([noun]) => match[1] !== undefined && noun.test(match[1]));
      return !qualifier || type === undefined || qualifier[1].includes(type);
    });
  const quoted = values.filter((value): value is string => Boolean(value)).map((value) => `"${value.toLowerCase()}"`);
  return notes.find((note) => names(note) && quoted.some((value) => note.toLowerCase().includes(value))) ?? limitations.find(namesForType);
}

/** Words a limitation uses for a kind of record, and the record types each means. */
const RECORD_NOUNS: Array<[RegExp, RecordType[]]> = [
  [/^(ticket|conversation)s?$/i, ['tickets']],
  [/^(comment|message|reply|replies|note)s?$/i, ['tickets']],
  [/^articles?$/i, ['kb_articles']],
  [/^(section|folder)s?$/i, ['kb_sections']],
  [/^(categor(y|ies)|collections?)$/i, ['kb_categories']],
  [/^(contact|customer|person|people|user|requester)s?$/i, ['contacts']],
  [/^(organi[sz]ation|compan(y|ies)|account)s?$/i, ['organizations']],
  [/^(group|team|department)s?$/i, ['groups']],
];

/** A record's notes as the journal keeps them (joined with "; "). */
const notesOf = (reason: string | null | undefined): string[] => (reason ?? '').split('; ').map((part) => part.trim()).filter(Boolean);

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

export async function verifyMigration(journal: Journal, source: SourceSession, target: TargetSession, sample: number, options: VerifyOptions = {}): Promise<VerifyResult> {
  const result: VerifyResult = {checked: 0, missing: 0, differences: [], expected: [], duplicates: 0};
  // The target's contact and organization fields, read once and only when a record has a custom value.
  const fieldLists = new Map<'contacts' | 'organizations', Promise<TargetPersonField[]>>();
  const fieldsOf = (type: 'contacts' | 'organizations') => {
    if (!fieldLists.has(type)) fieldLists.set(type, target.personFields ? target.personFields(type) : Promise.resolve([]));
    return fieldLists.get(type)!;
  };
  for (const type of VERIFIED) {
    // Records linked to existing target records or to a duplicate are not ours to compare.
    const rows = journal.records({type, status: 'migrated'}).filter((r) => r.targetId && !/^linked to|^matched to/.test(r.reason ?? ''));
    for (const row of pick(rows, sample)) {
      const [from, to] = await Promise.all([source.get(type, row.sourceId), target.get(type, row.targetId!)]);
      result.checked++;
      journal.noteVerified(type, row.sourceId, null);
      const notes = notesOf(row.reason);
      // `values`: what the record's notes would quote of the source (the value as read, as mapped).
      const diff = (field: string, a: unknown, b: unknown, values: Array<string | undefined> = [String(a)], note?: string) => {
        const expected = note ?? explainedBy(field, values, notes, options.limitations, type);
        const difference: Difference = {type, sourceId: row.sourceId, targetId: row.targetId!, field, source: String(a), target: String(b)};
        if (expected) result.expected.push({...difference, expected});
        else result.differences.push(difference);
        journal.noteVerified(type, row.sourceId, `${field}: source ${difference.source}, target ${difference.target}${expected ? ` (expected: ${expected})` : ''}`);
      };
      if (!to) {
        result.missing++;
        diff('record', 'exists', 'missing on the target', []);
        continue;
      }
      // Written twice: another target record carries this record's marker (a duplicate, never expected).
      const marked = target.findAllByMarker ? await target.findAllByMarker(type, `${options.sourcePlatform}:${type}:${row.sourceId}`) : [];
      const others = marked.filter((id) => id !== row.targetId);
      if (options.sourcePlatform && others.length) {
        result.duplicates += others.length;
        diff('duplicate', 'written once', `also ${others.map((id) => `#${id}`).join(', ')} (same marker)`, []);
      }
      if (!from) continue; // deleted from the source since: nothing to compare
      compare(type, from, to, diff, journal, options);
      if (type === 'contacts' || type === 'organizations') {
        const values = (from as Person | Organization).customFields;
        comparePeople(type, from as Person | Organization, to as Person | Organization, filledFields(values).length ? await fieldsOf(type) : [], notes, diff);
      }
    }
  }
  return result;
}

type Diff = (field: string, a: unknown, b: unknown, values?: Array<string | undefined>, note?: string) => void;

function compare(type: RecordType, from: AnyRecord, to: AnyRecord, diff: Diff, journal: Journal, options: VerifyOptions) {
  const a = from as unknown as Record<string, unknown>;
  const b = to as unknown as Record<string, unknown>;
  for (const field of ['name', 'title'])
    if (typeof a[field] === 'string' && String(a[field]).trim() !== String(b[field] ?? '').trim()) diff(field, a[field], b[field]);
  if (type === 'kb_articles' && plainText(String(a.body)) !== plainText(String(b.body))) diff('body', excerpt(String(a.body)), excerpt(String(b.body)));
  if (type !== 'tickets') return;
  const s = from as Ticket;
  const t = to as Ticket;
  if (!t.subject.includes(s.subject)) diff('subject', s.subject, t.subject);
  // Compared as the plan maps them: a value the plan changes on purpose is not a difference.
  const map = options.fieldMap;
  const status = map ? mapStatus(s.status, map) : s.status;
  if (STATUS_CLASS[status] !== STATUS_CLASS[t.status]) diff('status', s.status, t.status, [s.status, status]);
  const priority = map ? mapPriority(s.priority, map) : s.priority;
  if (priority !== t.priority) diff('priority', s.priority, t.priority, [s.priority, priority]);
  const kind = map ? mapKind(s.kind, map) : s.kind;
  // A source ticket without a type leaves the target's default (Freshservice makes every ticket an Incident): nothing was lost.
  if (kind !== undefined && kind !== (t.kind ?? undefined)) diff('type', s.kind ?? 'none', t.kind ?? 'none', [s.kind, kind]);
  const requester = journal.record('contacts', s.requesterId)?.targetId ?? journal.record('agents', s.requesterId)?.targetId;
  if (requester && requester !== t.requesterId) diff('requester', `#${s.requesterId} (target #${requester})`, `#${t.requesterId}`);
  const missingTags = s.tags.filter((tag) => !t.tags.includes(tag));
  if (missingTags.length) diff('tags', s.tags.join(' '), t.tags.join(' '), missingTags);
  if (options.tagMigrated && !t.tags.includes(options.tagMigrated)) diff('tags', `+${options.tagMigrated}`, t.tags.join(' '), []);
  const targetTexts = t.comments.map((c) => plainText(c.body));
  // Each target comment answers for one source comment: two comments with the same words stay two.
  const used = new Set<number>();
  const leftOut = journal.record('tickets', s.id)?.reason ?? '';
  s.comments.forEach((comment, index) => {
    const text = plainText(comment.body);
    const match = targetTexts.findIndex((body, i) => !used.has(i) && body.includes(text));
    if (match !== -1) used.add(match);
    if (match === -1) diff(`comment ${index + 1}`, excerpt(comment.body), 'no comment on the target has this text', []);
    else {
      const other = t.comments[match]!;
      if (other.public !== comment.public) diff(`comment ${index + 1} visibility`, comment.public ? 'public' : 'private', other.public ? 'public' : 'private', []);
      // Attachments the journal says were deliberately left out (too large, empty, options): expected, with the note.
      const leftOutNote = (fileName: string) => notesOf(leftOut).find((note) => note.includes(`${fileName} `) && /left out/.test(note));
      const missing = unmatchedAttachments(comment.attachments, other.attachments);
      if (missing.length) {
        const notes = missing.map((x) => leftOutNote(x.fileName));
        const all = notes.every(Boolean) ? [...new Set(notes)].join('; ') : undefined;
        diff(`comment ${index + 1} attachments`, comment.attachments.map((x) => `${x.fileName} (${x.size} B)`).join(', '), other.attachments.map((x) => `${x.fileName} (${x.size} B)`).join(', ') || 'none', [], all);
      }
    }
  });
}

/**
 * What a target's "left out of the contact: email x, phone y and z, custom field "tier" (why)"
 * warning names (connectors/shared/people.ts writes it), or undefined for any other note.
 */
export function leftOutNamed(note: string): {of: 'contact' | 'organization'; emails: string[]; phones: string[]; fields: string[]} | undefined {
  const match = /^left out of the (contact|organization): (.+)$/.exec(note);
  if (!match) return undefined;
  const named = {of: match[1] as 'contact' | 'organization', emails: [] as string[], phones: [] as string[], fields: [] as string[]};
  for (const part of match[2]!.split(/, (?=(?:emails?|phones?|custom fields?) )/)) {
    const [, kind, rest] = /^(emails?|phones?|custom fields?) (.+)$/.exec(part) ?? [];
    if (!kind || !rest) continue;
    if (kind.startsWith('custom')) named.fields.push(...[...rest.replace(/ \([^()]*\)$/, '').matchAll(/"([^"]*)"/g)].map((quoted) => quoted[1]!));
    else (kind.startsWith('email') ? named.emails : named.phones).push(...rest.split(' and '));
  }
  return named;
}

const emailKey = (email: string) => email.trim().toLowerCase();
// Targets may write a number with other spacing or punctuation: the digits (and a leading +) are the number.
const phoneKey = (phone: string) => phone.replace(/[^\d+]/g, '');
/** A custom value as compared: lists as sets, a date-time at midnight UTC as its date (the model keeps dates as YYYY-MM-DD). */
const fieldText = (value: PersonFieldValue | undefined): string =>
  Array.isArray(value) ? [...value].map(String).sort().join(', ') : value === null || value === undefined ? '' : String(value).trim().replace(/^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.0+)?Z$/, '$1');

/**
 * A contact's emails and phones (as sets; then the primary, first, which every target keeps first) and
 * a contact's or organization's custom fields, each placed where the target's write puts it
 * (matchPersonFields over the target's fields). What the target left out is expected when the
 * record's own "left out of ..." warning names it (or a note quotes it); anything else is a difference.
 */
function comparePeople(type: 'contacts' | 'organizations', from: Person | Organization, to: Person | Organization, targetFields: TargetPersonField[], notes: string[], diff: Diff) {
  const named = notes.map((note) => ({note, named: leftOutNamed(note)})).filter((entry) => entry.named?.of === (type === 'contacts' ? 'contact' : 'organization'));
  const namedBy = (list: 'emails' | 'phones' | 'fields', key: (value: string) => string, value: string) => named.find((entry) => entry.named![list].some((item) => key(item) === key(value)))?.note;
  if (type === 'contacts') {
    const lists = [
      ['emails', 'email', emailsOf(from as Person), emailsOf(to as Person), emailKey],
      ['phones', 'phone', phonesOf(from as Person), phonesOf(to as Person), phoneKey],
    ] as const;
    for (const [field, primary, source, target, key] of lists) {
      if (!source.length) continue; // nothing of the source to carry
      const missing = source.filter((value) => !target.some((other) => key(other) === key(value)));
      const extra = target.filter((value) => !source.some((other) => key(other) === key(value)));
      if (missing.length || extra.length) {
        const why = missing.map((value) => namedBy(field, key, value) ?? explainedBy(primary, [value], notes));
        const note = !extra.length && why.every(Boolean) ? [...new Set(why)].join('; ') : undefined;
        diff(field, source.join(', '), target.join(', ') || 'none', [], note);
      } else if (key(source[0]!) !== key(target[0]!)) diff(primary, source[0], target[0]);
    }
  }
  const {native, leftOut} = matchPersonFields(from.customFields, targetFields);
  for (const [key, value] of Object.entries(native)) {
    const held = to.customFields?.[key];
    if (fieldText(value) !== fieldText(held)) diff(`custom field "${key}"`, fieldText(value), fieldText(held) || 'none', [fieldText(value)]);
  }
  for (const name of leftOut) {
    const held = to.customFields?.[name];
    if (fieldText(held) === fieldText(from.customFields![name])) continue; // the target holds it all the same
    diff(`custom field "${name}"`, fieldText(from.customFields![name]), fieldText(held) || 'none', [], namedBy('fields', (text) => text, name));
  }
}

/**
 * Source attachments with no target attachment of their own: each target file answers for one source
 * file, by size; a source that cannot tell a file's size before fetching it (Freshdesk's inline images
 * read as 0 B) is matched by file name instead, so the size it did not know is no difference.
 */
export function unmatchedAttachments(source: Attachment[], target: Attachment[]): Attachment[] {
  const used = new Set<number>();
  const take = (test: (candidate: Attachment) => boolean) => {
    const index = target.findIndex((candidate, i) => !used.has(i) && test(candidate));
    if (index !== -1) used.add(index);
    return index !== -1;
  };
  const known = source.filter((x) => x.size > 0);
  const unknown = source.filter((x) => !(x.size > 0));
  return [...known.filter((x) => !take((candidate) => candidate.size === x.size)), ...unknown.filter((x) => !take((candidate) => candidate.fileName === x.fileName))].sort((a, b) => source.indexOf(a) - source.indexOf(b));
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

