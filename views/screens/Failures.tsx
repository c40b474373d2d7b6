// Failures: every failed record with its type, source id and reason, filterable by
// type and reason; o switches to the records migrated with warnings (what was left
// out or changed on the way), then to the skipped ones (each with why). Enter shows the full reason; h the record's
// journey (as ferry show); space selects; retry the
// selection or all, or mark as skipped (asked first). A retry runs in the
// background and shows live here.
import React, {useEffect, useMemo, useState} from 'react';
import {Box, Text} from 'ink';
import {useConsole, useCapture} from '../context.js';
import {useStore} from '../use-store.js';
import {runIsLive} from '../../source/app/console/state.js';
import {Table} from '../components/Table.js';
import {FieldLine} from '../components/TextField.js';
import {useKeys, useListNav} from '../hooks.js';
import {useEditor} from '../editor.js';
import type {JournalRecord} from '../../source/engine/journal.js';
import type {RecordType} from '../../source/contracts/model.js';
import {commandOf, keyHints} from '../keymap.js';
import {retryOutcomeText, warningsOf} from '../../source/engine/outcomes.js';
import {FAILURES_OUTCOMES, type FailuresOutcome} from '../../source/app/console/state.js';

/** Each list's title, count and name in "o shows …". */
const OUTCOME_WORDS: Record<FailuresOutcome, {title: string; listed: string; shows: string; empty: string}> = {
  failed: {title: 'Failed', listed: 'failed', shows: 'the failed', empty: 'No failed records.'},
  warnings: {title: 'Migrated with warnings', listed: 'with warnings', shows: 'those migrated with warnings', empty: 'No record was migrated with warnings.'},
  skipped: {title: 'Skipped', listed: 'skipped', shows: 'the skipped', empty: 'No record was skipped.'},
};
const nextOutcome = (outcome: FailuresOutcome): FailuresOutcome => FAILURES_OUTCOMES[(FAILURES_OUTCOMES.indexOf(outcome) + 1) % FAILURES_OUTCOMES.length]!;
import {inConsoleWords} from '../../source/app/console/advice.js';
import {JourneyView} from './Journey.js';

export const FAILURES_HINTS = keyHints('failures');

const keyOf = (r: JournalRecord) => `${r.type}:${r.sourceId}`;

/** Why a key does nothing in the current state (undefined: it acts). */
export function failuresKeyRefusal(command: string, outcome: FailuresOutcome, chosen: number, listed: number, runLive: boolean): string | undefined {
  const changesRecords = command === 'retry' || command === 'retryAll' || command === 'skip';
  if (changesRecords && outcome === 'warnings') return 'These records are on the target already: retry and skip are for failed records (o shows them).';
  if (changesRecords && outcome === 'skipped') return 'These records were skipped (each reason says why): retry and skip are for failed records (o shows them).';
  if ((command === 'retry' || command === 'retryAll') && runLive) return 'A run is going on: retry when it has finished.';
  if ((command === 'retry' || command === 'skip') && chosen === 0) return 'No record to act on: the list is empty.';
  if (command === 'retryAll' && listed === 0) return 'No failed record to retry.';
  return undefined;
}

export function filterFailures(rows: JournalRecord[], type: RecordType | undefined, reason: string): JournalRecord[] {
  const needle = reason.trim().toLowerCase();
  return rows.filter((r) => (!type || r.type === type) && (!needle || (r.reason ?? '').toLowerCase().includes(needle)));
}

