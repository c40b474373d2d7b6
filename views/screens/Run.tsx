// Run: choose demo, full or delta, now or at a chosen time; then live progress per
// record type (done/total, rate, ETA), each side's API budget in use, the current
// rate-limit wait, and the latest failures. Pause, resume and cancel from here.
import React, {useRef, useState} from 'react';
import {Text} from 'ink';
import {ScrollArea} from '../components/ScrollArea.js';
import {useConsole, useCapture} from '../context.js';
import {useStore} from '../../source/app/console/store.js';
import {runIsLive, type RunView} from '../../source/app/console/state.js';
import {parseStartTime} from '../../source/app/console/runner.js';
import {RECORD_TYPES, RECORD_TYPE_LABELS, type RecordType} from '../../source/contracts/model.js';
import type {RunMode} from '../../source/engine/journal.js';
import {useEditor} from '../editor.js';
import {FieldLine} from '../components/TextField.js';
import {bar} from '../components/ProgressBar.js';
import {fit} from '../components/Table.js';
import {commandOf, keyHints} from '../keymap.js';
import {NO_PLAN, useKeys} from '../hooks.js';
import {overallRemaining, remainingMs, trackEta, type EtaTrack} from '../../source/app/console/eta.js';
import {runKeyRefusal} from '../../source/app/console/run-rules.js';

export const RUN_HINTS = keyHints('run');

const MODES: RunMode[] = ['demo', 'full', 'delta'];

const MODE_DESCRIPTIONS: Record<string, (demoTickets: number) => string> = {
  demo: (tickets) => `demo: ${tickets} tickets and what they reference, to check the mapping.`,
  full: () => 'full: every record; a killed or cancelled full run resumes where it stopped.',
  delta: () => 'delta: what changed in the source since the last full or delta run started.',
};

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h ? `${h}h${String(m).padStart(2, '0')}m` : `${m}:${String(s).padStart(2, '0')}`;
}

/** Each type's time left, tracked from the journal's counts (source/app/console/eta.ts). */
function useEtas(run: RunView): Partial<Record<RecordType, EtaTrack>> {
  const tracks = useRef<Partial<Record<RecordType, EtaTrack>>>({});
  const live = run.live;
  if (!live) return {};
  for (const type of RECORD_TYPES) {
    const progress = live.types[type];
    if (!progress) continue;
    tracks.current[type] = trackEta(tracks.current[type], live.updatedAt, settledOf(run, type), progress.total);
  }
  return tracks.current;
}

/** Settled records of a type in the live run, from the journal (as Results and status --json count them). */
function settledOf(run: RunView, type: RecordType): number {
  const counts = run.runCounts[type];
  return counts ? counts.migrated + counts.failed + counts.skipped : 0;
}

