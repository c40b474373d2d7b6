// Run: choose demo, full or delta, now or at a chosen time; then live progress per
// record type (done/total, rate, ETA), each side's API budget in use, the current
// rate-limit wait, and the latest failures. Pause, resume and cancel from here.
import React, {useRef, useState} from 'react';
import {Text} from 'ink';
import {ScrollArea} from '../components/ScrollArea.js';
import {useConsole, useCapture, useLatest} from '../context.js';
import {useStore} from '../use-store.js';
import {runIsLive, type RunView} from '../../source/app/console/state.js';
import {RECORD_TYPES, RECORD_TYPE_LABELS, type RecordType} from '../../source/contracts/model.js';
import type {RunMode} from '../../source/engine/journal.js';
import {useEditor} from '../editor.js';
import {FieldLine} from '../components/TextField.js';
import {bar} from '../components/ProgressBar.js';
import {fit} from '../components/Table.js';
import {commandOf, keyHints} from '../keymap.js';
import {NO_PLAN, useKeys} from '../hooks.js';
import {overallRemaining, remainingMs, trackEta, type EtaTrack, type OverallEta} from '../../source/app/console/eta.js';
import {runKeyRefusal, startTimeProblem} from '../../source/app/console/run-rules.js';
import {migratesInBulk, type OutcomeCounts} from '../../source/engine/outcomes.js';
import {OUTCOME_COLUMNS} from './Results.js';
import {inConsoleWords} from '../../source/app/console/advice.js';
import type {Plan} from '../../source/plan/plan.js';
import type {FolderEstimate} from '../../source/estimate/plan-input.js';

export const RUN_HINTS = keyHints('run');

/** Run's columns: Results' own, but Total (the bar and done/total say it). */
const RUN_COLUMNS = OUTCOME_COLUMNS.filter((c) => c.key !== 'total');

const MODES: RunMode[] = ['demo', 'full', 'delta'];

const MODE_DESCRIPTIONS: Record<string, (demo: Plan['demo']) => string> = {
  demo: (demo) => (demo.ticketIds ? `demo: ticket${demo.ticketIds.length === 1 ? '' : 's'} ${demo.ticketIds.join(', ')} (chosen on Records) and what they reference, to check the mapping.` : `demo: ${demo.tickets} tickets and what they reference, to check the mapping.`),
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
    tracks.current[type] = trackEta(tracks.current[type], live.updatedAt, settledOf(run, type), progress.total, live.state === 'paused');
  }
  return tracks.current;
}

/** Settled records of a type in the live run, from the journal (as Results and status --json count them). */
function settledOf(run: RunView, type: RecordType): number {
  const counts = run.runCounts[type];
  return counts ? counts.migrated + counts.failed + counts.skipped : 0;
}

/** One record type's line on Run: the bar, settled/total, time left, then Results' columns. */
export interface TypeLine {
  label: string;
  /** 0..1 */
  fraction: number;
  count: string;
  eta: string;
  counts: OutcomeCounts | undefined;
}

/** The type lines as text at a width: the bar takes what the columns leave (none on a narrow terminal). */
export function typeLines(lines: TypeLine[], width: number): {header: string; rows: string[]} {
  const cell = Math.max(4, ...lines.flatMap((l) => RUN_COLUMNS.map((c) => String(l.counts?.[c.key] ?? 0).length)));
  const fixed = 13 + 1 + 9 + 1 + 5 + RUN_COLUMNS.length * (cell + 1);
  const barWidth = Math.min(40, width - 1 - fixed - 1);
  const showBar = barWidth >= 6;
  const lead = (label: string, barText: string, count: string, eta: string) => `${fit(label, 13)} ${showBar ? barText + ' ' : ''}${fit(count, 9, 'right')} ${fit(eta, 5, 'right')}`;
  const cells = (values: string[]) => values.map((v) => ' ' + fit(v, cell, 'right')).join('');
  return {
    header: lead('Record type', ' '.repeat(Math.max(0, barWidth)), 'Done', 'Left') + cells(RUN_COLUMNS.map((c) => c.narrow)),
    rows: lines.map((l) => lead(l.label, bar(l.fraction, barWidth), l.count, l.eta) + cells(RUN_COLUMNS.map((c) => String(l.counts?.[c.key] ?? 0)))),
  };
}

/**
 * The record types a run still has to start: its bulk passes (the engine's rule,
 * migratesInBulk) not yet under way. Types come and go in this order.
 */
export function typesToCome(plan: Pick<Plan, 'recordTypes' | 'filters'>, mode: RunMode, started: RecordType[]): RecordType[] {
  if (!MODES.includes(mode)) return [];
  const last = Math.max(-1, ...started.map((t) => RECORD_TYPES.indexOf(t)));
  return RECORD_TYPES.filter((type, index) => index > last && migratesInBulk(plan, mode, type));
}

/** The Estimate's time for a type (full runs only: it estimates every record), by the share still to do. */
function estimatedMs(estimate: FolderEstimate | undefined, mode: RunMode, type: RecordType, left?: number): number | undefined {
  if (!estimate || mode !== 'full') return undefined;
  const found = estimate.estimate.types.find((t) => t.type === type);
  if (!found) return undefined;
  return left === undefined || !found.records ? found.durationMs : (found.durationMs * Math.min(left, found.records)) / found.records;
}

/** "about 3:20 left", "finishing", or which type the whole run's time waits for. */
export function overallText(overall: OverallEta | undefined, paused: boolean): string {
  if (!overall) return '';
  if ('waitingFor' in overall) return ` · time left: known once ${RECORD_TYPE_LABELS[overall.waitingFor]} has started`;
  if (overall.ms === 0) return paused ? '' : ' · finishing';
  return ` · about ${formatDuration(overall.ms)} left${paused ? ' (stands still while paused)' : ''}`;
}

