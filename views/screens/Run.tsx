// Run: choose demo, full or delta, now or at a chosen time; then live progress per
// record type (done/total, rate, ETA), each side's API budget in use, the current
// rate-limit wait, and the latest failures. Pause, resume and cancel from here.
import React, {useRef, useState} from 'react';
import {Box, Text, useInput} from 'ink';
import {useConsole, useCapture} from '../context.js';
import {useStore} from '../../source/console/store.js';
import {runIsLive, type RunView} from '../../source/console/state.js';
import {parseStartTime} from '../../source/console/runner.js';
import {RECORD_TYPES, RECORD_TYPE_LABELS, type RecordType} from '../../source/model.js';
import type {RunMode} from '../../source/journal.js';
import {useEditor} from '../editor.js';
import {FieldLine} from '../components/TextField.js';
import {bar} from '../components/ProgressBar.js';
import {fit} from '../components/Table.js';
import type {KeyHint} from '../../source/console/keys.js';

export const RUN_HINTS: KeyHint[] = [
  {keys: 'm', does: 'mode'},
  {keys: 's', does: 'start'},
  {keys: 't', does: 'start at…'},
  {keys: 'p', does: 'pause/resume'},
  {keys: 'c', does: 'cancel'},
];

const MODES: RunMode[] = ['demo', 'full', 'delta'];

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h ? `${h}h${String(m).padStart(2, '0')}m` : `${m}:${String(s).padStart(2, '0')}`;
}

/** Records per second per type over the last ~20 s of samples. */
function useRates(run: RunView): Partial<Record<RecordType, number>> {
  const samples = useRef(new Map<RecordType, Array<[number, number]>>());
  const rates: Partial<Record<RecordType, number>> = {};
  const live = run.live;
  if (!live) return rates;
  const now = live.updatedAt;
  for (const type of RECORD_TYPES) {
    const progress = live.types[type];
    if (!progress) continue;
    const done = progress.migrated + progress.failed + progress.skipped;
    const list = samples.current.get(type) ?? [];
    if (!list.length || list[list.length - 1]![0] !== now) list.push([now, done]);
    while (list.length > 2 && list[0]![0] < now - 20_000) list.shift();
    samples.current.set(type, list);
    const [t0, d0] = list[0]!;
    if (now > t0 && done > d0) rates[type] = ((done - d0) * 1000) / (now - t0);
  }
  return rates;
}