export function FailuresScreen() {
  const {intents, store, size, bodyRows} = useConsole();
  const plan = useStore(store, (s) => s.plan);
  const failures = useStore(store, (s) => s.failures);
  const outcome = useStore(store, (s) => s.failuresOutcome);
  const run = useStore(store, (s) => s.run);
  const all = failures.state === 'ready' ? failures.value : [];
  const [type, setType] = useState<RecordType | undefined>();
  const [reason, setReason] = useState('');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [detail, setDetail] = useState<JournalRecord | undefined>();
  const [confirmSkip, setConfirmSkip] = useState<JournalRecord[] | undefined>();
  // h: the record's journey, the view `ferry show` prints (Journey.tsx handles its own keys).
  const [journey, setJourney] = useState<JournalRecord | undefined>();
  const editor = useEditor();
  useCapture(editor.editing !== undefined || detail !== undefined || confirmSkip !== undefined || journey !== undefined);
  const rows = useMemo(() => filterFailures(all, type, editor.editing ? editor.draft : reason), [all, type, reason, editor.draft, editor.editing]);
  const live = runIsLive(run);
  // Lines around the list: two of header, the table's head and range, and what shows now.
  // The retry's line wraps rather than cut its counts: as many lines as it takes.
  const retryLine = run.retried ? `Last retry: ${run.live?.state ?? ''}, ${retryOutcomeText(run.retried)}.` : '';
  const filterLine = `${selected.size} selected · ${rows.length} of ${all.length} ${OUTCOME_WORDS[outcome].listed} · type ${type ?? 'all'} (t) · reason ${reason || 'any'} (/)`;
  const wrapped = (text: string) => Math.max(1, Math.ceil(text.length / Math.max(1, size.columns)));
  const around = 3 + wrapped(filterLine) + (editor.editing ? 1 : 0) + (confirmSkip ? 2 : 0) + (run.live?.mode === 'retry' ? Math.max(1, Math.ceil(retryLine.length / Math.max(1, size.columns))) : 0);
  const [nav, dispatch, handleKey] = useListNav(rows.length, Math.max(3, bodyRows - around));
  const failedTotal = Object.values(run.overall).reduce((n, c) => n + (c?.failed ?? 0), 0);
  const warningsTotal = Object.values(run.overall).reduce((n, c) => n + (c?.warnings ?? 0), 0);
  const skippedTotal = Object.values(run.overall).reduce((n, c) => n + (c?.skipped ?? 0), 0);
  const totals: Record<FailuresOutcome, number> = {failed: failedTotal, warnings: warningsTotal, skipped: skippedTotal};

  // Reload when the journal's failures change (a retry finished, another terminal acted).
  useEffect(() => {
    if (plan) intents.loadFailures(outcome);
  }, [plan, outcome, failedTotal, warningsTotal, skippedTotal, run.lastRun?.id, run.lastRun?.status]);

  useKeys((input, key) => {
    if (journey) return;
    if (detail) {
      if (commandOf('details', input, key) === 'close') setDetail(undefined);
      return;
    }
    if (confirmSkip) {
      const answer = commandOf('confirm', input, key);
      if (answer === 'yes') {
        intents.markSkipped(confirmSkip.map((r) => ({type: r.type, sourceId: r.sourceId})));
        setSelected(new Set());
      }
      if (answer) setConfirmSkip(undefined);
      return;
    }
    const edit = editor.handle(input, key);
    if (edit) {
      if (edit.action !== 'edit') setReason(edit.action === 'cancel' ? reason : edit.value);
      return;
    }
    if (handleKey(input, key)) return;
    const command = commandOf('failures', input, key);
    if (!command) return;
    // Without a migration a field opened now would be hidden (a key trap).
    if (!store.getState().plan) return 'Open a migration first (1).';
    const current = rows[nav.cursor];
    const chosen = selected.size ? all.filter((r) => selected.has(keyOf(r))) : current ? [current] : [];
    // Read from the store, not the render: a key right after a switch must see the new list's kind.
    const shownOutcome = store.getState().failuresOutcome;
    const refusal = failuresKeyRefusal(command, shownOutcome, chosen.length, all.length, live);
    if (refusal) return refusal;
    if (command === 'outcome') {
      setSelected(new Set());
      setType(undefined);
      return intents.loadFailures(nextOutcome(shownOutcome));
    }
    if (command === 'reason') return editor.start('reason', reason);
    if (command === 'type') {
      const types = [...new Set(all.map((r) => r.type))];
      return setType((t) => (t === undefined ? types[0] : types[types.indexOf(t) + 1]));
    }
    if (command === 'retryAll') return intents.retry('all');
    if ((command === 'select' || command === 'details' || command === 'journey') && !current) return all.length ? 'No record matches the filters: nothing to select.' : 'The list is empty.';
    if (command === 'select' && current) {
      const k = keyOf(current);
      setSelected((s) => {
        const next = new Set(s);
        if (next.has(k)) next.delete(k);
        else next.add(k);
        return next;
      });
      return void dispatch({type: 'move', by: 1});
    }
    if (command === 'details' && current) return setDetail(current);
    if (command === 'journey' && current) return setJourney(current);
    if (command === 'retry') {
      intents.retry(chosen.map((r) => ({type: r.type, sourceId: r.sourceId})));
      setSelected(new Set());
    } else if (command === 'skip') setConfirmSkip(chosen);
  });

  if (!plan) return <Text>Open a migration first (1).</Text>;
  if (journey) return <JourneyView type={journey.type} sourceId={journey.sourceId} onClose={() => setJourney(undefined)} />;
  if (detail)
    return (
      <Box flexDirection="column">
        <Text bold>
          {detail.type} #{detail.sourceId} {detail.label ?? ''}
        </Text>
        <Text>Attempts: {detail.attempts} · last tried {new Date(detail.updatedAt).toLocaleString()}</Text>
        <Text bold>{outcome === 'warnings' ? 'Warnings' : outcome === 'skipped' ? 'Why it was skipped' : 'Error'}</Text>
        {outcome === 'warnings' ? (
          <>
            {warningsOf(detail.reason).map((warning, index) => (
              <Text key={index} wrap="wrap">
                · {inConsoleWords(warning)}
              </Text>
            ))}
            {detail.needsRefill ? <Text wrap="wrap">· something was left out that the next full or delta run writes</Text> : null}
          </>
        ) : (
          <Text wrap="wrap">{inConsoleWords(detail.reason) ?? '(no reason recorded)'}</Text>
        )}
        <Text dimColor>Esc or Enter: back to the list</Text>
      </Box>
    );
  const retrying = live && run.live?.mode === 'retry';
  return (
    <Box flexDirection="column">
      <Text wrap="wrap">
        <Text bold>{`${OUTCOME_WORDS[outcome].title} (${totals[outcome]})`}</Text>
        <Text dimColor> · o shows {`${OUTCOME_WORDS[nextOutcome(outcome)].shows} (${totals[nextOutcome(outcome)]})`}</Text>
      </Text>
      <Text wrap="wrap">
        {filterLine}
      </Text>
      {/* The field being typed sits above the list: below it, a short terminal would clip it out of sight. */}
      {editor.editing ? <FieldLine label="Reason contains" value={editor.draft} labelWidth={16} width={size.columns} focused editing /> : null}
      {confirmSkip ? (
        <Text bold wrap="wrap">
          Mark {confirmSkip.length} record(s) as skipped? They leave the failures and no retry picks them up. (y/n)
        </Text>
      ) : null}
      {/* The records asked for, apart from those they pulled in: the journal's count, as ferry retry prints it. */}
      {retrying && run.live && run.retried ? (
        <Text bold wrap="wrap">Retrying: {retryOutcomeText(run.retried)}…</Text>
      ) : run.live?.mode === 'retry' && run.lastRun?.mode === 'retry' && run.retried ? (
        <Text wrap="wrap">
          Last retry: {run.live.state}, {retryOutcomeText(run.retried)}.
        </Text>
      ) : null}
      <Table
        columns={[{title: 'Type', width: 13}, {title: 'Source id', width: 10}, {title: 'Record', width: Math.max(12, Math.floor(size.columns / 4))}, {title: 'Reason'}]}
        nav={nav}
        width={size.columns}
        empty={all.length ? 'No record matches the filters.' : OUTCOME_WORDS[outcome].empty}
        getRow={(i) => {
          const r = rows[i]!;
          // With warnings: the warnings themselves, not the notes that only say how it was linked or defaulted.
          return [r.type, r.sourceId, r.label ?? '', inConsoleWords(outcome === 'warnings' ? warningsOf(r.reason).join('; ') || (r.needsRefill ? 'a later run fills something in' : '') : r.reason) ?? ''];
        }}
        isMarked={(i) => selected.has(keyOf(rows[i]!))}
        moreDetail="Enter shows it all"
      />
    </Box>
  );
}
