// The referral import in the console: Choose files → Map columns → Preview and
// validate → Write (and load). Its state is the store's `referral` slice
// (source/app/console/referral-state.ts), changed only through the referral intents,
// like every other screen; keys come from the key map (views/keymap.ts).
import React from 'react';
import {Box, Text} from 'ink';
import {FILE_KINDS, TARGET_FIELDS} from '../../source/referral/fields.js';
import {droppedColumns} from '../../source/referral/dropped.js';
import type {Store} from '../../source/app/console/store.js';
import type {ReferralIntents} from '../../source/app/console/intents-referral.js';
import type {FlowState} from '../../source/app/console/referral-state.js';
import {useStore} from '../use-store.js';
import {wrappedRows} from '../components/Table.js';
import type {ReferralStep} from '../keymap.js';
import {ChooseFiles} from './ChooseFiles.js';
import {previewNav} from './preview-nav.js';
import {WizardHelp} from './WizardHelp.js';
import {MapColumns} from './MapColumns.js';
import {PreviewTable} from './PreviewTable.js';
import {WriteLoadProgress} from './WriteLoadProgress.js';

export interface ReferralFlowProps {
  store: Store;
  intents: ReferralIntents;
  width?: number;
  height?: number;
}

export function ReferralFlow({store, intents, width = 100, height = 30}: ReferralFlowProps) {
  const state = useStore(store, (s) => s.referral);
  if (!state) return null;
  const help = state.help;
  const openHelp = () => intents.help(true);
  const startValidation = () => intents.validate();
  const startWrite = () => intents.write();
  const startLoad = () => intents.load();
  const onExit = () => intents.close();

  const kinds = FILE_KINDS.filter((kind) => state.inspected[kind]);
  if (help) return <WizardHelp area={STEP_AREA[state.step]} width={width} height={height} onClose={() => intents.help(false)} />;
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
        completePath={intents.completePath}
        recentPaths={intents.recentPaths}
        onHelp={openHelp}
        onChangeOption={intents.setOption}
        onChangeFile={intents.setFile}
        onToggleType={intents.toggleType}
        onToggleDeleteOption={intents.toggleDelete}
        onNext={() => void intents.toColumns()}
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
        presets={intents.presets()}
        preset={state.preset}
        width={width}
        height={height}
        onHelp={openHelp}
        onChange={intents.mapColumn}
        onPreset={(name) => void intents.usePreset(name)}
        onSwitchFile={intents.switchFile}
        onNext={startValidation}
        onBack={() => intents.back('choose')}
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
          column={state.column[state.kind] ?? 0}
          onNav={(action, listHeight) => intents.nav((nav, rows) => previewNav(nav, rows, listHeight, action))}
          onScroll={intents.scroll}
          onSwitchFile={intents.switchFile}
          onNext={startWrite}
          onBack={() => intents.back('map')}
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
      canLoad={intents.canLoad()}
      advocate={state.advocate}
      advocateProblem={state.advocateProblem}
      onAccount={intents.setAdvocate}
      accountOpen={state.accountForm}
      onAccountForm={intents.accountForm}
      jobs={state.jobs}
      loaded={state.loaded}
      error={state.error}
      onLoad={startLoad}
      onDone={onExit}
      onBack={startValidation}
      onHelp={openHelp}
      height={height}
    />
  );
}

const STEP_AREA: Record<FlowState['step'], ReferralStep> = {choose: 'referral-files', map: 'referral-map', preview: 'referral-preview', write: 'referral-write'};
