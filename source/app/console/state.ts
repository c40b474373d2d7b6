// The console's state: one store, a discriminated screen id, and per-screen slices.
// Views read it through selectors and change it only through intents.
import type {Plan} from '../../plan/plan.js';
import type {AgentMatch} from '../../engine/mapping.js';
import type {Group, Person, RecordType, TicketField} from '../../contracts/model.js';
import type {Finding} from '../../prepare/audit.js';
import type {LiveProgress} from '../../engine/live-progress.js';
import type {JournalRecord, RunRow} from '../../engine/journal.js';
import type {CountsByType, RetryOutcome} from '../../engine/outcomes.js';
import type {ChecklistItem} from '../../prepare/checklist.js';
import type {FolderEstimate} from '../../estimate/plan-input.js';
import type {MappingPreview} from './mapping-preview.js';
import type {VerifyResult} from '../../prepare/verify.js';
import type {FlowState} from './referral-state.js';

export const SCREENS = ['start', 'connect', 'records', 'agents', 'fields', 'options', 'prepare', 'estimate', 'run', 'results', 'failures'] as const;
export type ScreenId = (typeof SCREENS)[number];

export const SCREEN_TITLES: Record<ScreenId, string> = {
  start: 'Start',
  connect: 'Connect',
  records: 'Records',
  agents: 'Agents',
  fields: 'Fields',
  options: 'Options',
  prepare: 'Prepare',
  estimate: 'Estimate',
  run: 'Run',
  results: 'Results',
  failures: 'Failures',
};

/** The key that jumps to each screen from anywhere (shown in the header). */
export const SCREEN_KEYS: Record<ScreenId, string> = {
  start: '1', connect: '2', records: '3', agents: '4', fields: '5', options: '6', prepare: '7', estimate: '8', run: '9', results: '0', failures: 'F',
};

export type Side = 'source' | 'target';

/** What the Failures screen lists (o cycles through them in this order) */
export const FAILURES_OUTCOMES = ['failed', 'warnings', 'skipped'] as const;
export type FailuresOutcome = (typeof FAILURES_OUTCOMES)[number];

export interface ConnectionCheck {
  state: 'untested' | 'testing' | 'ok' | 'failed';
  /** The platform tested: a check of another platform is not this one's (switching shows "untested") */
  platform?: string;
  description?: string;
  problems: string[];
}

export type LoadState<T> = {state: 'idle'} | {state: 'loading'; detail?: string} | {state: 'ready'; value: T} | {state: 'failed'; error: string};

export interface AgentsData {
  matches: AgentMatch[];
  targetAgents: Person[];
}

export interface FieldsData {
  sourceFields: TicketField[];
  targetFields: TicketField[];
  sourceGroups: Group[];
  targetGroups: Group[];
  /** Ticket fields an earlier run of the folder linked or created, by source field id (decideField's runLinks) */
  runLinks?: Record<string, string>;
  /** By source field id: why the target cannot create it (TargetLimits.ticketFieldCreateRefusal), for a target that cannot */
  createRefusals?: Record<string, string>;
}

export interface RunView {
  live?: LiveProgress;
  /** Whether the process writing `live` still runs */
  alive: boolean;
  lastRun?: RunRow;
  /** The last run's records, from the journal (source/engine/outcomes.ts: the one set of numbers) */
  runCounts: CountsByType;
  /** The last run when it is a retry: the records asked for, apart from those they pulled in (retryOutcome) */
  retried?: RetryOutcome;
  overall: CountsByType;
  /** A run waiting for its start time (in a detached process) */
  scheduled?: {at: number; mode: string; pid: number};
  /** A delta can start: a full run has finished (the engine's own check: the delta bookmark) */
  deltaReady?: boolean;
  /** What the console asked the run to do (the journal's control flag) */
  control?: 'pause' | 'cancel';
  /** Records of the last run started and not yet settled: what a pause or cancel waits for */
  inFlight?: number;
}

export interface ConsoleState {
  screen: ScreenId;
  history: ScreenId[];
  dir?: string;
  plan?: Plan;
  /** Demo emulators run in a detached host process for this folder */
  demo?: {pid: number; sourceUrl: string; targetUrl: string};
  /** untilRunEnds: about the live run ("started", "retrying"), cleared when it ends, or when a run
   * later than `afterRun` (the last run when it was said) has ended, even one that came and went between two looks */
  notice?: {kind: 'info' | 'error'; text: string; untilRunEnds?: boolean; afterRun?: number};
  help: boolean;
  confirmQuit: boolean;
  connection: Record<Side, ConnectionCheck>;
  /** Secrets typed this session, by field: shown only as "set" */
  secretsEntered: Record<string, boolean>;
  counts: LoadState<Partial<Record<RecordType, number | undefined>>>;
  /** Set with the counts when the plan filters tickets: they select none, or name what the source lacks */
  ticketSelection?: string;
  /** Set with the counts when the plan names demo tickets: those the source does not have */
  demoSelection?: string;
  /** `counts`: the counts typed for it (no connection), absent for the folder's own estimate */
  estimate: LoadState<FolderEstimate & {counts?: string}>;
  agents: LoadState<AgentsData>;
  fields: LoadState<FieldsData>;
  /** The run's mapping tried on sample tickets (source/app/console/mapping-preview.ts) */
  fieldsPreview: LoadState<MappingPreview>;
  audit: LoadState<Finding[]>;
  checklist: ChecklistItem[];
  run: RunView;
  failures: LoadState<JournalRecord[]>;
  /** Which records `failures` holds: failed ones, those migrated with warnings, or skipped ones */
  failuresOutcome: FailuresOutcome;
  reportsWritten?: string[];
  /** The migrated records read back from the target and compared (Results, v), with how many were sampled per type */
  verify: LoadState<VerifyResult & {sample: number}>;
  /** Where "Try the demo" proposes to put it (never inside ferry's own checkout) */
  defaultDemoDir?: string;
  /** A demo being started (its folder): the console moves to it when it is ready, and says so meanwhile */
  startingDemo?: string;
  /** The referral import, while it is open (Start → Import referral history) */
  referral?: FlowState;
}

export function initialState(): ConsoleState {
  return {
    screen: 'start',
    history: [],
    help: false,
    confirmQuit: false,
    connection: {source: {state: 'untested', problems: []}, target: {state: 'untested', problems: []}},
    secretsEntered: {},
    counts: {state: 'idle'},
    estimate: {state: 'idle'},
    agents: {state: 'idle'},
    fields: {state: 'idle'},
    fieldsPreview: {state: 'idle'},
    audit: {state: 'idle'},
    checklist: [],
    run: {alive: false, runCounts: {}, overall: {}},
    failures: {state: 'idle'},
    failuresOutcome: 'failed',
    verify: {state: 'idle'},
  };
}

/** A run is live when its process still runs and it has not ended. */
export function runIsLive(run: RunView): boolean {
  if (run.scheduled) return true;
  return Boolean(run.live && run.alive && (run.live.state === 'running' || run.live.state === 'paused'));
}
