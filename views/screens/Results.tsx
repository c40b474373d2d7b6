// Results: per record type, total / migrated / with warnings / failed / skipped /
// pending / referenced, for the last run or every run. The numbers are the
// journal's (source/engine/outcomes.ts), the same as `ferry status --json` and the
// reports, which are written from here.
import React, {useState} from 'react';
import {Text} from 'ink';
import {ScrollArea} from '../components/ScrollArea.js';
import {useConsole, useCapture} from '../context.js';
import {actionPhrase, formatPreview, undoHasWork, undoPreview} from '../../source/app/undo.js';
import {useStore} from '../use-store.js';
import {RECORD_TYPES, RECORD_TYPE_LABELS} from '../../source/contracts/model.js';
import {totalOf, type CountsByType, type OutcomeCounts} from '../../source/engine/outcomes.js';
import {fit} from '../components/Table.js';
import {commandOf, keyHints} from '../keymap.js';
import {useKeys} from '../hooks.js';
import {Differences, verifySummary} from './Differences.js';
import {JourneyView, recordRefOf} from './Journey.js';
import {useEditor} from '../editor.js';
import {FieldLine} from '../components/TextField.js';
import type {RecordType} from '../../source/contracts/model.js';

export const RESULTS_HINTS = keyHints('results');

export const OUTCOME_COLUMNS: Array<{key: keyof OutcomeCounts; wide: string; narrow: string}> = [
  {key: 'total', wide: 'Total', narrow: 'Tot'},
  {key: 'migrated', wide: 'Migrated', narrow: 'Migr'},
  {key: 'warnings', wide: 'Warnings', narrow: 'Warn'},
  {key: 'failed', wide: 'Failed', narrow: 'Fail'},
  {key: 'skipped', wide: 'Skipped', narrow: 'Skip'},
  {key: 'pending', wide: 'Pending', narrow: 'Pend'},
  {key: 'referenced', wide: 'Refs', narrow: 'Refs'},
];

/** The table's lines at a width: full headers when they fit, short ones otherwise. */
export function resultsLines(counts: CountsByType, width: number): {header: string; rows: string[]; total: string} {
  const labelWidth = 13; // "Organizations", "KB categories": the longest labels, whole
  const cell = Math.max(4, Math.min(8, Math.floor((width - 2 - labelWidth) / OUTCOME_COLUMNS.length) - 1));
  const narrow = cell < 8;
  const line = (label: string, values: string[]) => '  ' + fit(label, labelWidth) + values.map((v) => ' ' + fit(v, cell, 'right')).join('');
  const types = RECORD_TYPES.filter((t) => counts[t]);
  const total = totalOf(counts);
  return {
    header: line('Record type', OUTCOME_COLUMNS.map((c) => (narrow ? c.narrow : c.wide))),
    rows: types.map((t) => line(RECORD_TYPE_LABELS[t], OUTCOME_COLUMNS.map((c) => String(counts[t]![c.key])))),
    total: line('All', OUTCOME_COLUMNS.map((c) => String(total[c.key]))),
  };
}

export function ResultsScreen() {
  const {intents, store, size, bodyRows} = useConsole();
  const run = useStore(store, (s) => s.run);
  const written = useStore(store, (s) => s.reportsWritten);
  const [overall, setOverall] = useState(false);
  const [differences, setDifferences] = useState(false);
  const verify = useStore(store, (s) => s.verify);
  const plan = useStore(store, (s) => s.plan);
  const dir = useStore(store, (s) => s.dir);
  // "Undo this run": the dry run's list (the undo's own selection), then y/n naming the counts.
  const [undo, setUndo] = useState<{runId: number; list: string; question: string} | undefined>();
  // h: a record typed as type:id, then its journey (the view `ferry show` prints).
  const editor = useEditor();
  const [journey, setJourney] = useState<{type: RecordType; sourceId: string} | undefined>();
  useCapture(undo !== undefined || editor.editing !== undefined || journey !== undefined);
  useKeys((input, key) => {
    if (journey) return;
    const edit = editor.handle(input, key);
    if (edit) {
      if (edit.action === 'commit' || edit.action === 'next') {
        const ref = recordRefOf(edit.value);
        if (typeof ref === 'string') return ref;
        setJourney(ref);
      }
      return;
    }
    if (undo) {
      const answer = commandOf('confirm', input, key);
      if (answer === 'yes') intents.undoRun(undo.runId);
      if (answer) setUndo(undefined);
      return;
    }
    const command = commandOf('results', input, key);
    if (!command) return;
    if (!plan) return 'Open a migration first (1).';
    if (command === 'overall') setOverall((o) => !o);
    else if (command === 'verify') {
      if (!run.lastRun) return 'No run yet in this folder: nothing migrated to verify.';
      setDifferences(true);
      void intents.verify();
    } else if (command === 'reports') return run.lastRun || Object.keys(run.overall).length ? void intents.writeReports() : 'No run yet in this folder: nothing to report.';
    else if (command === 'undo') {
      if (!run.lastRun || !dir) return 'No run yet in this folder: nothing to undo.';
      const preview = undoPreview(dir, {runId: run.lastRun.id});
      if (!undoHasWork(preview)) return `Run ${run.lastRun.id} created nothing that is still on the target and wrote into no linked record: nothing to undo.`;
      setUndo({runId: run.lastRun.id, list: formatPreview(preview), question: actionPhrase(preview)});
    } else if (command === 'journey') editor.start('record', '');
    else intents.go('failures');
  }, {isActive: !differences});
  if (differences) return <Differences onClose={() => setDifferences(false)} />;
  if (journey) return <JourneyView type={journey.type} sourceId={journey.sourceId} onClose={() => setJourney(undefined)} />;
  const counts = overall ? run.overall : run.runCounts;
  const table = resultsLines(counts, size.columns);
  const last = run.lastRun;
  if (undo)
    return (
      <ScrollArea height={bodyRows}>
        <Text wrap="wrap">{undo.list}</Text>
        <Text bold wrap="wrap">
          {undo.question}? (y/n)
        </Text>
      </ScrollArea>
    );
  return (
    <ScrollArea height={bodyRows}>
      <Text wrap="wrap">
        {overall ? 'All runs together' : last ? `Last run: ${last.id} ${last.mode}, ${last.status}, started ${new Date(last.startedAt).toLocaleString()}` : 'No run yet.'}
      </Text>
      <Text bold>{table.header}</Text>
      {table.rows.map((row, index) => (
        <Text key={index}>{row}</Text>
      ))}
      <Text bold>{table.total}</Text>
      <Text dimColor wrap="wrap">
        Warnings: migrated, but something was left out or changed (F, then o). Refs: pulled in because other records reference them.
      </Text>
      {verify.state === 'ready' ? <Text wrap="wrap">Verify: {verifySummary(verify.value)} (v again)</Text> : null}
      {editor.editing ? <FieldLine label="Record (type:id)" value={editor.draft} labelWidth={17} width={size.columns} focused editing /> : null}
      {written ? <Text wrap="wrap">Reports: {written.join(', ')}</Text> : <Text dimColor wrap="wrap">w writes CSV reports of migrated, with-warnings, failed and skipped records into the folder's reports/.</Text>}
    </ScrollArea>
  );
}
