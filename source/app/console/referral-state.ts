// The referral wizard's slice of the console's one store (ConsoleState.referral): its
// step, files, mappings, preview, write and load, and what Advocate it loads into. Pure:
// intents-referral.ts applies these changes; views/referral/ draws them.
import {defaultImportTypes, type ImportFiles, type PreviewRow, type Progress, type RunResult} from '../../referral/engine.js';
import {FILE_KINDS, type FileKind, type ImportType} from '../../referral/fields.js';
import type {LoadedFile, LoadProgress} from '../../referral/load.js';
import type {FileMapping} from '../../referral/mapping.js';

export interface DeleteOptions {
  preserveEmptyAccounts: boolean;
  doNotTrack: boolean;
}

/** The console's form of --date-format, --time-zone, --currency, --delimiter and --major-units. */
export interface ReadOptions {
  dateFormat?: string;
  timeZone?: string;
  currency?: string;
  delimiter?: string;
  majorUnits?: boolean;
}

export type WritePhase = 'writing' | 'written' | 'loading' | 'loaded' | 'failed';

/** A list's cursor and window (the shape of views/list-nav.ts's ListNav: the views move it). */
export interface ListWindow {
  count: number;
  cursor: number;
  top: number;
  height: number;
}

export interface Inspected {
  headers: string[];
  mapping: FileMapping;
  notes: string[];
}

/** Where loads go: never the key itself, only where it came from. */
export interface AdvocateTarget {
  tenant: string;
  url?: string;
  /** Where the API key is read from: the environment, the 0600 store, or memory (this session) */
  keyFrom: 'environment' | 'store' | 'session';
}

export type ReferralStep = 'choose' | 'map' | 'preview' | 'write';

export interface FlowState {
  outDir: string;
  step: ReferralStep;
  /** `?`: the wizard's key list over the current step */
  help: boolean;
  files: ImportFiles;
  importTypes: ImportType[];
  deleteOptions: DeleteOptions;
  readOptions: ReadOptions;
  fileErrors: Partial<Record<FileKind, string>>;
  preset?: string;
  inspected: Partial<Record<FileKind, Inspected>>;
  kind: FileKind;
  preview: Partial<Record<FileKind, PreviewRow[]>>;
  progress: Partial<Record<FileKind, Progress>>;
  /** The preview's row list per file */
  nav: Partial<Record<FileKind, ListWindow>>;
  /** The preview's first column shown per file (←→ scroll sideways) */
  column: Partial<Record<FileKind, number>>;
  validation?: RunResult;
  writePhase: WritePhase;
  writeProgress?: Progress;
  written?: RunResult;
  jobs: LoadProgress[];
  loaded: LoadedFile[];
  error?: string;
  /** The Advocate account loads go to, when one is set (environment, store or typed) */
  advocate?: AdvocateTarget;
  /** Why the Advocate account typed last was not taken */
  advocateProblem?: string;
  /** The form where Advocate's account is typed is open (its drafts stay in the view) */
  accountForm: boolean;
}

export type FlowAction =
  | {type: 'file'; kind: FileKind; path: string | undefined}
  | {type: 'toggleType'; importType: ImportType}
  | {type: 'toggleDelete'; option: keyof DeleteOptions}
  | {type: 'option'; option: keyof ReadOptions; value: string | boolean | undefined}
  | {type: 'inspected'; results: Partial<Record<FileKind, Inspected>>; errors: Partial<Record<FileKind, string>>; preset?: string}
  | {type: 'step'; step: ReferralStep}
  | {type: 'help'; open: boolean}
  | {type: 'accountForm'; open: boolean}
  | {type: 'kind'; kind: FileKind}
  | {type: 'map'; kind: FileKind; field: string; header: string | undefined}
  | {type: 'preview'; kind: FileKind; rows: PreviewRow[]}
  | {type: 'progress'; progress: Progress}
  | {type: 'nav'; kind: FileKind; change: (nav: ListWindow | undefined, rows: readonly PreviewRow[]) => ListWindow}
  | {type: 'column'; kind: FileKind; by: number; columns: number; shown: number}
  | {type: 'validated'; result: RunResult}
  | {type: 'writePhase'; phase: WritePhase; result?: RunResult; error?: string}
  | {type: 'writeProgress'; progress: Progress}
  | {type: 'job'; job: LoadProgress}
  | {type: 'loaded'; loaded: LoadedFile[]}
  | {type: 'advocate'; advocate: AdvocateTarget | undefined; problem?: string};

