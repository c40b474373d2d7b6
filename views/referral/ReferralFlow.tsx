// The referral import in the console: Choose files → Map columns → Preview and
// validate → Write (and load). One reducer holds the state; the engine is reached
// only through the injected ReferralActions.
import React, {useEffect, useReducer, useRef, useState} from 'react';
import {Box, Text} from 'ink';
import type {ReferralActions, ReferralRequest} from '../../source/referral/actions.js';
import {defaultImportTypes, type ImportFiles, type PreviewRow, type Progress, type RunResult} from '../../source/referral/engine.js';
import {FILE_KINDS, TARGET_FIELDS, type FileKind, type ImportType} from '../../source/referral/fields.js';
import type {LoadedFile, LoadProgress} from '../../source/referral/load.js';
import type {FileMapping} from '../../source/referral/mapping.js';
import {droppedColumns} from '../../source/referral/dropped.js';
import type {ListNav} from '../list-nav.js';
import {wrappedRows} from '../components/Table.js';
import type {ReferralStep} from '../keymap.js';
import {ChooseFiles, type DeleteOptions, type ReadOptions} from './ChooseFiles.js';
import {previewNav, type PreviewNavAction} from './preview-nav.js';
import {WizardHelp} from './WizardHelp.js';
import {MapColumns} from './MapColumns.js';
import {PreviewTable} from './PreviewTable.js';
import {WriteLoadProgress, type WritePhase} from './WriteLoadProgress.js';

export interface ReferralFlowProps {
  actions: ReferralActions;
  initialFiles?: ImportFiles;
  width?: number;
  height?: number;
  onExit?(): void;
}

interface Inspected {
  headers: string[];
  mapping: FileMapping;
  notes: string[];
}

export interface FlowState {
  step: 'choose' | 'map' | 'preview' | 'write';
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
  /** The preview's row list per file (list-nav.ts through preview-nav.ts) */
  nav: Partial<Record<FileKind, ListNav>>;
  validation?: RunResult;
  writePhase: WritePhase;
  writeProgress?: Progress;
  written?: RunResult;
  jobs: LoadProgress[];
  loaded: LoadedFile[];
  error?: string;
}

export type FlowAction =
  | {type: 'file'; kind: FileKind; path: string | undefined}
  | {type: 'toggleType'; importType: ImportType}
  | {type: 'toggleDelete'; option: keyof DeleteOptions}
  | {type: 'option'; option: keyof ReadOptions; value: string | boolean | undefined}
  | {type: 'inspected'; results: Partial<Record<FileKind, Inspected>>; errors: Partial<Record<FileKind, string>>; preset?: string}
  | {type: 'step'; step: FlowState['step']}
  | {type: 'kind'; kind: FileKind}
  | {type: 'map'; kind: FileKind; field: string; header: string | undefined}
  | {type: 'preview'; kind: FileKind; rows: PreviewRow[]}
  | {type: 'progress'; progress: Progress}
  | {type: 'nav'; kind: FileKind; height: number; action: PreviewNavAction}
  | {type: 'validated'; result: RunResult}
  | {type: 'writePhase'; phase: WritePhase; result?: RunResult; error?: string}
  | {type: 'writeProgress'; progress: Progress}
  | {type: 'job'; job: LoadProgress}
  | {type: 'loaded'; loaded: LoadedFile[]};

export function initialFlowState(files: ImportFiles = {}, dateFormat?: string): FlowState {
  const present = Object.fromEntries(Object.entries(files).filter(([, value]) => value)) as ImportFiles;
  // The date format used last for this output folder is offered again (settings.json).
  return {step: 'choose', files: present, importTypes: defaultImportTypes(present), deleteOptions: {preserveEmptyAccounts: true, doNotTrack: false}, readOptions: dateFormat ? {dateFormat} : {}, fileErrors: {}, inspected: {}, kind: 'users', preview: {}, progress: {}, nav: {}, writePhase: 'writing', jobs: [], loaded: []};
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
      return {...state, step: action.step, ...(action.step === 'preview' ? {preview: {}, progress: {}, nav: {}, validation: undefined} : {}), ...(action.step === 'write' ? {writePhase: 'writing' as WritePhase, written: undefined, jobs: [], loaded: [], error: undefined} : {})};
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
      return {...state, nav: {...state.nav, [action.kind]: previewNav(state.nav[action.kind], state.preview[action.kind] ?? [], action.height, action.action)}};
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
  }
}

