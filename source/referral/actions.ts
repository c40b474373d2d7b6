// What the console's referral screens may ask of the engine. The views receive this
// as a prop and never touch files or HTTP themselves; tests pass fakes.
import path from 'node:path';
import type {AdvocateImportApi, AdvocateSettings} from '../contracts/advocate.js';
import {runImport, type ImportFiles, type OutputFile, type PreviewRow, type Progress, type RunResult} from './engine.js';
import type {FileKind, ImportType} from './fields.js';
import {LoadJournal} from './load-journal.js';
import {loadOutputs, type LoadedFile, type LoadProgress} from './load.js';
import {PRESETS, autoMap, findPreset, type ConversionOptions, type FileMapping, type Preset} from './mapping.js';
import {loadPrevious} from './previous.js';
import {sniffFile} from './sniff.js';

export type InspectResult = {ok: true; headers: string[]; mapping: FileMapping; notes: string[]} | {ok: false; code: string; message: string};

export interface ReferralRequest {
  files: ImportFiles;
  importTypes: ImportType[];
  mappings: Partial<Record<FileKind, FileMapping>>;
  preset?: string;
  deleteOptions: {preserveEmptyAccounts: boolean; doNotTrack: boolean};
  /** The console's own form of the CLI's --date-format, --time-zone, --currency, --major-units */
  conversion?: Partial<ConversionOptions>;
  /** Override of the detected delimiter (--delimiter) */
  delimiter?: string;
}

/** A typed path completed from the directory listing (see source/app/path-complete.ts). */
export interface PathCompletion {
  /** The path with the longest unambiguous completion applied */
  completed: string;
  /** The entries that still match when there are several (directories end with "/") */
  candidates: string[];
}

export interface RunCallbacks {
  onPreview?(kind: FileKind, rows: PreviewRow[]): void;
  onProgress?(progress: Progress): void;
  signal?: AbortSignal;
}

export interface ReferralActions {
  presets: Preset[];
  /** Headers and the automatic mapping of one file */
  inspect(kind: FileKind, filePath: string, preset?: string, options?: {delimiter?: string}): Promise<InspectResult>;
  /** Check everything; the report goes to the output folder */
  validate(request: ReferralRequest, callbacks: RunCallbacks): Promise<RunResult>;
  /** Write the Advocate files, error report and summary */
  write(request: ReferralRequest, callbacks: RunCallbacks): Promise<RunResult>;
  /** Present only when a tenant and API key are configured */
  load?: (outputs: OutputFile[], onProgress: (progress: LoadProgress) => void) => Promise<LoadedFile[]>;
  /** "tenant (key ••••)": never the key itself */
  loadTarget?: string;
  outDir: string;
  /** Tab on a path being typed; only typed paths complete, never text read from a CSV */
  completePath?(typed: string): PathCompletion;
  /** Paths given before for this kind of file in this output folder, newest first (and date formats, under 'dateFormat') */
  recentPaths?(kind: FileKind | 'dateFormat'): string[];
  /** Remembers the paths (and the date format) the operator went on with */
  rememberPaths?(files: Partial<Record<FileKind | 'dateFormat', string>>): void;
}

export interface ReferralActionOptions {
  outDir: string;
  conversion?: Partial<ConversionOptions>;
  tenant?: string;
  apiKey?: string;
  baseUrl?: string;
  pollMs?: number;
  /** Request budget for Advocate (no published limit; default 120 a minute) */
  requestsPerMinute?: number;
  /** Earlier output folders, for a catch-up import */
  previous?: string[];
  /** Opens Advocate's API (the app supplies its client: source/app/advocate.ts) */
  openClient?: (settings: AdvocateSettings, limits: {requestsPerMinute?: number}) => AdvocateImportApi;
}

export function createReferralActions(options: ReferralActionOptions): ReferralActions {
  const previous = options.previous?.length ? loadPrevious(options.previous) : undefined;
  const run = async (request: ReferralRequest, callbacks: RunCallbacks, writeFiles: boolean) =>
    runImport({
      files: request.files,
      importTypes: request.importTypes,
      mappings: request.mappings,
      preset: request.preset,
      conversion: {...options.conversion, ...request.conversion},
      delimiter: request.delimiter,
      // These actions serve the console: advice names its steps and keys, not CLI flags.
      audience: 'console',
      outDir: writeFiles ? options.outDir : undefined,
      reportDir: writeFiles ? options.outDir : path.join(options.outDir, 'validation'),
      deleteUsers: request.deleteOptions,
      previous: previous ? await previous : undefined,
      onPreview: callbacks.onPreview,
      onProgress: callbacks.onProgress,
      signal: callbacks.signal,
    });
  const actions: ReferralActions = {
    presets: PRESETS,
    outDir: options.outDir,
    async inspect(kind, filePath, preset, inspectOptions) {
      const sniff = await sniffFile(filePath, {delimiter: inspectOptions?.delimiter, audience: 'console'});
      if (!sniff.ok) return {ok: false, code: sniff.code, message: sniff.message};
      return {ok: true, headers: sniff.sniffed.headers, mapping: autoMap(kind, sniff.sniffed.headers, findPreset(preset)), notes: sniff.sniffed.notes};
    },
    validate: (request, callbacks) => run(request, callbacks, false),
    write: (request, callbacks) => run(request, callbacks, true),
  };
  if (options.tenant && options.apiKey && options.openClient) {
    const client = options.openClient({tenant: options.tenant, apiKey: options.apiKey, baseUrl: options.baseUrl}, {requestsPerMinute: options.requestsPerMinute});
    actions.load = async (outputs, onProgress) => {
      // The same journal as `ferry referral load --out` on this folder: a load resumed from either is exactly once.
      const journal = LoadJournal.inFolder(options.outDir);
      try {
        return await loadOutputs(outputs, client, {onProgress, pollMs: options.pollMs, journal});
      } finally {
        journal.close();
      }
    };
    actions.loadTarget = `${options.tenant} (API key ••••)`;
  }
  return actions;
}