export function RunScreen() {
  const {intents, store, size, bodyRows} = useConsole();
  const plan = useStore(store, (s) => s.plan);
  const run = useStore(store, (s) => s.run);
  const estimate = useStore(store, (s) => (s.estimate.state === 'ready' ? s.estimate.value : undefined));
  const [chosenMode, setMode] = useState<RunMode | undefined>();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const editor = useEditor();
  useCapture(editor.editing !== undefined || confirmCancel);
  const etas = useEtas(run);
  const live = runIsLive(run);
  // During a run the mode shown is the run's own, whoever started it; after it, the last
  // run's (so s resumes a cancelled full run) until m chooses another.
  const runMode = (live ? (run.scheduled?.mode ?? run.live?.mode) : chosenMode ?? run.lastRun?.mode ?? run.live?.mode) as RunMode | undefined;
  const mode = runMode && MODES.includes(runMode) ? runMode : chosenMode ?? 'demo';
  // Keys read the latest mode: m then s typed quickly start the mode m chose.
  const modeNow = useLatest(mode);

  useKeys((input, key) => {
    const edit = editor.handle(input, key);
    if (edit) {
      if (edit.action === 'commit' || edit.action === 'next' || edit.action === 'prev') {
        const checked = startTimeProblem(edit.value, new Date());
        if ('problem' in checked) {
          setProblem(checked.problem);
          editor.start('at', edit.value);
        } else {
          setProblem(undefined);
          intents.startRun(modeNow.current, checked.at);
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
    const current = modeNow.current;
    const refusal = runKeyRefusal(command, run, current);
    if (refusal) return refusal;
    if (command === 'mode') {
      const next = MODES[(MODES.indexOf(current) + 1) % MODES.length]!;
      modeNow.current = next;
      setMode(next);
    } else if (command === 'start') intents.startRun(current);
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
  const paused = progress?.state === 'paused';
  const overall = progress && live ? overallRemaining([
    ...rows.map((type) => {
      const p = progress.types[type];
      const own = remainingMs(etas[type], now);
      const left = p?.total === undefined ? undefined : p.total - settledOf(run, type);
      return {type, finished: Boolean(p?.finished), total: p?.total, remaining: own ?? estimatedMs(estimate, progress.mode, type, left)};
    }),
    ...typesToCome(plan, progress.mode, rows).map((type) => ({type, finished: false, total: 0, remaining: estimatedMs(estimate, progress.mode, type)})),
  ]) : undefined;
  const lines: TypeLine[] = rows.map((type) => {
    const p = progress!.types[type];
    const counts = run.runCounts[type];
    const done = settledOf(run, type);
    const total = p?.total;
    const finished = Boolean(p?.finished) || (!live && progress!.state === 'finished');
    // A type an earlier run finished: this run had nothing left of it (the journal holds every record settled).
    const before = run.overall[type];
    const earlier = finished && total !== undefined && done < total && before !== undefined && before.migrated + before.failed + before.skipped >= total;
    const left = remainingMs(etas[type], now);
    return {
      label: RECORD_TYPE_LABELS[type],
      fraction: finished ? 1 : total ? done / total : 0,
      // No total: a type the run pulls in only as tickets reference it (a demo's people) has none ahead;
      // one the source could not count shows what is settled so far.
      count: earlier ? 'earlier' : total !== undefined ? `${done}/${total}` : finished || migratesInBulk(plan, progress!.mode, type) ? String(done) : 'as needed',
      eta: finished ? 'done' : live && left !== undefined ? formatDuration(left) : '',
      counts,
    };
  });
  const table = typeLines(lines, size.columns);
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
        {MODE_DESCRIPTIONS[mode](plan.demo)}
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
            {overallText(overall, paused)}
          </Text>
          <Text bold wrap="truncate">
            {table.header}
          </Text>
          {table.rows.map((row, index) => (
            <Text key={rows[index]} wrap="truncate">
              {row}
            </Text>
          ))}
          {lines.some((l) => l.count === 'earlier') ? <Text dimColor wrap="wrap">earlier: finished; the type's other records were settled by an earlier run (Results, o: all runs).</Text> : null}
          {lines.some((l) => l.count === 'as needed') ? <Text dimColor wrap="wrap">as needed: pulled in as the tickets reference them, so no total ahead.</Text> : null}
          {rows.some((type) => run.runCounts[type]?.referenced || run.runCounts[type]?.warnings) ? (
            <Text dimColor wrap="wrap">
              Warn: migrated with warnings · Refs: pulled in by references · as on Results (0)
            </Text>
          ) : null}
          {progress.failures[0] ? (
            // The latest failure whole (wrapped), before the API bars: on a short screen those go first. F lists them all.
            <Text wrap="wrap" color="red">
              Latest failure (F: all of them): {progress.failures[0].type}:{progress.failures[0].sourceId} {progress.failures[0].label ?? ''} — {inConsoleWords(progress.failures[0].reason) ?? ''}
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
        </>
      ) : run.scheduled ? null : (
        <Text wrap="wrap">No run yet in this folder. Press s to start a {mode} run now, or t to start it at a chosen time (e.g. 22:00).</Text>
      )}
      {!live && progress && (progress.state === 'finished' || progress.state === 'cancelled' || progress.state === 'stopped' || !run.alive) ? (
        <Text dimColor wrap="wrap">
          0: results · F: failures · s: {progress.state === 'finished' || progress.mode !== mode || mode === 'demo' ? `start another ${mode} run` : `resume the ${mode} run where it stopped`}
        </Text>
      ) : null}
    </ScrollArea>
  );
}
