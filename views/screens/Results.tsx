// Results: total / migrated / failed / skipped per record type, for the last run
// or every run; the reports are written from here.
import React, {useState} from 'react';
import {Box, Text, useInput} from 'ink';
import {useConsole} from '../context.js';
import {useStore} from '../../source/console/store.js';
import {RECORD_TYPES, RECORD_TYPE_LABELS} from '../../source/model.js';
import {fit} from '../components/Table.js';
import type {KeyHint} from '../../source/console/keys.js';

export const RESULTS_HINTS: KeyHint[] = [
  {keys: 'o', does: 'last run / all runs'},
  {keys: 'w', does: 'write reports'},
  {keys: 'Enter', does: 'failures'},
];

export function ResultsScreen() {
  const {intents, store} = useConsole();
  const run = useStore(store, (s) => s.run);
  const written = useStore(store, (s) => s.reportsWritten);
  const [overall, setOverall] = useState(false);
  useInput((input, key) => {
    if (input === 'o') setOverall((o) => !o);
    else if (input === 'w') intents.writeReports();
    else if (key.return) intents.go('failures');
  });
  const counts = overall ? run.overall : run.runCounts;
  const types = RECORD_TYPES.filter((t) => counts[t]);
  const sum = (key: 'total' | 'migrated' | 'failed' | 'skipped') => types.reduce((n, t) => n + counts[t]![key], 0);
  const row = (cells: string[], bold = false) => (
    <Text bold={bold}>
      {'  '}
      {fit(cells[0]!, 16)} {cells.slice(1).map((c) => fit(c, 9, 'right')).join(' ')}
    </Text>
  );
  const last = run.lastRun;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        {overall ? 'All runs together' : last ? `Last run: ${last.id} ${last.mode}, ${last.status}, started ${new Date(last.startedAt).toLocaleString()}` : 'No run yet.'}
      </Text>
      {row(['Record type', 'Total', 'Migrated', 'Failed', 'Skipped'], true)}
      {types.map((t) => {
        const c = counts[t]!;
        return <React.Fragment key={t}>{row([RECORD_TYPE_LABELS[t], String(c.total), String(c.migrated), String(c.failed), String(c.skipped)])}</React.Fragment>;
      })}
      {row(['All', String(sum('total')), String(sum('migrated')), String(sum('failed')), String(sum('skipped'))], true)}
      <Text> </Text>
      {written ? <Text wrap="wrap">Reports: {written.join(', ')}</Text> : <Text dimColor>w writes CSV reports of migrated, failed and skipped records into the folder's reports/.</Text>}
    </Box>
  );
}
