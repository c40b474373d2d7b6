// The referral wizard's intents: every change of its slice of the store (referral-state.ts)
// and the work behind it (inspect, validate, write, load through ReferralActions). The
// actions, and with them any API key typed in, stay in this closure, never in the store.
import type {ReferralActions, ReferralRequest, PathCompletion} from '../../referral/actions.js';
import type {ImportFiles, PreviewRow} from '../../referral/engine.js';
import {FILE_KINDS, type FileKind, type ImportType} from '../../referral/fields.js';
import type {Preset} from '../../referral/mapping.js';
import type {Store} from './store.js';
import {flowReducer, initialFlowState, type AdvocateTarget, type DeleteOptions, type FlowAction, type FlowState, type Inspected, type ListWindow, type ReadOptions, type ReferralStep} from './referral-state.js';

/** Advocate's account as typed in the wizard; `remember` keeps the key in the 0600 credential store. */
export interface TypedAdvocate {
  tenant: string;
  url?: string;
  apiKey: string;
  remember: boolean;
}

/** Actions for an output folder, and where they load (typed: what the operator just entered). */
export type ReferralActionsFor = (outDir: string, typed?: TypedAdvocate) => ReferralActions & {advocate?: AdvocateTarget};

export interface ReferralIntents {
  open(outDir: string, files?: ImportFiles): void;
  close(): void;
  help(open: boolean): void;
  /** Opens or closes the form where Advocate's account is typed */
  accountForm(open: boolean): void;
  setFile(kind: FileKind, path: string | undefined): void;
  toggleType(importType: ImportType): void;
  toggleDelete(option: keyof DeleteOptions): void;
  setOption(option: keyof ReadOptions, value: string | boolean | undefined): void;
  /** Remembers the paths, reads every file's headers, then shows the columns */
  toColumns(): Promise<void>;
  /** Maps the files again with a preset */
  usePreset(name: string | undefined): Promise<void>;
  mapColumn(field: string, header: string | undefined): void;
  switchFile(kind: FileKind): void;
  /** Back to an earlier step (a running validation stops) */
  back(step: ReferralStep): void;
  validate(): void;
  /** Moves the preview's row list (applied to the latest rows, so keys that arrive together all count) */
  nav(change: (nav: ListWindow | undefined, rows: readonly PreviewRow[]) => ListWindow): void;
  /** Scrolls the preview sideways by `by` columns, of `columns`, `shown` at a time */
  scroll(by: number, columns: number, shown: number): void;
  write(): void;
  load(): void;
  /** Takes the typed Advocate account; false (and the reason in the state) when it cannot be used */
  setAdvocate(typed: TypedAdvocate): boolean;
  canLoad(): boolean;
  presets(): Preset[];
  completePath(typed: string): PathCompletion | undefined;
  recentPaths(kind: FileKind | 'dateFormat'): string[];
}

/** "tab" (as typed in the console, like the CLI's "\\t") is the tab character. */
const readDelimiter = (typed: string | undefined) => (typed === 'tab' || typed === '\\t' ? '\t' : typed);