export function RunScreen() {
  const {intents, store, size, bodyRows} = useConsole();
  const plan = useStore(store, (s) => s.plan);
  const run = useStore(store, (s) => s.run);
  const [chosenMode, setMode] = useState<RunMode>('demo');
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const editor = useEditor();
  useCapture(editor.editing !== undefined || confirmCancel);
  const etas = useEtas(run);
  const live = runIsLive(run);
  // During a run the mode shown is the run's own, whoever started it.
  const liveMode = live ? ((run.live?.mode ?? run.scheduled?.mode) as RunMode | undefined) : undefined;
  const mode = liveMode && MODES.includes(liveMode) ? liveMode : chosenMode;

  useKeys((input, key) => {
    const edit = editor.handle(input, key);
    if (edit) {
      if (edit.action === 'commit') {
        const at = parseStartTime(edit.value);
        if (at === undefined) {
          setProblem(`"${edit.value.trim()}" is not a start time: type HH:MM (00:00 to 23:59) or a date and time such as 2026-12-01T22:00.`);
          editor.start('at', edit.value);
        } else {
          setProblem(undefined);
          intents.startRun(mode, at);
        }
      } else if (edit.action === 'cancel') setProblem(undefined);
      return;
    }
    if (confirmCancel) {
      const answer = commandOf('confirm', input, key);
      if (answer === 'yes') intents.cancelRun();
      if (answer) setConfirmCancel(false);
      return;
    }
    const command = commandOf('run', input, key);
    if (!command) return;
    // Without a migration nothing here can act, and a field opened now would be hidden (a key trap).
    if (!store.getState().plan) return NO_PLAN;
    setProblem(undefined);
    const refusal = runKeyRefusal(command, run, mode);
    if (refusal) return refusal;
    if (command === 'mode') setMode(MODES[(MODES.indexOf(mode) + 1) % MODES.length]!);
    else if (command === 'start') intents.startRun(mode);
    else if (command === 'startAt') editor.start('at', '');
    else if (command === 'pause') {
      if (run.live?.state === 'paused' || run.control === 'pause') intents.resume();
      else intents.pause();
    } else if (command === 'cancel') {
      if (run.scheduled) intents.cancelSchedule();
      else setConfirmCancel(true);
    }
  });

  if (!plan) return <Text>{NO_PLAN}</Text>;
  const progress = run.live;
  const barWidth = Math.max(8, Math.min(40, size.columns - 56));
  const now = Date.now();
  const rows = progress ? RECORD_TYPES.filter((t) => progress.types[t] || run.runCounts[t]) : [];
  const overall = progress && live ? overallRemaining(rows.map((type) => ({type, finished: Boolean(progress.types[type]?.finished), remaining: remainingMs(etas[type], now)}))) : undefined;
  const pausing = run.control === 'pause' && progress?.state === 'running';
  return (
    <ScrollArea height={bodyRows}>
      <Text wrap="truncate">
        Mode:{' '}
        {MODES.map((m) => (
          <Text key={m} inverse={m === mode} bold={m === mode}>
            {m === mode ? `[${m}]` : ` ${m} `}
          </Text>
        ))}
        <Text dimColor> {live ? '(the live run)' : '(m)'}</Text>
      </Text>
      <Text dimColor wrap="wrap">
        {MODE_DESCRIPTIONS[mode](plan.demo.tickets)}
        {mode === 'delta' && run.deltaReady === false ? ' Not yet: a full run must finish first.' : ''}
      </Text>
      {editor.editing ? <FieldLine label="Start at (HH:MM or date)" value={editor.draft} labelWidth={26} width={size.columns} focused editing /> : null}
      {problem ? (
        <Text color="red" wrap="wrap">
          {problem}
        </Text>
      ) : null}
      {run.scheduled ? (
        <Text bold wrap="wrap">
          Waiting to start the {run.scheduled.mode} run at {new Date(run.scheduled.at).toLocaleString()} (in {formatDuration(run.scheduled.at - now)}); c cancels the wait.
        </Text>
      ) : null}
      {confirmCancel ? <Text bold wrap="wrap">Cancel the run? Nothing is lost; running the same mode again resumes. (y/n)</Text> : null}
      {progress ? (
        <>
          <Text bold wrap="wrap">
            Run {progress.runId} ({progress.mode}): {progress.state === 'running' && !run.alive ? 'interrupted (the process stopped; start the same mode to resume)' : pausing ? `pausing, ${run.inFlight ?? 0} record(s) finishing` : progress.state}
            {' · '}
            {formatDuration((progress.state === 'running' || progress.state === 'paused' ? now : progress.updatedAt) - progress.startedAt)}
            {overall ? ` · ${overall.ms === 0 && !overall.atLeast ? 'finishing' : `about ${overall.atLeast ? 'at least ' : ''}${formatDuration(overall.ms)} left`}` : ''}
          </Text>
          {rows.map((type) => {
            const p = progress.types[type];
            const counts = run.runCounts[type];
            const done = settledOf(run, type);
            const total = p?.total;
            const finished = Boolean(p?.finished) || (!live && progress.state === 'finished');
            const left = remainingMs(etas[type], now);
            const eta = finished ? 'done' : left !== undefined ? formatDuration(left) : '';
            const notes = [counts?.failed ? `${counts.failed} failed` : '', counts?.warnings ? `${counts.warnings} warn` : '', counts?.referenced ? `${counts.referenced} ref` : ''].filter(Boolean).join(' ');
            return (
              // Wrapped, not cut: at narrow widths the notes continue on the next line.
              <Text key={type} wrap="wrap">
                {fit(RECORD_TYPE_LABELS[type], 13)} {bar(total ? done / total : finished ? 1 : 0, barWidth)} {fit(`${done}/${total ?? '?'}`, 9, 'right')} {fit(eta, 5, 'right')} {notes}
              </Text>
            );
          })}
          {rows.some((type) => run.runCounts[type]?.referenced || run.runCounts[type]?.warnings) ? (
            <Text dimColor wrap="wrap">
              warn: migrated with warnings · ref: pulled in because other records reference them (counted in done).
            </Text>
          ) : null}
          {(['source', 'target'] as const).map((side) => {
            const http = progress.http[side];
            const limit = Number.isFinite(http.limitPerMinute) ? http.limitPerMinute : 0;
            const waiting = http.waitUntil && http.waitUntil > now ? http.waitUntil : undefined;
            return (
              <React.Fragment key={side}>
                <Text wrap="truncate">
                  {fit(`${side} API`, 13)} {bar(limit ? http.requestsLastMinute / limit : 0, barWidth)} {http.requestsLastMinute}/{limit || '∞'} per min{http.retries ? ` · ${http.retries} retries` : ''}
                </Text>
                {waiting ? (
                  <Text bold wrap="wrap">
                    {'              '}rate-limited by the {side}: waiting {formatDuration(waiting - now)} (until {new Date(waiting).toLocaleTimeString()})
                  </Text>
                ) : null}
              </React.Fragment>
            );
          })}
          {progress.message ? <Text wrap="wrap">{progress.message}{progress.hint ? ` ${progress.hint}` : ''}</Text> : null}
          {progress.failures[0] ? (
            // The latest failure whole (wrapped); F lists them all.
            <Text wrap="wrap" color="red">
              Latest failure (F: all of them): {progress.failures[0].type}:{progress.failures[0].sourceId} {progress.failures[0].label ?? ''} — {progress.failures[0].reason ?? ''}
            </Text>
          ) : null}
        </>
      ) : run.scheduled ? null : (
        <Text wrap="wrap">No run yet in this folder. Press s to start a {mode} run now, or t to start it at a chosen time (e.g. 22:00).</Text>
      )}
      {!live && progress && (progress.state === 'finished' || progress.state === 'cancelled' || progress.state === 'stopped' || !run.alive) ? (
        <Text dimColor wrap="wrap">0: results · F: failures · s: start another {mode} run</Text>
      ) : null}
    </ScrollArea>
  );
}
