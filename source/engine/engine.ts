// The migration engine: reads the source type by type (referenced objects first),
// maps each record, finds or creates it on the target, and journals every
// record's fate. Pages are checkpointed only once every record on them is
// settled, so a run killed at any instant resumes without loss or duplicates.
// Over 400 lines on purpose: the per-record pipeline, page checkpoints and the settling of pending
// records share one run's state (journal, id map, cancel), which split files would pass around.
import {MIGRATION_ORDER, type AnyRecord, type Id, type Person, type RecordOf, type RecordType, type TicketField} from '../contracts/model.js';
import type {SourceSession, TargetSession, TargetLimits, WriteContext, SourceFilter} from '../contracts/connector.js';
import type {Plan} from '../plan/plan.js';
import {Journal, OPERATOR_SKIP_REASON, type JournalRecord, type RunMode, type RunRow, type TypeCounts} from './journal.js';
import {FeatureUnavailableError, HttpRecordError, RecordError, RunStopError} from '../contracts/errors.js';
import {onceFor} from './once.js';
import {FIELDS_BEFORE_META} from './undo.js';
import {sameValue} from './same-value.js';
import {migratesInBulk, retryAskedKey} from './outcomes.js';
import {decideField, matchAgents, matchGroup, type AgentMatch} from './mapping.js';
import {contactRefusal, contactsInRunOrder, matchKeyOf} from './duplicates.js';
import {mapArticle, mapContact, mapOrganization, mapSection, mapTicket, type MapContext, type PersonRef} from './mappers.js';
import type {EngineListener} from './events.js';
import {KeyedLock, mapConcurrently, runPool} from '../platform/concurrency.js';
import {withRecordType} from '../platform/call-meter.js';
import {ticketInScope, windowFilter, type TicketScope} from './scope.js';
import {ccFieldToCreate, preflight, preflightFailure} from './preflight.js';

/** The journal step marking a record whose create was sent again after a lookup found nothing. */
const COPIES_STEP = 'copies';

export interface EngineSides {
  sourcePlatform: string;
  targetPlatform: string;
  /** The platforms as people read them in messages ("Zendesk"); the ids when absent */
  sourceLabel?: string;
  targetLabel?: string;
  source: SourceSession;
  target: TargetSession;
  limits: TargetLimits;
}

export interface RunOptions {
  mode: RunMode;
  /** retry mode: which records (default: every failed one) */
  retry?: Array<{type?: RecordType; sourceId: string}>;
  /** retry mode, ferry redo: the records are written again even when migrated (updated in place) */
  redo?: boolean;
  onEvent?: EngineListener;
  signal?: AbortSignal;
  /** Records processed at once (the HTTP layer paces the calls) */
  concurrency?: number;
}

export interface RunResult {
  runId: number;
  mode: RunMode;
  status: RunRow['status'];
  message?: string;
  hint?: string;
  types: Partial<Record<RecordType, TypeCounts>>;
}

/** `refill`: migrated, but something was left out that a later run can still write. */
type Outcome = {status: 'migrated' | 'skipped' | 'failed'; targetId?: string; reason?: string; refill?: boolean};



export class Engine {
  private run!: RunRow;
  private agentMatches = new Map<string, AgentMatch>();
  private sourceFields: TicketField[] = [];
  private targetFields: TicketField[] = [];
  /** Order of the target field lists asked for, and of the one `targetFields` holds (see relistTargetFields) */
  private fieldListsAsked = 0;
  private fieldListInUse = 0;
  private targetGroups: RecordOf["groups"][] = [];
  private readonly inflight = new Map<string, Promise<Outcome>>();
  private readonly matchLock = new KeyedLock();
  private fallbackRequesterId: Promise<string | undefined> | undefined;
  /** Resolves once the previous ticket page has claimed its people (see claimPeople). */
  private peopleClaimed: Promise<void> = Promise.resolve();
  private scope: TicketScope = {customFields: []};

  constructor(
    private readonly plan: Plan,
    private readonly journal: Journal,
    private readonly sides: EngineSides,
    private readonly options: RunOptions,
  ) {}

  private readonly finishedTypes = new Set<RecordType>();
  /** Types the source or target account's plan lacks, with the reason (see FeatureUnavailableError) */
  private readonly unavailable = new Map<RecordType, string>();
  /** Other things the operator must know about a finished run */
  private readonly warnings: string[] = [];
  private emit: EngineListener = (event) => {
    if (event.type === 'type_finished') this.finishedTypes.add(event.recordType);
    this.options.onEvent?.(event);
  };

  async execute(): Promise<RunResult> {
    const {mode} = this.options;
    const last = this.journal.lastRun();
    const resumable = last && last.mode === mode && last.status !== 'finished' && mode !== 'retry';
    if (resumable) {
      this.journal.adoptRun(last.id);
      this.run = this.journal.run(last.id)!;
    } else {
      const since = mode === 'delta' ? this.journal.getMeta('delta_bookmark') ?? null : null;
      if (mode === 'delta' && !since) throw new RunStopError('A delta migration needs a finished full migration first.', 'Run a full migration (ferry run --mode full), then delta runs pick up what changed since it started.');
      this.run = this.journal.startRun(mode, since);
    }
    this.emit({type: 'run_started', runId: this.run.id, mode, resumed: Boolean(resumable)});
    try {
      await this.prepare();
      if (mode === 'retry') await this.retryRecords();
      else for (const type of MIGRATION_ORDER) if (this.plan.recordTypes.includes(type)) await withRecordType(type, () => this.migrateType(type));
      if (!this.cancelled()) await this.settlePending();
      if (!this.cancelled()) await this.sweepCopies();
      if (this.cancelled()) return this.finish('cancelled', 'Cancelled: run the same mode again to resume where it stopped.');
      const pending = this.journal.pendingInRun(this.run.id);
      if (pending > 0)
        return this.finish('stopped', `${pending} record(s) of this run are still pending (neither migrated nor failed).`, `Run the same mode again: it resumes with them (ferry status lists them as pending).`);
      // Types migrated only as references (in a demo, say) are done when the run is.
      for (const type of MIGRATION_ORDER) if (!this.finishedTypes.has(type) && this.journal.inRun(this.run.id, type)) this.emit({type: 'type_finished', recordType: type});
      if (mode === 'full' || mode === 'delta') this.journal.advanceBookmark(this.run.startedAt);
      const warnings = [...[...this.unavailable].map(([type, reason]) => `${type.replace('_', ' ')} skipped: ${reason}`), ...this.warnings];
      return this.finish('finished', warnings.length ? `Finished with warnings: ${warnings.join('; ')}.` : undefined);
    } catch (error) {
      await this.settleInflight();
      if (this.cancelled()) return this.finish('cancelled', 'Cancelled: run the same mode again to resume where it stopped.');
      if (error instanceof RunStopError) return this.finish('stopped', error.message, error.hint);
      return this.finish('stopped', `Internal error: ${(error as Error).stack ?? error}`, 'Run again to resume; if it repeats, report this message.');
    }
  }