export function initialFlowState(outDir: string, files: ImportFiles = {}, dateFormat?: string, advocate?: AdvocateTarget): FlowState {
  const present = Object.fromEntries(Object.entries(files).filter(([, value]) => value)) as ImportFiles;
  // The date format used last for this output folder is offered again (settings.json).
  return {outDir, step: 'choose', help: false, files: present, importTypes: defaultImportTypes(present), deleteOptions: {preserveEmptyAccounts: true, doNotTrack: false}, readOptions: dateFormat ? {dateFormat} : {}, fileErrors: {}, inspected: {}, kind: 'users', preview: {}, progress: {}, nav: {}, column: {}, writePhase: 'writing', jobs: [], loaded: [], advocate, accountForm: false};
}

const firstKind = (state: FlowState) => FILE_KINDS.find((kind) => state.inspected[kind]) ?? 'users';

export function flowReducer(state: FlowState, action: FlowAction): FlowState {
  switch (action.type) {
    case 'file': {
      const files = {...state.files, [action.kind]: action.path};
      if (!action.path) delete files[action.kind];
      const types = new Set(state.importTypes);
      for (const type of defaultImportTypes(files)) if (!state.files[action.kind] && action.path) types.add(type);
      return {...state, files, importTypes: [...types], fileErrors: {...state.fileErrors, [action.kind]: undefined}};
    }
    case 'toggleType':
      return {...state, importTypes: state.importTypes.includes(action.importType) ? state.importTypes.filter((t) => t !== action.importType) : [...state.importTypes, action.importType]};
    case 'toggleDelete':
      return {...state, deleteOptions: {...state.deleteOptions, [action.option]: !state.deleteOptions[action.option]}};
    case 'option':
      return {...state, readOptions: {...state.readOptions, [action.option]: action.value}};
    case 'inspected': {
      const next = {...state, inspected: action.results, fileErrors: action.errors, preset: action.preset};
      return {...next, kind: FILE_KINDS.includes(state.kind) && action.results[state.kind] ? state.kind : firstKind(next)};
    }
    case 'step':
      return {...state, step: action.step, help: false, accountForm: false, ...(action.step === 'preview' ? {preview: {}, progress: {}, nav: {}, validation: undefined} : {}), ...(action.step === 'write' ? {writePhase: 'writing' as WritePhase, written: undefined, jobs: [], loaded: [], error: undefined} : {})};
    case 'help':
      return {...state, help: action.open};
    case 'accountForm':
      return {...state, accountForm: action.open, advocateProblem: undefined};
    case 'kind':
      return {...state, kind: action.kind};
    case 'map': {
      const inspected = state.inspected[action.kind];
      if (!inspected) return state;
      const columns = {...inspected.mapping.columns};
      if (action.header) columns[action.field] = action.header;
      else delete columns[action.field];
      return {...state, inspected: {...state.inspected, [action.kind]: {...inspected, mapping: {...inspected.mapping, columns}}}};
    }
    case 'preview':
      return {...state, preview: {...state.preview, [action.kind]: action.rows}};
    case 'progress':
      return {...state, progress: {...state.progress, [action.progress.kind]: action.progress}};
    case 'nav':
      return {...state, nav: {...state.nav, [action.kind]: action.change(state.nav[action.kind], state.preview[action.kind] ?? [])}};
    case 'column': {
      // The first column shown stays where the last screenful still shows the last column.
      const last = Math.max(0, action.columns - action.shown);
      const at = Math.max(0, Math.min(last, (state.column[action.kind] ?? 0) + action.by));
      return at === (state.column[action.kind] ?? 0) ? state : {...state, column: {...state.column, [action.kind]: at}};
    }
    case 'validated':
      return {...state, validation: action.result};
    case 'writePhase':
      return {...state, writePhase: action.phase, written: action.result ?? state.written, error: action.error};
    case 'writeProgress':
      return {...state, writeProgress: action.progress};
    case 'job':
      return {...state, jobs: [...state.jobs.filter((job) => job.file !== action.job.file), action.job]};
    case 'loaded':
      return {...state, loaded: action.loaded};
    case 'advocate':
      return {...state, advocate: action.advocate ?? state.advocate, advocateProblem: action.problem};
  }
}
