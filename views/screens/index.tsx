// The screens by id (their footer hints come from the key map: keyHints).
import React from 'react';
import type {ScreenId} from '../../source/app/console/state.js';
import {StartScreen} from './Start.js';
import {ConnectScreen} from './Connect.js';
import {RecordsScreen} from './Records.js';
import {AgentsScreen} from './Agents.js';
import {FieldsScreen} from './Fields.js';
import {OptionsScreen} from './Options.js';
import {PrepareScreen} from './Prepare.js';
import {EstimateScreen} from './Estimate.js';
import {RunScreen} from './Run.js';
import {ResultsScreen} from './Results.js';
import {FailuresScreen} from './Failures.js';

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