export function ReferralFlow({actions, initialFiles, width = 100, height = 30, onExit}: ReferralFlowProps) {
  const [state, dispatch] = useReducer(flowReducer, initialFiles, (files) => initialFlowState(files, actions.recentPaths?.('dateFormat')[0]));
  const [help, setHelp] = useState(false);
  const openHelp = () => setHelp(true);
  const stateRef = useRef(state);
  stateRef.current = state;
  const validation = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => validation.current?.abort(), []);

  const request = (): ReferralRequest => {
    const current = stateRef.current;
    const mappings: ReferralRequest['mappings'] = {};
    for (const kind of FILE_KINDS) if (current.inspected[kind]) mappings[kind] = current.inspected[kind]!.mapping;
    const {dateFormat, timeZone, currency, delimiter, majorUnits} = current.readOptions;
    return {files: current.files, importTypes: current.importTypes, mappings, preset: current.preset, deleteOptions: current.deleteOptions, conversion: {dateFormat, timeZone, defaultCurrency: currency, majorUnits}, delimiter: readDelimiter(delimiter)};
  };

  const inspectAll = async (preset: string | undefined, thenStep?: FlowState['step']) => {
    const results: Partial<Record<FileKind, Inspected>> = {};
    const errors: Partial<Record<FileKind, string>> = {};
    for (const kind of FILE_KINDS) {
      const file = stateRef.current.files[kind];
      if (!file) continue;
      const found = await actions.inspect(kind, file, preset, {delimiter: readDelimiter(stateRef.current.readOptions.delimiter)});
      if (found.ok) results[kind] = {headers: found.headers, mapping: found.mapping, notes: found.notes};
      else errors[kind] = `${found.code}: ${found.message}`;
    }
    dispatch({type: 'inspected', results, errors, preset});
    if (thenStep && Object.keys(results).length) dispatch({type: 'step', step: thenStep});
  };

  const startValidation = () => {
    validation.current?.abort();
    const controller = new AbortController();
    validation.current = controller;
    dispatch({type: 'step', step: 'preview'});
    actions
      .validate(request(), {
        signal: controller.signal,
        onPreview: (kind, rows) => !controller.signal.aborted && dispatch({type: 'preview', kind, rows: [...rows]}),
        onProgress: (progress) => !controller.signal.aborted && dispatch({type: 'progress', progress}),
      })
      .then((result) => !controller.signal.aborted && dispatch({type: 'validated', result}))
      .catch((error: Error) => dispatch({type: 'writePhase', phase: 'failed', error: error.message}));
  };

  const startWrite = () => {
    validation.current?.abort();
    dispatch({type: 'step', step: 'write'});
    actions
      .write(request(), {onProgress: (progress) => dispatch({type: 'writeProgress', progress})})
      .then((result) => dispatch({type: 'writePhase', phase: result.hasStoppingErrors ? 'failed' : 'written', result, error: result.hasStoppingErrors ? 'A file has a stopping error: see above; nothing from it was written.' : undefined}))
      .catch((error: Error) => dispatch({type: 'writePhase', phase: 'failed', error: error.message}));
  };

  const startLoad = () => {
    const outputs = stateRef.current.written?.outputs ?? [];
    if (!actions.load || !outputs.length) return;
    dispatch({type: 'writePhase', phase: 'loading'});
    actions
      .load(outputs, (job) => dispatch({type: 'job', job}))
      .then((loaded) => {
        dispatch({type: 'loaded', loaded});
        dispatch({type: 'writePhase', phase: 'loaded'});
      })
      .catch((error: Error) => dispatch({type: 'writePhase', phase: 'failed', error: error.message}));
  };

  const kinds = FILE_KINDS.filter((kind) => state.inspected[kind]);
  if (help) return <WizardHelp area={STEP_AREA[state.step]} width={width} height={height} onClose={() => setHelp(false)} />;
  if (state.step === 'choose')
    return (
      <ChooseFiles
        files={state.files}
        importTypes={state.importTypes}
        deleteOptions={state.deleteOptions}
        readOptions={state.readOptions}
        fileErrors={state.fileErrors}
        width={width}
        height={height}
        completePath={actions.completePath}
        recentPaths={actions.recentPaths}
        onHelp={openHelp}
        onChangeOption={(option, value) => dispatch({type: 'option', option, value})}
        onChangeFile={(kind, path) => dispatch({type: 'file', kind, path})}
        onToggleType={(importType) => dispatch({type: 'toggleType', importType})}
        onToggleDeleteOption={(option) => dispatch({type: 'toggleDelete', option})}
        onNext={() => {
          actions.rememberPaths?.({...stateRef.current.files, ...(stateRef.current.readOptions.dateFormat ? {dateFormat: stateRef.current.readOptions.dateFormat} : {})});
          void inspectAll(stateRef.current.preset, 'map');
        }}
        onBack={onExit}
      />
    );
  if (state.step === 'map') {
    const inspected = state.inspected[state.kind];
    if (!inspected) return <Text>Reading headers…</Text>;
    return (
      <MapColumns
        kind={state.kind}
        kinds={kinds}
        headers={inspected.headers}
        mapping={inspected.mapping}
        notes={inspected.notes}
        presets={actions.presets}
        preset={state.preset}
        width={width}
        height={height}
        onHelp={openHelp}
        onChange={(field, header) => dispatch({type: 'map', kind: stateRef.current.kind, field, header})}
        onPreset={(name) => void inspectAll(name)}
        onSwitchFile={(kind) => dispatch({type: 'kind', kind})}
        onNext={startValidation}
        onBack={() => dispatch({type: 'step', step: 'choose'})}
      />
    );
  }
  if (state.step === 'preview') {
    const inspected = state.inspected[state.kind];
    // Columns the run leaves out are listed by the preview, not shown as empty columns.
    const dropped = inspected ? droppedColumns(inspected.headers, inspected.mapping, 'console') : [];
    const custom = inspected ? Object.keys(inspected.mapping.customFields).filter((name) => !dropped.some((drop) => drop.name === name)) : [];
    const columns = inspected ? [...TARGET_FIELDS[state.kind].filter((f) => inspected.mapping.columns[f.name]).map((f) => f.name), ...custom.map((n) => `customFields.${n}`)] : [];
    const alert = state.validation?.files[state.kind]?.alert;
    return (
      <Box flexDirection="column">
        <PreviewTable
          kind={state.kind}
          kinds={kinds}
          columns={columns}
          rows={state.preview[state.kind] ?? []}
          nav={state.nav[state.kind]}
          dropped={dropped}
          progress={state.progress[state.kind]}
          issues={state.validation?.issues ?? []}
          issuesLeftOut={state.validation?.issuesLeftOut ?? 0}
          reportPath={state.validation?.reportPath}
          formulaLike={state.validation?.files[state.kind]?.formulaLike}
          width={width}
          height={height - (alert ? wrappedRows(`✗ ${alert.code}: ${alert.message}`, width) : 0)}
          onHelp={openHelp}
          onNav={(action, listHeight) => dispatch({type: 'nav', kind: stateRef.current.kind, height: listHeight, action})}
          onSwitchFile={(kind) => dispatch({type: 'kind', kind})}
          onNext={startWrite}
          onBack={() => {
            validation.current?.abort();
            dispatch({type: 'step', step: 'map'});
          }}
        />
        {alert ? (
          <Text color="red" wrap="wrap">
            ✗ {alert.code}: {alert.message}
          </Text>
        ) : null}
      </Box>
    );
  }
  return (
    <WriteLoadProgress
      phase={state.writePhase}
      progress={state.writeProgress}
      files={Object.values(state.written?.files ?? {})}
      outputs={state.written?.outputs ?? []}
      reportPath={state.written?.reportPath}
      canLoad={Boolean(actions.load)}
      target={actions.loadTarget}
      jobs={state.jobs}
      loaded={state.loaded}
      error={state.error}
      onLoad={startLoad}
      onDone={() => onExit?.()}
      onBack={startValidation}
      onHelp={openHelp}
      height={height}
    />
  );
}

const STEP_AREA: Record<FlowState['step'], ReferralStep> = {choose: 'referral-files', map: 'referral-map', preview: 'referral-preview', write: 'referral-write'};

/** "tab" (as typed in the console, like the CLI's "\\t") is the tab character. */
const readDelimiter = (typed: string | undefined) => (typed === 'tab' || typed === '\\t' ? '\t' : typed);
