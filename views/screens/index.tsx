// The screens by id, with each one's key hints.
import React from 'react';
import type {ScreenId} from '../../source/app/console/state.js';
import {StartScreen, START_HINTS} from './Start.js';
import {ConnectScreen, CONNECT_HINTS} from './Connect.js';
import {RecordsScreen, RECORDS_HINTS} from './Records.js';
import {AgentsScreen, AGENTS_HINTS} from './Agents.js';
import {FieldsScreen, FIELDS_HINTS} from './Fields.js';
import {OptionsScreen, OPTIONS_HINTS} from './Options.js';
import {PrepareScreen, PREPARE_HINTS} from './Prepare.js';
import {EstimateScreen, ESTIMATE_HINTS} from './Estimate.js';
import {RunScreen, RUN_HINTS} from './Run.js';
import {ResultsScreen, RESULTS_HINTS} from './Results.js';
import {FailuresScreen, FAILURES_HINTS} from './Failures.js';

export const SCREEN_HINTS: Record<ScreenId, Array<{keys: string; does: string}>> = {
  start: START_HINTS,
  connect: CONNECT_HINTS,
  records: RECORDS_HINTS,
  agents: AGENTS_HINTS,
  fields: FIELDS_HINTS,
  options: OPTIONS_HINTS,
  prepare: PREPARE_HINTS,
  estimate: ESTIMATE_HINTS,
  run: RUN_HINTS,
  results: RESULTS_HINTS,
  failures: FAILURES_HINTS,
};

export function ScreenBody({screen}: {screen: ScreenId}) {
  switch (screen) {
    case 'start':
      return <StartScreen />;
    case 'connect':
      return <ConnectScreen />;
    case 'records':
      return <RecordsScreen />;
    case 'agents':
      return <AgentsScreen />;
    case 'fields':
      return <FieldsScreen />;
    case 'options':
      return <OptionsScreen />;
    case 'prepare':
      return <PrepareScreen />;
    case 'estimate':
      return <EstimateScreen />;
    case 'run':
      return <RunScreen />;
    case 'results':
      return <ResultsScreen />;
    case 'failures':
      return <FailuresScreen />;
  }
}