  /**
   * A stopping run waits for the records still in flight: writes they already sent come back and
   * are journalled done (or fail and say why), instead of being left "sent" for a later process to
   * look up while the target may still be applying them.
   */
  private async settleInflight() {
    while (this.inflight.size) await Promise.allSettled([...this.inflight.values()]);
  }

  private finish(status: RunRow['status'], message?: string, hint?: string): RunResult {
    this.journal.finishRun(this.run.id, status, hint ? `${message}\n${hint}` : message);
    const types = this.journal.countsForRun(this.run.id);
    this.emit({type: 'run_finished', runId: this.run.id, status, message, hint, counts: types});
    return {runId: this.run.id, mode: this.options.mode, status, message, hint, types};
  }

  private cancelled(): boolean {
    return Boolean(this.options.signal?.aborted) || this.journal.getMeta('control') === 'cancel';
  }

  /** Waits while the console asked for a pause; true when the run should stop. */
  private async checkControl(): Promise<boolean> {
    if (this.journal.getMeta('control') === 'pause') {
      this.emit({type: 'paused', paused: true});
      while (this.journal.getMeta('control') === 'pause' && !this.options.signal?.aborted) await new Promise((r) => setTimeout(r, 250));
      this.emit({type: 'paused', paused: false});
    }
    return this.cancelled();
  }

  /**
   * The checks `ferry check` prints (preflight.ts), before any write: connections, rights,
   * the plan's names against both accounts, and filters that select no ticket (full and demo
   * runs). A failed one stops the run here, having written nothing.
   */
  private async prepare() {
    const {source, target} = this.sides;
    const {mode} = this.options;
    const checked = await preflight(this.plan, {source, target, sourceLabel: this.sides.sourceLabel ?? this.sides.sourcePlatform, targetLabel: this.sides.targetLabel ?? this.sides.targetPlatform, limits: this.sides.limits}, {selection: mode === 'full' || mode === 'demo', signal: this.options.signal});
    if (checked.source) this.emit({type: 'log', message: `Source: ${checked.source.description}`});
    if (checked.target) this.emit({type: 'log', message: `Target: ${checked.target.description}`});
    if (this.cancelled()) throw new RunStopError('Cancelled.', 'Run the same mode again to resume where it stopped.');
    if (!checked.ok)
      throw new RunStopError(`${preflightFailure(checked)}\nStopped before any write.`, 'Fix what is named above (ferry check runs these checks alone), then run again.');
    const {sourceAgents, targetAgents, targetGroups, targetFields, sourceFields, scope} = checked.read;
    // What the target held before this folder's first run: undo removes only artifacts not among them.
    if (this.journal.getMeta(FIELDS_BEFORE_META) === undefined) {
      const artifacts = (await target.artifacts?.()) ?? [];
      this.journal.setMeta(FIELDS_BEFORE_META, JSON.stringify([...targetFields, ...artifacts].map((field) => String(field.id))));
    }
    this.agentMatches = new Map(matchAgents(sourceAgents, targetAgents, this.plan.agentMap).map((m) => [m.sourceId, m]));
    this.targetGroups = targetGroups;
    this.targetFields = targetFields;
    this.sourceFields = sourceFields;
    this.scope = scope;
    await this.createCcField();
  }

  /**
   * options.ccTo "field" naming a field the target lacks: created once (the first write of the
   * run, after every check passed), so every ticket's CCs have somewhere to go. Targets that
   * cannot create it were refused by the checks, naming the field to create by hand.
   */
  private async createCcField() {
    const field = ccFieldToCreate(this.plan, {targetFields: this.targetFields, sourceFields: this.sourceFields});
    if (!field) return;
    const {target} = this.sides;
    const context = this.writeContext('ticket_fields', field.id);
    await context.once(
      'create',
      () => target.create('ticket_fields', field, context),
      () => target.findByMarker('ticket_fields', context.sourceKey),
      () => target.findExisting('ticket_fields', {name: field.title}),
    );
    await this.relistTargetFields();
    this.emit({type: 'log', message: `Created the ticket field "${field.title}" on the target for CC addresses (options.ccField).`});
  }

  /**
   * The target's fields read again after a create. Fields are created several at once and each
   * create lists them again; under load those lists answer out of order, and an answer asked for
   * before the latest create lacks that field. Only an answer asked for after the one in use
   * replaces it: the last list asked for comes after every create, so the view ends complete
   * (else tickets would leave out values of a field the target has: issue 18, rt-migrate).
   */
  private async relistTargetFields() {
    const asked = ++this.fieldListsAsked;
    const fields = await this.sides.target.list('ticket_fields');
    if (asked < this.fieldListInUse) return;
    this.fieldListInUse = asked;
    this.targetFields = fields;
  }

