// What the estimator needs from the live accounts, read cheaply and without writing:
// record counts that respect the plan's filters, a sample of tickets (comments and
// attachments per ticket, creation dates), a sample of contacts (how many the engine
// will skip), and the limits the APIs report in their rate-limit headers.
import type {Connector, SourceFilter, SourceSession, TargetSession} from '../contracts/connector.js';
import type {HttpEvent} from '../contracts/http.js';
import {RECORD_TYPES, type Group, type Organization, type Person, type RecordType, type Ticket, type TicketField} from '../contracts/model.js';
import type {Endpoint, Plan} from '../plan/plan.js';
import {decideField, isValidEmail, matchGroup} from '../engine/mapping.js';
import {collect} from '../engine/engine.js';
import {findTicketInScope, hasTicketFilters, readSourceNames, resolveScope, ticketInScope, windowFilter, zeroTicketsMessage} from '../engine/scope.js';
import type {ChildrenPerTicket, EstimateInput, SideModel, Side} from './estimator.js';

/** The two accounts, opened by the caller (the app) with `requests.onHttp` as their HTTP listener. */
export interface GatherSides {
  source: {connector: Connector; endpoint: Endpoint};
  target: {connector: Connector; endpoint: Endpoint};
  sourceSession: SourceSession;
  targetSession: TargetSession;
}

/** Counts requests per side, so each side's response time is measured apart. */
export function requestCounter() {
  const requests: Record<Side, number> = {source: 0, target: 0};
  return {
    requests,
    onHttp(event: HttpEvent) {
      if (event.type === 'request') requests[event.side === 'target' ? 'target' : 'source']++;
    },
  };
}

export interface GatherOptions {
  env?: NodeJS.ProcessEnv;
  /** Tickets read for the sample (rounded up to whole pages by the connector) */
  sampleTickets?: number;
  /** Narrower date windows to price, in months before `now` */
  windowsMonths?: number[];
  /** Sampled records looked up on the target to see how many already exist there */
  targetLookups?: number;
  /** Longest list read to count a type whose API cannot count (pages) */
  maxCountPages?: number;
  now?: Date;
}

export interface Gathered {
  input: EstimateInput;
  /** How each number was obtained, for the reader of the estimate */
  notes: string[];
  sample: {tickets: number; contacts: number};
}

