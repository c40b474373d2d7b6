// Steps 4-5: writing the Advocate files, then (optionally) loading them: each job's
// live progress, then Advocate's own error rows beside the local error count.
import React, {useState} from 'react';
import {Box, Text, useInput} from 'ink';
import type {FileSummary, OutputFile, Progress} from '../../source/referral/engine.js';
import type {LoadedFile, LoadProgress} from '../../source/referral/load.js';
import {fit} from '../components/Table.js';
import {ScrollArea} from '../components/ScrollArea.js';
import {advise} from '../../source/referral/advice.js';
import {wizardKey} from './common-keys.js';
import {commandOf} from '../keymap.js';

export type WritePhase = 'writing' | 'written' | 'loading' | 'loaded' | 'failed';

export interface WriteLoadProgressProps {
  phase: WritePhase;
  progress?: Progress;
  files: FileSummary[];
  outputs: OutputFile[];
  reportPath?: string;
  /** Whether a load target is configured (tenant and API key) */
  canLoad: boolean;
  /** Tenant alias with the key masked, e.g. "test_abc (key ••••)" */
  target?: string;
  jobs: LoadProgress[];
  loaded: LoadedFile[];
  error?: string;
  onLoad(): void;
  onDone(): void;
  onBack(): void;
  onHelp?(): void;
  /** Rows the step may use: taller results scroll with the list keys */
  height?: number;
}

/** Advocate's error rows shown per file (the rest: "… and N more"). */
const ERROR_ROWS_SHOWN = 100;

const bar = (done: number, total: number, width = 24) => {
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
  return '█'.repeat(filled) + '░'.repeat(width - filled);
};

export function WriteLoadProgress(props: WriteLoadProgressProps) {
  const {phase, progress, files, outputs, jobs, loaded, error} = props;
  const [why, setWhy] = useState<string | undefined>();
  const busy = phase === 'writing' || phase === 'loading';
  useInput((input, key) => {
    if (wizardKey(input, key, props.onHelp, setWhy)) return;
    const reason = ((): string | void => {
      switch (commandOf('referral-write', input, key)) {
        case 'load':
          if (!props.canLoad) return `no Advocate tenant to load into: ${advise('loadTarget', 'console')}`;
          if (phase === 'writing') return 'the files are still being written: l works when they are done';
          if (phase === 'loading') return 'already loading';
          if (phase === 'loaded') return 'loaded: a later load of this folder sends only the rows Advocate has not loaded (load-journal.sqlite)';
          if (phase === 'failed') return 'nothing to load: the write stopped (see above); Esc goes back to fix it';
          return props.onLoad();
        case 'done':
          return busy ? `${phase === 'writing' ? 'writing' : 'loading'}: Enter works when it is done` : props.onDone();
        case 'back':
          return busy ? `${phase === 'writing' ? 'writing' : 'loading'}: Esc works when it is done` : props.onBack();
        default:
          return undefined;
      }
    })();
    setWhy(reason || undefined);
  });
  const latestJob = new Map(jobs.map((job) => [job.file, job]));
  return (
    <Box flexDirection="column">
      {/* Long results (many files, Advocate's error rows) scroll with ↑↓ PgUp PgDn g G instead of being cut. */}
      <ScrollArea height={Math.max(3, (props.height ?? 30) - 3 - (why ? 1 : 0) - (error ? 1 : 0))}>
        <Text bold>{phase === 'writing' ? 'Writing Advocate files…' : phase === 'loading' ? 'Loading into Advocate…' : phase === 'failed' ? 'Stopped' : 'Advocate files'}</Text>
        {phase === 'writing' && progress ? (
          <Text>
            {progress.kind}: {progress.rowsRead.toLocaleString('en-US')} rows · {progress.valid.toLocaleString('en-US')} written · <Text color={progress.invalid ? 'red' : undefined}>{progress.invalid.toLocaleString('en-US')} in the error report</Text>
          </Text>
        ) : null}
        {files.map((file) => (
          <Text key={file.kind} color={file.status === 'stopped' ? 'red' : undefined} wrap="wrap">
            {fit(file.kind, 10)} {file.status === 'stopped' ? `✗ ${file.alert?.code}: ${file.alert?.message}` : `${file.rowsRead} read · ${file.valid} valid · ${file.invalid} invalid${file.filtered ? ` · ${file.filtered} filtered` : ''}${file.alreadyLoaded ? ` · ${file.alreadyLoaded} already loaded` : ''}`}
          </Text>
        ))}
        {outputs.map((output) => {
          const job = latestJob.get(output.path);
          const result = loaded.find((l) => l.output.path === output.path);
          return (
            <Text key={output.path} wrap="wrap" color={result && (result.status !== 'COMPLETED' || result.errors) ? 'red' : undefined}>
              {fit(output.jobType, 34)} {fit(output.path.split(/[\\/]/).pop() ?? '', 26)} {String(output.rows).padStart(7)} rows{' '}
              {job && !result ? `${job.status} ${bar(job.recordsProcessed, job.total)} ${job.recordsProcessed}/${job.total}` : ''}
              {result ? (result.status === 'NOTHING_TO_SEND' ? `every row loaded by an earlier job` : `${result.status} · ${result.recordsProcessed} processed · ${result.errors} errors · ${result.loaded ?? 0} loaded`) + (result.alreadyLoaded ? ` · ${result.alreadyLoaded} loaded before` : '') : ''}
            </Text>
          );
        })}
        {loaded
          .filter((file) => file.errorRows.length)
          .map((file) => (
            <Box key={file.output.path} flexDirection="column">
              <Text color="red">Advocate's error file for {file.output.path.split(/[\\/]/).pop()}:</Text>
              {file.errorRows.slice(0, ERROR_ROWS_SHOWN).map((row, i) => (
                <Text key={i} color="red" wrap="wrap">
                  {'  '}row {row.row}: {row.message}
                </Text>
              ))}
              {file.errorRows.length > ERROR_ROWS_SHOWN ? <Text dimColor>  … and {file.errorRows.length - ERROR_ROWS_SHOWN} more</Text> : null}
            </Box>
          ))}
        {loaded
          .filter((file) => file.note)
          .map((file) => (
            <Text key={`note-${file.output.path}`} color="yellow" wrap="wrap">
              {file.output.path.split(/[\\/]/).pop()}: {file.note}
            </Text>
          ))}
        {props.reportPath ? <Text dimColor wrap="wrap">Local error report: {props.reportPath}</Text> : null}
      </ScrollArea>
      {error ? <Text color="red" wrap="wrap">{error}</Text> : null}
      {why ? (
        <Text color="yellow" wrap="wrap">
          {why}
        </Text>
      ) : null}
      <Text dimColor wrap="wrap">
        {phase === 'written'
          ? props.canLoad
            ? `l load into ${props.target ?? 'Advocate'} (webhooks, program rules and analytics off) · Enter finish · Esc back`
            : `Enter finish · Esc back (to load: ${advise('loadTarget', 'console')})`
          : phase === 'loaded' || phase === 'failed'
            ? 'Enter finish · Esc back'
            : 'working…'}
        {' · ? all keys'}
      </Text>
    </Box>
  );
}