  private filterFor(type: RecordType): SourceFilter {
    const {filters} = this.plan;
    const filter: SourceFilter = {};
    if (type === 'tickets') Object.assign(filter, windowFilter(filters));
    if (this.options.mode === 'delta' && this.run.since && !['ticket_fields', 'groups', 'agents'].includes(type)) filter.updatedSince = wholeSecondOf(this.run.since);
    return filter;
  }

  private async migrateType(type: RecordType) {
    const {mode} = this.options;
    if (!this.migratesInBulk(type)) return; // referenced on demand (a demo's people, onlyReferencedPeople)
    const checkpoint = this.journal.checkpoint(this.run.id, type);
    if (checkpoint?.done) return this.migrateUnlisted(type);
    const chosen = mode === 'demo' && type === 'tickets' ? this.plan.demo.ticketIds : undefined;
    if (chosen?.length) return this.migrateChosen(type, chosen);
    const filter = this.filterFor(type);
    const total = mode === 'demo' && (type === 'tickets' || type === 'kb_articles') ? this.demoLimit(type) : await this.sides.source.count(type, filter).catch(() => undefined);
    this.emit({type: 'type_started', recordType: type, total});
    const limit = mode === 'demo' ? this.demoLimit(type) : Infinity;
    let seen = mode === 'demo' ? this.journal.countsForRun(this.run.id)[type]?.total ?? 0 : 0;
    // Pipelined: the next page is read while this one is written, and up to two pages are
    // written at once, so neither side idles at page boundaries. Checkpoints are still
    // saved in page order, each only once its page and every page before it are settled.
    const pages = this.sides.source.read(type, {cursor: checkpoint?.cursor ?? undefined, filter})[Symbol.asyncIterator]();
    const fetchNext = () => {
      const next = pages.next();
      next.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
      return next;
    };
    let next = fetchNext();
    const writing: Array<Promise<void>> = [];
    try {
      await next;
    } catch (error) {
      // The source account's plan lacks this feature: the type is skipped, the run goes on.
      if (!(error instanceof FeatureUnavailableError)) throw error;
      this.markUnavailable(type, error.message);
      this.journal.saveCheckpoint(this.run.id, type, null, true);
      this.emit({type: 'type_finished', recordType: type});
      return;
    }
    let previous: Promise<void> = Promise.resolve();
    let finished = false;
    try {
      while (!finished) {
        const {value: page, done} = await next;
        if (done || (await this.checkControl())) break;
        const batch = page.records.filter((record) => this.inScope(type, record as AnyRecord)).slice(0, Math.max(0, limit - seen));
        seen += batch.length;
        finished = !page.cursor || seen >= limit;
        if (!finished) next = fetchNext();
        const before = previous;
        // A checkpoint describes its own page: never "done" because a later page was read.
        const cursor = page.cursor ?? null;
        const people = type === 'tickets' ? this.claimPeople(batch as Array<RecordOf['tickets']>) : Promise.resolve();
        previous = people.then(() => runPool(batch, this.concurrencyFor(type), async (record) => {
          // A pause holds every record not yet started, not only the next page.
          if (!(await this.checkControl())) await this.processOnce(type, record as AnyRecord, false);
        })).then(async () => {
          await before;
          if (!this.cancelled()) this.journal.saveCheckpoint(this.run.id, type, cursor, false);
        });
        previous.catch(() => undefined); // awaited below (shift or finally); a stop must not surface as unhandled
        writing.push(previous);
        // Duplicates (same email, same name) are decided by who takes the match lock first: pages of a
        // type that has them do not overlap, so that is the listing's order, whatever the timing.
        if (writing.length >= pagesWrittenAtOnce(type)) await writing.shift();
      }
    } finally {
      // Every page settles (or fails) before the type ends, whatever stopped the loop.
      const settled = await Promise.allSettled(writing);
      if (!finished) await pages.return?.(undefined).catch(() => undefined);
      const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure) throw failure.reason;
    }
    if (this.cancelled() || (!finished && (await this.checkControl()))) return;
    this.journal.saveCheckpoint(this.run.id, type, null, true);
    await this.migrateUnlisted(type);
    if (this.cancelled()) return;
    this.emit({type: 'type_finished', recordType: type});
  }

  /** A demo of the tickets the plan names (demo.ticketIds), read by id; the checks found each before the run. */
  private async migrateChosen(type: RecordType, ids: string[]) {
    this.emit({type: 'type_started', recordType: type, total: ids.length});
    await runPool(ids, this.concurrencyFor(type), async (id) => {
      if (await this.checkControl()) return;
      const record = await this.readOne(type, id);
      if (!record) {
        // Deleted since the checks: it fails with the reason, as a retry of a vanished record does.
        this.journal.markPending(type, id, this.run.id, {});
        return this.settle(type, id, {status: 'failed', reason: `no longer exists in ${this.sides.sourcePlatform}`}, undefined);
      }
      await this.processOnce(type, record, false);
    });
    if (this.cancelled()) return;
    this.journal.saveCheckpoint(this.run.id, type, null, true);
    this.emit({type: 'type_finished', recordType: type});
  }

  /**
   * Records the source's listing leaves out but can still read by id (Freshdesk's archived
   * tickets), after the listing: full runs only (they do not change, so a delta has none).
   * Its position is kept in the journal, so a killed run resumes it where it stopped.
   */
  private async migrateUnlisted(type: RecordType) {
    const {source} = this.sides;
    if (!source.unlisted || this.options.mode !== 'full') return;
    const key = `unlisted:${this.run.id}:${type}`;
    const state = JSON.parse(this.journal.getMeta(key) ?? '{}') as {cursor?: string; done?: boolean};
    if (state.done) return;
    const listed = new Set(this.journal.sourceIds(type));
    try {
      for await (const page of source.unlisted(type, listed, {cursor: state.cursor, filter: this.filterFor(type)})) {
        if (await this.checkControl()) return;
        const batch = page.records.filter((record) => this.inScope(type, record as AnyRecord));
        await runPool(batch, this.concurrencyFor(type), async (record) => {
          if (!this.cancelled()) await this.processOnce(type, record as AnyRecord, false);
        });
        if (this.cancelled()) return;
        this.journal.setMeta(key, JSON.stringify({cursor: page.cursor}));
      }
    } catch (error) {
      // The account cannot serve them (no archive on its plan): the run says how many it missed.
      if (!(error instanceof FeatureUnavailableError)) throw error;
      this.warnings.push(error.message);
      this.emit({type: 'log', message: `Warning: ${error.message}`});
    }
    this.journal.setMeta(key, JSON.stringify({done: true}));
  }

  /**
   * When contacts are reached only through tickets (a demo, onlyReferencedPeople), the contact a
   * run keeps among duplicates is the first in the run's order (duplicates.ts: contactsInRunOrder,
   * the audit's rule), not the first whose request happens to come back: a page's people are read
   * at once, then each takes its match lock in that order, page after page, before its tickets run.
   */
  private claimPeople(tickets: Array<RecordOf['tickets']>): Promise<void> {
    if (this.migratesInBulk('contacts') || !this.plan.recordTypes.includes('contacts')) return Promise.resolve();
    const ids = [...new Set(tickets.flatMap((ticket) => [ticket.requesterId, ...ticket.comments.map((comment) => comment.authorId)]))].filter((id) => {
      if (!id || this.agentMatches.has(id)) return false;
      const row = this.journal.record('contacts', id);
      return !(row?.targetId && (row.status === 'migrated' || row.status === 'skipped'));
    });
    // A contact that cannot be read here is left to its ticket, which reads it again and says why.
    const read = mapConcurrently(ids, this.options.concurrency ?? 6, (id) => this.sides.source.get('contacts', id).catch(() => undefined));
    const claimed = this.peopleClaimed.then(async () => {
      const people = (await read).filter((person): person is Person => Boolean(person));
      const order = contactsInRunOrder(this.plan, this.options.mode, people, tickets, new Set(this.agentMatches.keys()));
      // The pool starts them in this order, and each takes its match lock as it starts.
      await runPool(order, this.options.concurrency ?? 6, async ({person}) => {
        if (!(await this.checkControl())) await this.processOnce('contacts', person, true);
      });
    });
    this.peopleClaimed = claimed.catch(() => undefined);
    return claimed;
  }

  private markUnavailable(type: RecordType, reason: string) {
    if (this.unavailable.has(type)) return;
    this.unavailable.set(type, reason);
    this.emit({type: 'log', message: `Warning: ${type.replace('_', ' ')} are skipped: ${reason}`});
  }

  private demoLimit(type: RecordType): number {
    if (type === 'tickets') return this.plan.demo.tickets;
    if (type === 'kb_articles') return this.plan.demo.articles;
    return Infinity;
  }

  private async retryRecords() {
    // Pending records are ones a killed run left half-way: retrying them is resuming them.
    const wanted = this.options.retry ?? [...this.journal.records({status: 'failed'}), ...this.journal.records({status: 'pending'})].map((r) => ({type: r.type, sourceId: r.sourceId}));
    // A redo may name a record undo just took off the target (and the journal forgot): written as new.
    const rows: Array<Pick<JournalRecord, 'type' | 'sourceId'>> = wanted.flatMap((w) => {
      const found = this.journal.records({ids: [w]});
      if (!found.length && this.options.redo && w.type) return [{type: w.type, sourceId: w.sourceId}];
      return found.filter((r) => this.options.redo || r.status !== 'migrated');
    });
    // The records asked for, kept so the retry's summary counts them apart from the ones they pull in (retryOutcome).
    this.journal.setMeta(retryAskedKey(this.run.id), JSON.stringify(rows.map((row) => ({type: row.type, sourceId: row.sourceId}))));
    const byType = new Map<RecordType, Array<Pick<JournalRecord, 'type' | 'sourceId'>>>();
    for (const row of rows) byType.set(row.type, [...(byType.get(row.type) ?? []), row]);
    for (const type of MIGRATION_ORDER) {
      const list = byType.get(type);
      if (!list?.length) continue;
      this.emit({type: 'type_started', recordType: type, total: list.length});
      await runPool(list, this.concurrencyFor(type), async (row) => {
        if (await this.checkControl()) return;
        const record = await this.readOne(type, row.sourceId);
        if (!record) {
          this.journal.markPending(type, row.sourceId, this.run.id, {});
          this.settle(type, row.sourceId, {status: 'failed', reason: `no longer exists in ${this.sides.sourcePlatform}`}, undefined);
          return;
        }
        await this.processOnce(type, record as AnyRecord, false);
      });
      this.emit({type: 'type_finished', recordType: type});
    }
  }

  /**
   * Records this run touched that are still pending: a reference whose pass ended before it
   * settled, or a record of a killed attempt of this run that no page brought back. Each is
   * read again and processed, so a run that finishes leaves none behind.
   */
  private async settlePending() {
    const rows = this.journal.records({status: 'pending'}).filter((row) => row.lastRunId === this.run.id);
    for (const type of MIGRATION_ORDER) {
      const list = rows.filter((row) => row.type === type);
      if (!list.length) continue;
      const referenced = this.options.mode !== 'retry' && !this.migratesInBulk(type);
      await withRecordType(type, () =>
        runPool(list, this.concurrencyFor(type), async (row) => {
          if (await this.checkControl()) return;
          const record = await this.readOne(type, row.sourceId);
          if (!record) return this.settle(type, row.sourceId, {status: 'failed', reason: `no longer exists in ${this.sides.sourcePlatform}`}, undefined);
          await this.processOnce(type, record, referenced);
        }),
      );
    }
  }

  /** The same rule the console's counts use to tell referenced records (source/engine/outcomes.ts). */
  private migratesInBulk(type: RecordType): boolean {
    return migratesInBulk(this.plan, this.options.mode, type);
  }

  private async readOne(type: RecordType, sourceId: string): Promise<AnyRecord | undefined> {
    if (type === 'agents') return (await collect(this.sides.source.read('agents', {filter: {}}))).find((agent) => agent.id === sourceId);
    return (await this.sides.source.get(type, sourceId)) as AnyRecord | undefined;
  }

  /** Filters from the plan; records outside them are not part of the migration at all. */
  private inScope(type: RecordType, record: AnyRecord): boolean {
    return type !== 'tickets' || ticketInScope(this.scope, record as RecordOf['tickets']);
  }

  /** One record at a time per key, even when a page and a reference ask for it together. */
  private processOnce(type: RecordType, record: AnyRecord, referenced: boolean): Promise<Outcome> {
    const key = `${type}:${record.id}`;
    const running = this.inflight.get(key);
    if (running) return running;
    const promise = withRecordType(type, () => this.process(type, record, referenced)).finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return promise;
  }

  private async process(type: RecordType, record: AnyRecord, referenced: boolean): Promise<Outcome> {
    const existing = this.journal.record(type, record.id);
    const changed = existing?.sourceUpdatedAt ? record.updatedAt > existing.sourceUpdatedAt : false;
    // A record the operator skipped stays skipped until they retry it by hand.
    if (existing?.status === 'skipped' && existing.reason === OPERATOR_SKIP_REASON && this.options.mode !== 'retry') return {status: 'skipped', reason: existing.reason};
    const refill = existing?.status === 'migrated' && existing.needsRefill && this.options.mode !== 'demo';
    const redo = this.options.redo && this.options.retry?.some((id) => id.sourceId === record.id && (!id.type || id.type === type));
    if (existing?.status === 'migrated' && !(this.options.mode === 'delta' && changed) && !refill && !redo) return {status: 'migrated', targetId: existing.targetId ?? undefined};
    const revisit = referenced && existing?.status === 'skipped' && !existing.targetId;
    if (existing && existing.status !== 'pending' && existing.lastRunId === this.run.id && this.options.mode !== 'retry' && !revisit)
      return {status: existing.status as Outcome['status'], targetId: existing.targetId ?? undefined, reason: existing.reason ?? undefined};
    const label = labelOf(type, record);
    const matchKey = matchKeyOf(type, record);
    const lacking = this.unavailable.get(type);
    if (lacking) {
      this.journal.markPending(type, record.id, this.run.id, {label, matchKey});
      this.settle(type, record.id, {status: 'skipped', reason: lacking}, undefined, label);
      return {status: 'skipped', reason: lacking};
    }
    this.journal.markPending(type, record.id, this.run.id, {label, matchKey});
    const attempt = async (): Promise<Outcome> => {
      const notes: string[] = [];
      const flags = {refill: false};
      let outcome: Outcome;
      try {
        outcome = await this.write(type, record, existing, referenced, notes, flags);
      } catch (error) {
        if (error instanceof RunStopError) throw error;
        if (error instanceof FeatureUnavailableError) this.markUnavailable(type, error.message);
        if (error instanceof RecordError) outcome = {status: error.outcome, reason: error.message};
        else outcome = {status: 'failed', reason: `internal error: ${(error as Error).message}`};
      }
      const reason = [outcome.reason, ...notes].filter(Boolean).join('; ') || undefined;
      this.settle(type, record.id, {...outcome, reason, refill: outcome.refill || flags.refill}, outcome.status === 'migrated' ? record.updatedAt : undefined, label);
      return {...outcome, reason};
    };
    // Settling inside the lock lets a duplicate waiting on the same key see the first one's target id.
    return matchKey ? this.matchLock.run(`${type}:${matchKey}`, attempt) : attempt();
  }

  private settle(type: RecordType, sourceId: string, outcome: Outcome, sourceUpdatedAt: string | undefined, label?: string) {
    this.journal.settle(type, sourceId, {status: outcome.status, reason: outcome.reason, targetId: outcome.targetId, sourceUpdatedAt, needsRefill: outcome.status === 'migrated' && Boolean(outcome.refill)});
    this.emit({type: 'record', recordType: type, sourceId, status: outcome.status, reason: outcome.reason, label});
  }

  /** Resolve, map, find existing, create or update: Zammad's per-record pipeline. */
  private async write(type: RecordType, record: AnyRecord, existing: JournalRecord | undefined, referenced: boolean, notes: string[], flags: {refill: boolean}): Promise<Outcome> {
    const {target} = this.sides;
    const {options} = this.plan;
    switch (type) {
      case 'agents':
        return this.agentOutcome(record as Person);
      case 'ticket_fields': {
        const decision = decideField(record as TicketField, this.targetFields, this.plan.fieldMap);
        if (decision.action === 'skip') return {status: 'skipped', reason: decision.reason};
        if (decision.action === 'fail') return {status: 'failed', reason: decision.reason};
        if (decision.action === 'link') return {status: 'migrated', targetId: decision.target.id, reason: `linked to target field "${decision.target.title}" (${decision.how === 'title' ? 'same title' : 'field map'})`};
        // A target whose API cannot create ticket fields: a platform limitation (said once, in the
        // run's limitations), never a failure; the next run links the field once it is added by hand.
        const refused = this.sides.limits.ticketFieldCreateRefusal?.(record as TicketField);
        if (refused) return {status: 'skipped', reason: refused};
        const created = await this.createOrUpdate(type, record, record, existing);
        await this.relistTargetFields();
        return created;
      }
      case 'groups': {
        const match = matchGroup(record as RecordOf['groups'], this.targetGroups, this.plan.groupMap);
        if (match) return {status: 'migrated', targetId: match.id, reason: `linked to target group "${match.name}"`};
        return this.createOrUpdate(type, record, record, existing);
      }
      case 'contacts': {
        const person = record as Person;
        // The same rules the audit uses to name the duplicate the run keeps (duplicates.ts).
        const refused = contactRefusal(person, this.plan, referenced, this.sides.sourceLabel ?? this.sides.sourcePlatform);
        if (refused) return refused;
        if (!person.active && !options.migrateInactiveUsers) notes.push('inactive user migrated because a migrated record references it');
        const duplicate = this.duplicateOf(type, record);
        if (duplicate) return duplicate;
        if (isLinked(existing)) return this.linkedAgain(type, existing!, async () => (await mapContact(person, this.mapContext())).record);
        if (options.matchExisting && person.email && !existing?.targetId) {
          const found = await target.findExisting('contacts', {email: person.email});
          // A create this record sent (its answer lost, or the process killed before the record settled)
          // went out only after this same lookup found nobody, but the address may have been taken
          // since by someone else (Zendesk makes a user of a ticket's CC, an agent adds one): the
          // contact is ferry's own only if it carries this record's marker.
          const sent = this.journal.step(type, person.id, 'create');
          const mine = found && sent?.state === 'sent' ? await this.ownContact(found, this.writeContext(type, person.id).sourceKey) : undefined;
          if (found && !mine) return this.link(type, found, `linked to existing target contact #${found} (same email)`, async () => (await mapContact(person, this.mapContext())).record);
          // Ours: the create step is done with it, and the record goes on as one ferry created.
          if (mine) this.journal.markStep(type, person.id, 'create', 'done', mine);
        }
        const mapped = await mapContact(person, this.mapContext());
        notes.push(...mapped.notes);
        return this.createOrUpdate(type, record, mapped.record, existing);
      }
      case 'organizations': {
        const duplicate = this.duplicateOf(type, record);
        if (duplicate) return duplicate;
        const org = record as RecordOf['organizations'];
        if (isLinked(existing)) return this.linkedAgain(type, existing!, async () => (await mapOrganization(org)).record);
        if (options.matchExisting && !existing?.targetId) {
          const found = await target.findExisting('organizations', {name: org.name});
          if (found) return this.link(type, found, `linked to existing target organization #${found} (same name)`, async () => (await mapOrganization(org)).record);
        }
        return this.createOrUpdate(type, record, (await mapOrganization(org)).record, existing);
      }
      case 'tickets': {
        const mapped = await mapTicket(record as RecordOf['tickets'], this.mapContext());
        notes.push(...mapped.notes);
        flags.refill = Boolean(mapped.refill);
        return this.createOrUpdate(type, record, mapped.record, existing);
      }
      case 'kb_categories':
        return this.createOrUpdate(type, record, record, existing);
      case 'kb_sections': {
        const mapped = await mapSection(record as RecordOf['kb_sections'], this.mapContext());
        return this.createOrUpdate(type, record, mapped.record, existing);
      }
      case 'kb_articles': {
        const mapped = await mapArticle(record as RecordOf['kb_articles'], this.mapContext());
        notes.push(...mapped.notes);
        return this.createOrUpdate(type, record, mapped.record, existing);
      }
    }
  }

  /** The contact found by email when it is the one this record's interrupted create made: read from
   * the found record where the connector can (a search index may not see a new record yet). */
  private async ownContact(found: Id, sourceKey: string): Promise<Id | undefined> {
    const target = this.sides.target;
    if (target.contactCarriesMarker) return (await target.contactCarriesMarker(found, sourceKey)) ? found : undefined;
    return target.findByMarker('contacts', sourceKey);
  }

  /**
   * A record ferry linked to one the target already had (same email or name). With
   * options.updateExisting the target's record takes the source's values: only the fields
   * whose values differ are changed (the rest, and what the source does not hold, stay as the
   * target has them), and a record already equal is not written, so a resumed or repeated
   * run writes nothing twice. Without it the target's record is left as it is.
   */
  private async link(type: 'contacts' | 'organizations', targetId: string, reason: string, mapped: () => Promise<AnyRecord>): Promise<Outcome> {
    if (!this.plan.options.updateExisting) return {status: 'migrated', targetId, reason};
    const changed = await this.updateLinked(type, targetId, await mapped());
    return {status: 'migrated', targetId, reason: changed.length ? `${reason}; updated from the source: ${changed.join(', ')}` : reason};
  }

  /** A linked record met again (a delta, a refill): updated as `link` does, or left alone. */
  private async linkedAgain(type: 'contacts' | 'organizations', existing: JournalRecord, mapped: () => Promise<AnyRecord>): Promise<Outcome> {
    const reason = (existing.reason ?? '').split('; ')[0]!;
    return this.link(type, existing.targetId!, reason, mapped);
  }

  private async updateLinked(type: 'contacts' | 'organizations', targetId: string, mapped: AnyRecord): Promise<string[]> {
    const {target} = this.sides;
    const current = (await target.get(type, targetId)) as AnyRecord | undefined;
    if (!current) throw new RecordError(`linked target ${type === 'contacts' ? 'contact' : 'organization'} #${targetId} no longer exists on the target`);
    const fields = type === 'contacts' ? (['name', 'email', 'phone', 'organizationId'] as const) : (['name', 'domains', 'notes'] as const);
    const merged: Record<string, unknown> = {...current};
    const changed: string[] = [];
    for (const field of fields) {
      const value = (mapped as unknown as Record<string, unknown>)[field];
      if (value === undefined || value === '' || (Array.isArray(value) && !value.length)) continue; // the source holds none: the target's stays
      if (sameValue(value, (current as unknown as Record<string, unknown>)[field])) continue;
      merged[field] = value;
      changed.push(field);
    }
    if (!changed.length) return [];
    // What undo puts back: the target's values of exactly these fields, journalled before the write.
    const was = current as unknown as Record<string, unknown>;
    this.journal.keepLinkedBefore(type, mapped.id, targetId, this.run?.id ?? null, changed.map((field) => ({field, oldValue: was[field], newValue: merged[field]})));
    await target.update(type, targetId, merged as never, this.writeContext(type, mapped.id));
    return changed;
  }

  private duplicateOf(type: RecordType, record: AnyRecord): Outcome | undefined {
    const key = matchKeyOf(type, record);
    if (!key) return undefined;
    const first = this.journal.recordByMatchKey(type, key);
    if (!first || first.sourceId === record.id) return undefined;
    const what = type === 'contacts' ? 'email' : 'name';
    return {status: 'skipped', targetId: first.targetId!, reason: `duplicate of ${type === 'contacts' ? 'contact' : 'organization'} #${first.sourceId} (same ${what}); its references point to that record`};
  }

  private agentOutcome(agent: Person): Outcome {
    const match = this.agentMatches.get(agent.id);
    if (!match || match.how === 'none') return {status: 'skipped', reason: `no agent with email ${agent.email ?? '(none)'} on the target; map it by hand or set a fallback agent (agentMap)`};
    if (match.how === 'fallback') return {status: 'skipped', targetId: match.targetId, reason: `no agent with email ${agent.email ?? '(none)'} on the target; its tickets go to the fallback agent ${match.targetEmail}`};
    return {status: 'migrated', targetId: match.targetId, reason: `matched to target agent ${match.targetEmail} (${match.how === 'email' ? 'same email' : 'by hand'})`};
  }

  private async createOrUpdate(type: RecordType, source: AnyRecord, mapped: AnyRecord, existing: JournalRecord | undefined): Promise<Outcome> {
    const {target} = this.sides;
    const context = this.writeContext(type, source.id);
    const notes: string[] = [];
    // A connector may say a limit both when it creates and when it completes (so a record another
    // process finishes still says it): each note is kept once.
    context.note = (text) => void (notes.includes(text) || notes.push(text));
    if (existing?.targetId && existing.status === 'migrated') {
      await target.update(type, existing.targetId, mapped as never, context);
      const why = this.options.redo ? 'written again in place (ferry redo)' : existing.needsRefill ? 'written again to fill in what an earlier run left out' : 'updated (changed since the last run)';
      return {status: 'migrated', targetId: existing.targetId, reason: [why, ...notes].join('; ')};
    }
    let lookedInVain = false;
    const targetId = await context.once(
      'create',
      () => target.create(type, mapped as never, context),
      async () => {
        const found = await target.findByMarker(type, context.sourceKey, mapped as never);
        // Not found after a send that may still be on its way (an answer slowed past the timeout, not
        // lost): the create goes again and the first may land later. Its copies are looked for once the
        // record is written, and again at the run's end (the mark survives a kill).
        if (found === undefined && target.findAllByMarker && target.remove) {
          lookedInVain = true;
          this.journal.markStep(type, source.id, COPIES_STEP, 'sent');
        }
        return found;
      },
      // Unique names (a contact's email, a field's label): "already exists" after an earlier
      // send of ours is that send's record; a contact only if it carries this record's marker, where
      // the target can tell (else it is someone else's, and the conflict stands).
      async () => {
        const found = await target.findExisting(type, uniqueKeyOf(type, mapped));
        if (found === undefined || type !== 'contacts' || !target.contactCarriesMarker) return found;
        return (await target.contactCarriesMarker(found, context.sourceKey)) ? found : undefined;
      },
    );
    // Children (comments, notes, memberships) each go once; a resumed record continues here
    // at the first one not done, and it is migrated only when all are.
    if (target.complete) await target.complete(type, targetId, mapped as never, context);
    if (lookedInVain) notes.push(...(await this.removeCopies(type, source.id, targetId)));
    return {status: 'migrated', targetId, reason: notes.join('; ') || undefined};
  }

  /** Removes every other target record carrying this record's marker: the late first send of a create
   * sent twice. Each delete is a once-only step (a 404 counts as done), so a kill here is harmless. */
  private async removeCopies(type: RecordType, sourceId: string, targetId: Id): Promise<string[]> {
    const {target} = this.sides;
    const sourceKey = `${this.sides.sourcePlatform}:${type}:${sourceId}`;
    const copies = (await target.findAllByMarker!(type, sourceKey, {recent: true})).filter((id) => String(id) !== String(targetId));
    const once = onceFor(this.journal, type, sourceId);
    for (const copy of copies)
      await once(`copy:${copy}`, async () => {
        try {
          await target.remove!(type, copy, {permanent: false});
        } catch (error) {
          if (!(error instanceof HttpRecordError && error.status === 404)) throw error;
        }
        return String(copy);
      });
    return copies.length ? [`removed ${copies.length === 1 ? 'a copy' : `${copies.length} copies`} (#${copies.join(', #')}) left by a create sent twice: its first send was applied after ferry had looked for it`] : [];
  }

  /** The run's end looks again at every record whose create went twice: a first send applied after the
   * record was written is removed now. Said in the run's warnings. */
  private async sweepCopies() {
    const {target} = this.sides;
    if (!target.findAllByMarker || !target.remove) return;
    for (const {type, sourceId} of this.journal.recordsWithStep(COPIES_STEP, 'sent')) {
      const row = this.journal.record(type, sourceId);
      if (row?.status === 'migrated' && row.targetId) {
        const removed = await this.removeCopies(type, sourceId, row.targetId);
        if (removed.length) this.warnings.push(`${type} ${sourceId}: ${removed.join('; ')}`);
      }
      if (row?.status !== 'failed') this.journal.markStep(type, sourceId, COPIES_STEP, 'done');
    }
  }

  /** Records taken at once: enough for the target's bulk create to fill a request (the HTTP layer paces the calls). */
  private concurrencyFor(type: RecordType): number {
    return Math.max(this.options.concurrency ?? 6, this.sides.target.batchSize?.(type) ?? 0);
  }

  private writeContext(type: RecordType, sourceId: string): WriteContext {
    const source = this.sides.source;
    return {
      sourceKey: `${this.sides.sourcePlatform}:${type}:${sourceId}`,
      once: onceFor(this.journal, type, sourceId),
      attachmentBytes: (attachment) => source.download(attachment),
      note: () => undefined,
      // Kept as a done step of its own ("kept:<key>"), beside the record's other steps.
      remember: (key, value) => this.journal.markStep(type, sourceId, `kept:${key}`, 'done', value),
      recall: (key) => {
        const kept = this.journal.step(type, sourceId, `kept:${key}`);
        return kept ? (kept.targetId ?? '') : undefined;
      },
    };
  }

  private mapContext(): MapContext {
    return {
      plan: this.plan,
      limits: this.sides.limits,
      sourcePlatform: this.sides.sourcePlatform,
      ensure: (type, id) => this.ensure(type, id),
      person: (id) => this.person(id),
      agent: async (id) => this.agentRef(id),
      fallbackRequester: () => this.fallbackRequester(),
      sourceFields: this.sourceFields,
      targetFields: () => this.targetFields,
      fieldTarget: (id) => {
        const row = this.journal.record('ticket_fields', id);
        if (row?.targetId) return {targetId: row.targetId};
        // Skipped because the target cannot create it: its values are left out, and said so (not deliberate).
        const field = this.sourceFields.find((f) => f.id === id);
        if (row?.status === 'skipped' && field && row.reason === this.sides.limits.ticketFieldCreateRefusal?.(field)) return {reason: `skipped: ${row.reason}`};
        // Skipped on purpose (the field map says so, or ticket fields are not migrated at all).
        if (row?.status === 'skipped' || !this.plan.recordTypes.includes('ticket_fields')) return {deliberate: true};
        return {reason: row ? `${row.status}${row.reason ? `: ${row.reason}` : ''}` : 'not migrated yet'};
      },
    };
  }

  /** Target id of a referenced record, migrating it first when it has not been. */
  private async ensure(type: RecordType, id: Id): Promise<{targetId?: string; reason?: string}> {
    const row = this.journal.record(type, id);
    if (row?.targetId && (row.status === 'migrated' || row.status === 'skipped')) return {targetId: row.targetId};
    if (row?.status === 'failed' && row.lastRunId === this.run.id && !this.inflight.has(`${type}:${id}`)) return {reason: `failed: ${row.reason ?? ''}`.trim()};
    if (!this.plan.recordTypes.includes(type)) return {reason: `${type.replace('_', ' ')} are not part of this migration`};
    const record = await this.sides.source.get(type, id);
    if (!record) return {reason: `no longer exists in ${this.sides.sourcePlatform}`};
    const outcome = await this.processOnce(type, record as AnyRecord, true);
    return outcome.targetId ? {targetId: outcome.targetId} : {reason: `${outcome.status}: ${outcome.reason ?? ''}`};
  }

  private agentRef(id: Id): PersonRef {
    const match = this.agentMatches.get(id);
    if (!match) return {label: `#${id}`, reason: 'is not an agent in the source'};
    const label = match.sourceEmail ? `${match.sourceName} <${match.sourceEmail}>` : match.sourceName;
    return match.targetId ? {targetId: match.targetId, label} : {label, reason: 'has no agent on the target'};
  }

  /** A person referenced by a ticket or comment: an agent through the agent map, else a contact. */
  private async person(id: Id): Promise<PersonRef> {
    if (this.agentMatches.has(id)) return this.agentRef(id);
    const contact = await this.ensure('contacts', id);
    const row = this.journal.record('contacts', id);
    const label = row?.label ?? `#${id}`;
    return contact.targetId ? {targetId: contact.targetId, label} : {label, reason: contact.reason};
  }

  private fallbackRequester(): Promise<string | undefined> {
    const email = this.plan.options.fallbackRequester;
    if (!email) return Promise.resolve(undefined);
    this.fallbackRequesterId ??= findRequesterOnTarget(this.sides.target, email);
    return this.fallbackRequesterId;
  }
}

