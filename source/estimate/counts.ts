// An estimate from counts the user types (`ferry estimate --counts tickets=100000,...`), with no
// connection to either account: the same arithmetic as a folder's estimate, fed with the
// connectors' declared costs and budgets instead of counts and samples read from the source.
import {RECORD_TYPES, type RecordType} from '../contracts/model.js';
import type {ChildrenPerTicket, EstimateInput, SideModel} from './work.js';

/** Keys that are not record types: a ticket's children, as totals over all tickets. */
export const CHILD_KEYS = ['comments', 'attachments', 'inline_images'] as const;
type ChildKey = (typeof CHILD_KEYS)[number];

export interface TypedCounts {
  counts: Partial<Record<RecordType, number>>;
  /** Totals over all tickets, when given */
  children: Partial<Record<ChildKey, number>>;
}

/** What a counts estimate rests on (said where a folder's estimate says how it was calibrated). */
export const COUNTS_BASIS = "From the typed counts and the connectors' declared calls per record (a demo run calibrates a folder's estimate, not a typed one).";

export class CountsError extends Error {}

/** "tickets=100000,contacts=30000,comments=400000": every key a record type or a child total,
 * every value a whole number of 0 or more. Anything else is refused with what to type. */
export function parseCounts(text: string): TypedCounts {
  const allowed = `${RECORD_TYPES.join(', ')} (records), or ${CHILD_KEYS.join(', ')} (totals over all tickets)`;
  const counts: TypedCounts = {counts: {}, children: {}};
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
  if (!entries.length) throw new CountsError(`no counts given: type them as type=number, separated by commas (e.g. tickets=100000,contacts=30000); types: ${allowed}`);
  const seen = new Set<string>();
  for (const entry of entries) {
    const match = /^([a-z_]+)\s*=\s*(.*)$/i.exec(entry);
    if (!match) throw new CountsError(`"${entry}" is not type=number (e.g. tickets=100000)`);
    const key = match[1]!.toLowerCase();
    const raw = match[2]!.replace(/_/g, '').trim();
    if (!(RECORD_TYPES as readonly string[]).includes(key) && !(CHILD_KEYS as readonly string[]).includes(key)) throw new CountsError(`"${match[1]}" is not a record type: use ${allowed}`);
    if (seen.has(key)) throw new CountsError(`${key} is given twice`);
    seen.add(key);
    const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value)) throw new CountsError(`${key}: "${match[2]}" is not a whole number of 0 or more`);
    if ((CHILD_KEYS as readonly string[]).includes(key)) counts.children[key as ChildKey] = value;
    else counts.counts[key as RecordType] = value;
  }
  if (Object.keys(counts.children).length && counts.counts.tickets === undefined) throw new CountsError(`${Object.keys(counts.children).join(', ')} are totals over tickets: give tickets=N too`);
  return counts;
}

export interface CountsSides {
  source: SideModel;
  target: SideModel;
  options: EstimateInput['options'];
  /** The types the run would move (a plan's); the typed counts' types when absent */
  recordTypes?: readonly RecordType[];
}

/** The estimator's input for typed counts; `notes` say what was assumed for what was not typed. */
export function inputFromCounts(typed: TypedCounts, sides: CountsSides): {input: EstimateInput; notes: string[]} {
  const notes: string[] = [];
  const supported = new Set<RecordType>(Object.keys(sides.source.readCosts) as RecordType[]);
  const recordTypes = RECORD_TYPES.filter((type) => typed.counts[type] !== undefined && (sides.recordTypes ?? RECORD_TYPES).includes(type));
  const unread = recordTypes.filter((type) => !supported.has(type));
  if (unread.length) notes.push(`${sides.source.label} has no ${unread.join(', ')} to read: left out.`);
  const moved = recordTypes.filter((type) => supported.has(type));
  const tickets = typed.counts.tickets ?? 0;
  const per = (key: ChildKey) => (tickets > 0 ? (typed.children[key] ?? 0) / tickets : 0);
  const children: ChildrenPerTicket = {comments: tickets > 0 && typed.children.comments !== undefined ? Math.max(1, per('comments')) : 1, attachments: per('attachments'), inlineImages: per('inline_images')};
  if (tickets > 0 && typed.children.comments === undefined) notes.push('No comments count: each ticket is taken to have one comment (add comments=N, the total over all tickets).');
  if (tickets > 0 && typed.children.attachments === undefined) notes.push('No attachments count: tickets are taken to have none (add attachments=N).');
  if (moved.some((type) => type === 'contacts' || type === 'organizations'))
    notes.push('Every contact and organization is taken to be new on the target (a folder estimate samples how many already exist).');
  notes.push('Without a connection, response times are not measured: each side is paced by its budget alone.');
  const counts = Object.fromEntries(moved.map((type) => [type, typed.counts[type]!])) as Partial<Record<RecordType, number>>;
  return {
    input: {recordTypes: moved, options: sides.options, counts, totals: counts, children, demoChildren: children, source: sides.source, target: sides.target},
    notes,
  };
}
