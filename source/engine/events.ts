// Typed events from the engine to whoever watches it (the console, the headless
// printer, tests). The engine never imports a view.
import type {HttpEvent} from '../contracts/http.js';
import type {RecordStatus, RunMode, RunStatus, TypeCounts} from './journal.js';
import type {RecordType} from '../contracts/model.js';

export type EngineEvent =
  | {type: 'run_started'; runId: number; mode: RunMode; resumed: boolean}
  | {type: 'type_started'; recordType: RecordType; total?: number}
  | {type: 'record'; recordType: RecordType; sourceId: string; status: Exclude<RecordStatus, 'pending'>; reason?: string; label?: string}
  | {type: 'type_finished'; recordType: RecordType}
  | {type: 'http'; event: HttpEvent}
  | {type: 'paused'; paused: boolean}
  | {type: 'log'; message: string}
  | {type: 'run_finished'; runId: number; status: RunStatus; message?: string; hint?: string; counts: Partial<Record<RecordType, TypeCounts>>};

export type EngineListener = (event: EngineEvent) => void;
