// Counts the API calls each record type really costs, per side, by tagging the
// work of each record with its type (AsyncLocalStorage follows it through every
// await into the HTTP layer). A demo run's meter calibrates the estimator.
import {AsyncLocalStorage} from 'node:async_hooks';
import type {HttpEvent} from '../contracts/http.js';
import type {RecordType} from '../contracts/model.js';

const currentType = new AsyncLocalStorage<RecordType>();
const ownType = new AsyncLocalStorage<RecordType>();

/** Runs `work` with its HTTP calls counted against `type`. */
export function withRecordType<T>(type: RecordType, work: () => Promise<T>): Promise<T> {
  // A reference resolved inside a ticket (its requester, say) is counted as the type that asked for it,
  // and apart as its own type (`ownCalls`), so a demo calibrates the people its tickets pull in.
  const own = () => ownType.run(type, work);
  return currentType.getStore() ? own() : currentType.run(type, own);
}

export interface CallMeasurement {
  runId: number;
  mode: string;
  /** Wall-clock ms from the first to the last request */
  elapsedMs: number;
  /** Calls per side and record type ('setup' for calls outside any record) */
  calls: Record<'source' | 'target', Partial<Record<RecordType | 'setup', number>>>;
  /** Calls per side by the type whose own work made them: a contact a ticket pulled in counts as
   * contacts here (and as tickets in `calls`). Absent in measurements older than it. */
  ownCalls?: Record<'source' | 'target', Partial<Record<RecordType | 'setup', number>>>;
  /** Records settled per type */
  records: Partial<Record<RecordType, number>>;
  /** Rate-limit waits seen per side */
  waits: Record<'source' | 'target', number>;
}

export class CallMeter {
  private first = 0;
  private last = 0;
  readonly measurement: CallMeasurement;

  constructor(runId: number, mode: string) {
    this.measurement = {runId, mode, elapsedMs: 0, calls: {source: {}, target: {}}, ownCalls: {source: {}, target: {}}, records: {}, waits: {source: 0, target: 0}};
  }

  onHttp(event: HttpEvent) {
    const side = event.side === 'target' ? 'target' : 'source';
    if (event.type === 'rate_wait') this.measurement.waits[side]++;
    if (event.type !== 'request') return;
    const now = Date.now();
    this.first ||= now;
    this.last = now;
    this.measurement.elapsedMs = this.last - this.first;
    const type = currentType.getStore() ?? 'setup';
    const calls = this.measurement.calls[side];
    calls[type] = (calls[type] ?? 0) + 1;
    const own = this.measurement.ownCalls![side];
    const mine = ownType.getStore() ?? 'setup';
    own[mine] = (own[mine] ?? 0) + 1;
  }

  onRecord(type: RecordType) {
    this.measurement.records[type] = (this.measurement.records[type] ?? 0) + 1;
  }
}