/** Reads counts, samples and live limits for `plan` (whose tiers and limits may already carry overrides). */
export async function gatherEstimate(plan: Plan, sides: GatherSides, counter: ReturnType<typeof requestCounter>, options: GatherOptions = {}): Promise<Gathered> {
  const {requests} = counter;
  const notes: string[] = [];
  const timed = async <T>(side: Side, work: () => Promise<T>): Promise<{value: T; latencyMs: number}> => {
    const before = requests[side];
    const started = Date.now();
    const value = await work();
    return {value, latencyMs: (Date.now() - started) / Math.max(1, requests[side] - before)};
  };
  // Checked one after the other so each side's response time is its own; twice, because the
  // first call also pays for the connection and would overstate the response time.
  const checkTwice = async (side: Side, check: () => Promise<import('../contracts/connector.js').AccountCheck>) => {
    const first = await timed(side, check);
    const second = await timed(side, check);
    return {value: second.value.liveRequestsPerMinute !== undefined ? second.value : first.value, latencyMs: Math.min(first.latencyMs, second.latencyMs)};
  };
  const sourceCheck = await checkTwice('source', () => sides.sourceSession.check());
  const targetCheck = await checkTwice('target', () => sides.targetSession.check());

  const source = sides.sourceSession;
  const ticketFilter: SourceFilter = windowFilter(plan.filters);
  // The run's own scope: names resolved against the source (a missing one is the plan's error).
  const scope = resolveScope(plan, await readSourceNames(plan, source), sides.source.connector.label);
  const dateFiltered = Object.keys(ticketFilter).length > 0;
  const maxPages = options.maxCountPages ?? 10;
  const counts: Partial<Record<RecordType, number>> = {};
  const totals: Partial<Record<RecordType, number>> = {};

  // Tickets: a sample page (children, dates, filters the API cannot apply), then counts.
  const sample = plan.recordTypes.includes('tickets') ? await readSample(source, ticketFilter, options.sampleTickets ?? 100) : {records: [] as Ticket[], complete: true};
  const tickets = sample.records as Ticket[];
  const inScope = tickets.filter((ticket) => ticketInScope(scope, ticket));
  let scopeShare = tickets.length ? inScope.length / tickets.length : 1;
  // None in the sample: read on (as the run does before writing) to tell "few" from "none".
  if (plan.recordTypes.includes('tickets') && hasTicketFilters(plan.filters) && !inScope.length) {
    const probe = sample.complete ? {found: false, read: tickets.length} : await findTicketInScope(source, plan.filters, scope);
    scopeShare = probe.found ? 1 / probe.read : 0;
    if (!probe.found) notes.push(zeroTicketsMessage(plan.filters, probe.read));
  }
  for (const type of RECORD_TYPES) {
    if (!plan.recordTypes.includes(type)) continue;
    if (type === 'tickets') {
      const total = await source.count('tickets', {}).catch(() => undefined);
      let matching = dateFiltered ? await source.count('tickets', ticketFilter).catch(() => undefined) : total;
      if (matching === undefined && sample.complete) matching = tickets.length;
      if (matching === undefined) {
        matching = extrapolateWindow(tickets, ticketFilter, options.now ?? new Date(), total);
        notes.push(`Tickets in the date filter: about ${Math.round(matching)}, extrapolated from the first ${tickets.length} (${sides.source.connector.label} cannot count with a date filter).`);
      }
      totals.tickets = total ?? matching;
      counts.tickets = matching * scopeShare;
      if (scopeShare < 1) notes.push(`Tickets: ${Math.round(scopeShare * 100)}% of the sample match the plan's tag, group, organization, assignee or field filters.`);
      continue;
    }
    const counted = await source.count(type, {}).catch(() => undefined);
    const value = counted !== undefined ? {count: counted, capped: false} : await countByReading(source, type, maxPages);
    if (value.capped) notes.push(`${type}: at least ${value.count} (${sides.source.connector.label} cannot count them; ${maxPages} pages read).`);
    counts[type] = value.count;
    totals[type] = counts[type];
  }

  // What the engine will not write: contacts it skips (inactive, invalid email, same email
  // twice), and records that already exist on the target (a few looked up, as the engine will).
  const target = sides.targetSession;
  const writtenShare: Partial<Record<RecordType, number>> = {};
  const createdShare: Partial<Record<RecordType, number>> = {};
  const lookedUpShare: Partial<Record<RecordType, number>> = {};
  const lookups = options.targetLookups ?? 20;
  let contactsSampled = 0;
  const people = !plan.filters.onlyReferencedPeople;
  if (people && plan.recordTypes.includes('contacts')) {
    const contacts = (await readSample(source, {}, 100, 'contacts')).records as Person[];
    contactsSampled = contacts.length;
    const written = distinct(contacts, (person) => person.email?.trim().toLowerCase(), (person, email) => (person.active || plan.options.migrateInactiveUsers) && (!email || isValidEmail(email)));
    if (contacts.length) writtenShare.contacts = written.length / contacts.length;
    // The engine looks a contact up only by its email.
    if (written.length) lookedUpShare.contacts = written.filter((person) => person.email).length / written.length;
    if (plan.options.matchExisting) createdShare.contacts = await notFoundShare(written.filter((p) => p.email).slice(0, lookups), (p) => target.findExisting('contacts', {email: p.email!}), written.filter((p) => !p.email).length / Math.max(1, written.length));
  }
  if (people && plan.recordTypes.includes('organizations')) {
    const organizations = (await readSample(source, {}, 100, 'organizations')).records as Organization[];
    const written = distinct(organizations, (org) => org.name.trim().toLowerCase(), () => true);
    if (organizations.length) writtenShare.organizations = written.length / organizations.length;
    if (plan.options.matchExisting) createdShare.organizations = await notFoundShare(written.slice(0, lookups), (org) => target.findExisting('organizations', {name: org.name}), 0);
  }
  if (plan.recordTypes.includes('groups') && (counts.groups ?? 0) > 0) {
    const [groups, targetGroups] = await Promise.all([collect(source.read('groups', {filter: {}})) as Promise<Group[]>, target.list('groups')]);
    if (groups.length) writtenShare.groups = groups.filter((group) => !matchGroup(group, targetGroups, plan.groupMap)).length / groups.length;
  }
  if (plan.recordTypes.includes('ticket_fields') && (counts.ticket_fields ?? 0) > 0) {
    const [fields, targetFields] = await Promise.all([collect(source.read('ticket_fields', {filter: {}})) as Promise<TicketField[]>, target.list('ticket_fields')]);
    if (fields.length) writtenShare.ticket_fields = fields.filter((field) => decideField(field, targetFields, plan.fieldMap).action === 'create').length / fields.length;
  }

  const children = childrenOf(inScope.length ? inScope : tickets);
  // A demo run takes the first tickets in listing order: the same ones this sample starts with.
  const demoChildren = childrenOf((inScope.length ? inScope : tickets).slice(0, Math.max(1, plan.demo.tickets)));
  const referencedPeoplePerTicket = plan.filters.onlyReferencedPeople && inScope.length ? new Set(inScope.flatMap((t) => [t.requesterId, ...t.comments.map((c) => c.authorId)])).size / inScope.length : undefined;
  const now = options.now ?? new Date();
  const dateWindows: NonNullable<EstimateInput['dateWindows']> = [];
  for (const months of options.windowsMonths ?? [12]) {
    const from = new Date(now);
    from.setUTCMonth(from.getUTCMonth() - months);
    const fromIso = from.toISOString();
    if (plan.filters.createdFrom && Date.parse(plan.filters.createdFrom) >= from.getTime()) continue;
    const windowFilter: SourceFilter = {...ticketFilter, createdFrom: fromIso};
    let inWindow = await source.count('tickets', windowFilter).catch(() => undefined);
    if (inWindow === undefined) {
      const window = await readSample(source, windowFilter, options.sampleTickets ?? 100);
      inWindow = window.complete ? window.records.length : extrapolateWindow(window.records as Ticket[], windowFilter, now, counts.tickets);
    }
    dateWindows.push({label: `in the last ${months} months`, from: fromIso, tickets: Math.min(counts.tickets ?? 0, inWindow * scopeShare)});
  }

  const sideModel = (side: Side, live: number | undefined, latencyMs: number): SideModel => {
    const {connector, endpoint} = sides[side];
    return {
      platform: connector.id,
      label: connector.label,
      tier: endpoint.tier,
      tiers: connector.tiers,
      readCosts: connector.readCosts,
      writeCosts: connector.writeCosts,
      ...(endpoint.requestsPerMinute !== undefined ? {customRequestsPerMinute: endpoint.requestsPerMinute} : {}),
      ...(live !== undefined ? {liveRequestsPerMinute: live} : {}),
      latencyMs,
    };
  };
  const input: EstimateInput = {
    recordTypes: plan.recordTypes,
    options: {skipAttachments: plan.options.skipAttachments, skipInlineImages: plan.options.skipInlineImages, matchExisting: plan.options.matchExisting, eventsAsNotes: plan.options.eventsAsNotes},
    counts,
    totals,
    children,
    demoChildren,
    writtenShare,
    createdShare,
    lookedUpShare,
    ...(referencedPeoplePerTicket !== undefined ? {referencedPeoplePerTicket} : {}),
    dateWindows,
    source: sideModel('source', sourceCheck.value.liveRequestsPerMinute, sourceCheck.latencyMs),
    target: sideModel('target', targetCheck.value.liveRequestsPerMinute, targetCheck.latencyMs),
    demoLimits: plan.demo,
  };
  return {input, notes, sample: {tickets: tickets.length, contacts: contactsSampled}};
}