export function createReferralIntents(store: Store, actionsFor: ReferralActionsFor): ReferralIntents {
  let actions: ReturnType<ReferralActionsFor> | undefined;
  let validation: AbortController | undefined;
  // Each open wizard has its own generation: answers of an earlier one are dropped.
  let generation = 0;
  const get = () => store.getState().referral;
  const dispatch = (action: FlowAction, from = generation) => {
    if (from !== generation) return;
    store.update((s) => (s.referral ? {...s, referral: flowReducer(s.referral, action)} : s));
  };
  // Keys act on what is shown: changes made by a key are drawn at once.
  const now = (action: FlowAction) => (dispatch(action), store.flush());

  const request = (current: FlowState): ReferralRequest => {
    const mappings: ReferralRequest['mappings'] = {};
    for (const kind of FILE_KINDS) if (current.inspected[kind]) mappings[kind] = current.inspected[kind]!.mapping;
    const {dateFormat, timeZone, currency, delimiter, majorUnits} = current.readOptions;
    return {files: current.files, importTypes: current.importTypes, mappings, preset: current.preset, deleteOptions: current.deleteOptions, conversion: {dateFormat, timeZone, defaultCurrency: currency, majorUnits}, delimiter: readDelimiter(delimiter)};
  };

  const inspectAll = async (preset: string | undefined, thenStep?: ReferralStep) => {
    const current = get();
    if (!current || !actions) return;
    const from = generation;
    const results: Partial<Record<FileKind, Inspected>> = {};
    const errors: Partial<Record<FileKind, string>> = {};
    for (const kind of FILE_KINDS) {
      const file = current.files[kind];
      if (!file) continue;
      const found = await actions.inspect(kind, file, preset, {delimiter: readDelimiter(current.readOptions.delimiter)});
      if (found.ok) results[kind] = {headers: found.headers, mapping: found.mapping, notes: found.notes};
      else errors[kind] = `${found.code}: ${found.message}`;
    }
    dispatch({type: 'inspected', results, errors, preset}, from);
    if (thenStep && Object.keys(results).length) dispatch({type: 'step', step: thenStep}, from);
    store.flush();
  };

  const intents: ReferralIntents = {
    open(outDir, files) {
      generation++;
      validation?.abort();
      actions = actionsFor(outDir);
      const state = initialFlowState(actions.outDir, files, actions.recentPaths?.('dateFormat')[0], actions.advocate);
      store.update((s) => ({...s, referral: state}));
      store.flush();
    },
    close() {
      generation++;
      validation?.abort();
      actions = undefined;
      store.update((s) => ({...s, referral: undefined}));
      store.flush();
    },
    help: (open) => now({type: 'help', open}),
    accountForm: (open) => now({type: 'accountForm', open}),
    setFile: (kind, path) => now({type: 'file', kind, path}),
    toggleType: (importType) => now({type: 'toggleType', importType}),
    toggleDelete: (option) => now({type: 'toggleDelete', option}),
    setOption: (option, value) => now({type: 'option', option, value}),
    async toColumns() {
      const current = get();
      if (!current) return;
      actions?.rememberPaths?.({...current.files, ...(current.readOptions.dateFormat ? {dateFormat: current.readOptions.dateFormat} : {})});
      await inspectAll(current.preset, 'map');
    },
    usePreset: (name) => inspectAll(name),
    mapColumn(field, header) {
      const current = get();
      if (current) now({type: 'map', kind: current.kind, field, header});
    },
    switchFile: (kind) => now({type: 'kind', kind}),
    back(step) {
      validation?.abort();
      now({type: 'step', step});
    },
    validate() {
      const current = get();
      if (!current || !actions) return;
      validation?.abort();
      const controller = new AbortController();
      validation = controller;
      const from = generation;
      now({type: 'step', step: 'preview'});
      const live = (action: FlowAction) => !controller.signal.aborted && dispatch(action, from);
      actions
        .validate(request(current), {
          signal: controller.signal,
          onPreview: (kind, rows) => live({type: 'preview', kind, rows: [...rows]}),
          onProgress: (progress) => live({type: 'progress', progress}),
        })
        .then((result) => live({type: 'validated', result}))
        .catch((error: Error) => dispatch({type: 'writePhase', phase: 'failed', error: error.message}, from));
    },
    nav(change) {
      const current = get();
      if (current) now({type: 'nav', kind: current.kind, change});
    },
    scroll(by, columns, shown) {
      const current = get();
      if (current) now({type: 'column', kind: current.kind, by, columns, shown});
    },
    write() {
      const current = get();
      if (!current || !actions) return;
      validation?.abort();
      const from = generation;
      now({type: 'step', step: 'write'});
      actions
        .write(request(current), {onProgress: (progress) => dispatch({type: 'writeProgress', progress}, from)})
        .then((result) => dispatch({type: 'writePhase', phase: result.hasStoppingErrors ? 'failed' : 'written', result, error: result.hasStoppingErrors ? 'A file has a stopping error: see above; nothing from it was written.' : undefined}, from))
        .catch((error: Error) => dispatch({type: 'writePhase', phase: 'failed', error: error.message}, from))
        .finally(() => store.flush());
    },
    load() {
      const outputs = get()?.written?.outputs ?? [];
      if (!actions?.load || !outputs.length) return;
      const from = generation;
      now({type: 'writePhase', phase: 'loading'});
      actions
        .load(outputs, (job) => dispatch({type: 'job', job}, from))
        .then((loaded) => {
          dispatch({type: 'loaded', loaded}, from);
          dispatch({type: 'writePhase', phase: 'loaded'}, from);
        })
        .catch((error: Error) => dispatch({type: 'writePhase', phase: 'failed', error: error.message}, from))
        .finally(() => store.flush());
    },
    setAdvocate(typed) {
      const current = get();
      if (!current) return false;
      try {
        const next = actionsFor(current.outDir, typed);
        if (!next.load || !next.advocate) throw new Error('Advocate needs a tenant and an API key.');
        actions = next;
        now({type: 'advocate', advocate: next.advocate});
        return true;
      } catch (error) {
        now({type: 'advocate', advocate: undefined, problem: (error as Error).message});
        return false;
      }
    },
    canLoad: () => Boolean(actions?.load),
    presets: () => actions?.presets ?? [],
    completePath: (typed) => actions?.completePath?.(typed),
    recentPaths: (kind) => actions?.recentPaths?.(kind) ?? [],
  };
  return intents;
}