export function RunScreen() {
  const {intents, store, size} = useConsole();
  const plan = useStore(store, (s) => s.plan);
  const run = useStore(store, (s) => s.run);
  const [mode, setMode] = useState<RunMode>('demo');
  const [confirmCancel, setConfirmCancel] = useState(false);
  const editor = useEditor();
  useCapture(editor.editing !== undefined || confirmCancel);
  const rates = useRates(run);
  const live = runIsLive(run);

  useInput((input, key) => {
    const edit = editor.handle(input, key);
    if (edit) {
      if (edit.action === 'commit') {
        const at = parseStartTime(edit.value);
        if (at === undefined) editor.start('at', edit.value);
        else intents.startRun(mode, at);
      }
      return;
    }
    if (confirmCancel) {
      if (input === 'y') intents.cancelRun();
      if (input === 'y' || input === 'n' || key.escape) setConfirmCancel(false);
      return;
    }
    if (input === 'm') setMode((m) => MODES[(MODES.indexOf(m) + 1) % MODES.length]!);
    else if (input === 's' || key.return) {
      if (!live) intents.startRun(mode);
    } else if (input === 't') {
      if (!live) editor.start('at', '');
    } else if (input === 'p') {
      if (run.live?.state === 'paused') intents.resume();
      else if (live) intents.pause();
    } else if (input === 'c') {
      if (run.scheduled) intents.cancelSchedule();
      else if (live) setConfirmCancel(true);
    }
  });

  if (!plan) return <Text>Connect a source and a target first (2).</Text>;
  const progress = run.live;
  const barWidth = Math.max(10, Math.min(40, size.columns - 52));
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        Mode:{' '}
        {MODES.map((m) => (
          <Text key={m} inverse={m === mode} bold={m === mode}>
            {m === mode ? `[${m}]` : ` ${m} `}
          </Text>
        ))}
        <Text dimColor> (m) · demo: {plan.demo.tickets} tickets · full: everything · delta: changes since the last full run</Text>
      </Text>
      {editor.editing ? <FieldLine label="Start at (HH:MM or date)" value={editor.draft} labelWidth={26} width={size.columns} focused editing /> : null}
      {run.scheduled ? (
        <Text bold wrap="truncate">
          Waiting to start the {run.scheduled.mode} run at {new Date(run.scheduled.at).toLocaleString()} (in {formatDuration(run.scheduled.at - Date.now())}); c cancels the wait.
        </Text>
      ) : null}
      {confirmCancel ? <Text bold>Cancel the run? Nothing is lost; running the same mode again resumes. (y/n)</Text> : null}
      {progress ? (
        <>
          <Text bold wrap="truncate">
            Run {progress.runId} ({progress.mode}): {progress.state === 'running' && !run.alive ? 'interrupted (the process stopped; start the same mode to resume)' : progress.state}
            {' · '}
            {formatDuration((progress.state === 'running' || progress.state === 'paused' ? Date.now() : progress.updatedAt) - progress.startedAt)}
          </Text>
          {RECORD_TYPES.filter((t) => progress.types[t]).map((type) => {
            const p = progress.types[type]!;
            const done = p.migrated + p.failed + p.skipped;
            const total = p.total ?? Math.max(done, 1);
            const rate = rates[type];
            const eta = !p.finished && rate && p.total ? formatDuration(((p.total - done) / rate) * 1000) : p.finished ? 'done' : '';
            return (
              <Text key={type} wrap="truncate">
                {fit(RECORD_TYPE_LABELS[type], 13)} {bar(p.finished ? 1 : p.total ? done / total : 0, barWidth)} {fit(`${done}/${p.total ?? '?'}`, 9, 'right')} {fit(rate ? `${rate.toFixed(1)}/s` : '', 7, 'right')} {fit(eta, 6, 'right')} {p.failed ? `${p.failed} failed` : ''}
              </Text>
            );
          })}
          {(['source', 'target'] as const).map((side) => {
            const http = progress.http[side];
            const limit = Number.isFinite(http.limitPerMinute) ? http.limitPerMinute : 0;
            const waiting = http.waitUntil && http.waitUntil > Date.now() ? http.waitUntil : undefined;
            return (
              <React.Fragment key={side}>
                <Text wrap="truncate">
                  {fit(`${side} API`, 13)} {bar(limit ? http.requestsLastMinute / limit : 0, barWidth)} {http.requestsLastMinute}/{limit || '∞'} per min{http.retries ? ` · ${http.retries} retries` : ''}
                </Text>
                {waiting ? (
                  <Text bold wrap="truncate">
                    {'              '}rate-limited by the {side}: waiting {formatDuration(waiting - Date.now())} (until {new Date(waiting).toLocaleTimeString()})
                  </Text>
                ) : null}
              </React.Fragment>
            );
          })}
          {progress.message ? <Text wrap="wrap">{progress.message}{progress.hint ? ` ${progress.hint}` : ''}</Text> : null}
          {progress.failures.length ? <Text bold>Latest failures (F: all of them)</Text> : null}
          {progress.failures.slice(0, 4).map((f, index) => (
            <Text key={index} wrap="truncate" color="red">
              {f.type}:{f.sourceId} {f.label ?? ''} — {f.reason ?? ''}
            </Text>
          ))}
        </>
      ) : run.scheduled ? null : (
        <Text>No run yet in this folder. Press s to start a {mode} run now, or t to start it at a chosen time (e.g. 22:00).</Text>
      )}
      {!live && progress && (progress.state === 'finished' || progress.state === 'cancelled' || progress.state === 'stopped' || !run.alive) ? (
        <Text dimColor>0: results · F: failures · s: start another {mode} run</Text>
      ) : null}
    </Box>
  );
}