/** Pages of a type written at once (the estimator models the same): one for types with duplicates
 * decided by listing order, two otherwise. */
export function pagesWrittenAtOnce(type: RecordType): number {
  return hasMatchKey(type) ? 1 : 2;
}

function hasMatchKey(type: RecordType): boolean {
  return type === 'contacts' || type === 'organizations';
}

/** A record the journal says ferry linked to one the target already had (it did not create it). */
function isLinked(row: JournalRecord | undefined): boolean {
  return Boolean(row?.targetId && row.status === 'migrated' && /^linked to existing target /.test(row.reason ?? ''));
}


/** The target's contact, else agent, with this email: what a fallback requester must be (the console checks a typed one with it). */
export async function findRequesterOnTarget(target: Pick<EngineSides['target'], 'findExisting' | 'list'>, email: string): Promise<string | undefined> {
  const found = await target.findExisting('contacts', {email});
  if (found) return found;
  const agent = (await target.list('agents')).find((a) => a.email?.toLowerCase() === email.toLowerCase());
  return agent?.id;
}

/** What makes a record unique on targets that refuse a second one with 409. */
function uniqueKeyOf(type: RecordType, record: AnyRecord): {email?: string; name?: string} {
  const r = record as unknown as Record<string, unknown>;
  if (type === 'contacts' || type === 'agents') return {email: typeof r.email === 'string' ? r.email : undefined};
  if (type === 'tickets' || type === 'kb_articles') return {};
  return {name: String(r.title ?? r.name ?? '') || undefined};
}

function labelOf(type: RecordType, record: AnyRecord): string {
  const r = record as unknown as Record<string, unknown>;
  if (type === 'tickets') return `#${record.id} ${r.subject}`;
  if (type === 'contacts' || type === 'agents') return r.email ? `${r.name} <${r.email}>` : String(r.name);
  return String(r.title ?? r.name ?? record.id);
}


export async function collect<T>(pages: AsyncIterable<{records: T[]}>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page.records);
  return all;
}

/**
 * The bookmark, down to the whole second. Platforms stamp updates to the second, so a record
 * changed just after a run started, in the same second, reads as older than the exact instant
 * and a delta would miss it; reading from the second's start re-reads at most a second's worth
 * of records, which the id map turns into updates.
 */
export function wholeSecondOf(instant: string): string {
  return new Date(Math.floor(Date.parse(instant) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