/** The first pages of a listing, up to `wanted` records; `complete` when the listing ended. */
async function readSample(source: SourceSession, filter: SourceFilter, wanted: number, type: RecordType = 'tickets'): Promise<{records: unknown[]; complete: boolean}> {
  const records: unknown[] = [];
  for await (const page of source.read(type, {filter})) {
    records.push(...page.records);
    if (!page.cursor) return {records, complete: true};
    if (records.length >= wanted) return {records, complete: false};
  }
  return {records, complete: true};
}

async function countByReading(source: SourceSession, type: RecordType, maxPages: number): Promise<{count: number; capped: boolean}> {
  let count = 0;
  let pages = 0;
  for await (const page of source.read(type, {filter: {}})) {
    count += page.records.length;
    if (!page.cursor) return {count, capped: false};
    if (++pages >= maxPages) return {count, capped: true};
  }
  return {count, capped: false};
}

/** Tickets in a date window from a first page that did not reach its end: the page's rate of
 * creation over the time it covers, carried to the window's end (never above `cap`). */
export function extrapolateWindow(page: Array<Pick<Ticket, 'createdAt'>>, filter: SourceFilter, now: Date, cap?: number): number {
  const times = page.map((t) => Date.parse(t.createdAt)).filter(Number.isFinite).sort((a, b) => a - b);
  if (times.length < 2) return cap ?? times.length;
  const from = filter.createdFrom ? Date.parse(filter.createdFrom) : times[0]!;
  const to = Math.min(filter.createdTo ? Date.parse(filter.createdTo) : now.getTime(), now.getTime());
  const covered = Math.max(1, times[times.length - 1]! - from);
  const estimate = (times.length / covered) * Math.max(covered, to - from);
  return cap !== undefined ? Math.min(cap, estimate) : estimate;
}

export function childrenOf(tickets: Ticket[]): ChildrenPerTicket {
  if (!tickets.length) return {comments: 1, attachments: 0, inlineImages: 0};
  let comments = 0;
  let attachments = 0;
  let inlineImages = 0;
  for (const ticket of tickets)
    for (const comment of ticket.comments) {
      comments++;
      for (const attachment of comment.attachments) attachment.inline ? inlineImages++ : attachments++;
    }
  return {comments: comments / tickets.length, attachments: attachments / tickets.length, inlineImages: inlineImages / tickets.length};
}

/** Records in listing order, first of each key, that pass `keep` (as the engine keeps them). */
function distinct<T>(records: T[], key: (record: T) => string | undefined, keep: (record: T, key: string | undefined) => boolean): T[] {
  const seen = new Set<string>();
  return records.filter((record) => {
    const k = key(record);
    if (!keep(record, k)) return false;
    if (k && seen.has(k)) return false;
    if (k) seen.add(k);
    return true;
  });
}

/** Share of `sample` the target does not have yet (those the engine creates); `unmatchable` have no key to look up by. */
async function notFoundShare<T>(sample: T[], find: (record: T) => Promise<string | undefined>, unmatchableShare: number): Promise<number> {
  if (!sample.length) return 1;
  let missing = 0;
  for (const record of sample) if ((await find(record).catch(() => undefined)) === undefined) missing++;
  return unmatchableShare + (1 - unmatchableShare) * (missing / sample.length);
}
