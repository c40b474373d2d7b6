// Failures: every failed record with its type, source id and reason, filterable by
// type and reason. Enter shows the full error; space selects; retry the selection
// or all, or mark as skipped. A retry runs in the background and shows live here.
import React, {useEffect, useMemo, useState} from 'react';
import {Box, Text, useInput} from 'ink';
import {useConsole, useCapture} from '../context.js';
import {useStore} from '../../source/console/store.js';
import {runIsLive} from '../../source/console/state.js';
import {Table} from '../components/Table.js';
import {FieldLine} from '../components/TextField.js';
import {useListNav} from '../hooks.js';
import {useEditor} from '../editor.js';
import type {JournalRecord} from '../../source/journal.js';
import type {RecordType} from '../../source/model.js';
import type {KeyHint} from '../../source/console/keys.js';

export const FAILURES_HINTS: KeyHint[] = [
  {keys: 'Space', does: 'select'},
  {keys: 'Enter', does: 'details'},
  {keys: 'r', does: 'retry selected'},
  {keys: 'A', does: 'retry all'},
  {keys: 's', does: 'skip'},
  {keys: 't', does: 'type'},
  {keys: '/', does: 'reason'},
];

const keyOf = (r: JournalRecord) => `${r.type}:${r.sourceId}`;

export function filterFailures(rows: JournalRecord[], type: RecordType | undefined, reason: string): JournalRecord[] {
  const needle = reason.trim().toLowerCase();
  return rows.filter((r) => (!type || r.type === type) && (!needle || (r.reason ?? '').toLowerCase().includes(needle)));
}

export function FailuresScreen() {
  const {intents, store, size, bodyRows} = useConsole();
  const plan = useStore(store, (s) => s.plan);
  const failures = useStore(store, (s) => s.failures);
  const run = useStore(store, (s) => s.run);
  const all = failures.state === 'ready' ? failures.value : [];
  const [type, setType] = useState<RecordType | undefined>();
  const [reason, setReason] = useState('');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [detail, setDetail] = useState<JournalRecord | undefined>();
  const editor = useEditor();
  useCapture(editor.editing !== undefined || detail !== undefined);
  const rows = useMemo(() => filterFailures(all, type, editor.editing ? editor.draft : reason), [all, type, reason, editor.draft, editor.editing]);
  const [nav, , handleKey] = useListNav(rows.length, Math.max(3, bodyRows - 4));
  const live = runIsLive(run);
  const failedTotal = Object.values(run.overall).reduce((n, c) => n + (c?.failed ?? 0), 0);

  // Reload when the journal's failures change (a retry finished, another terminal acted).
  useEffect(() => {
    if (plan) intents.loadFailures();
  }, [plan, failedTotal, run.lastRun?.id, run.lastRun?.status]);

  useInput((input, key) => {
    if (detail) {
      if (key.escape || key.return) setDetail(undefined);
      return;
    }
    const edit = editor.handle(input, key);
    if (edit) {
      if (edit.action !== 'edit') setReason(edit.action === 'cancel' ? reason : edit.value);
      return;
    }
    if (handleKey(input, key)) return;
    const current = rows[nav.cursor];
    if (input === '/') return editor.start('reason', reason);
    if (input === 't') {
      const types = [...new Set(all.map((r) => r.type))];
      return setType((t) => (t === undefined ? types[0] : types[types.indexOf(t) + 1]));
    }
    if (input === 'A') return intents.retry('all');
    if (input === ' ' && current) {
      const k = keyOf(current);
      setSelected((s) => {
        const next = new Set(s);
        if (next.has(k)) next.delete(k);
        else next.add(k);
        return next;
      });
      return void handleKey('j', {});
    }
    if (key.return && current) return setDetail(current);
    const chosen = selected.size ? all.filter((r) => selected.has(keyOf(r))) : current ? [current] : [];
    if (input === 'r') {
      intents.retry(chosen.map((r) => ({type: r.type, sourceId: r.sourceId})));
      setSelected(new Set());
    } else if (input === 's') {
      intents.markSkipped(chosen.map((r) => ({type: r.type, sourceId: r.sourceId})));
      setSelected(new Set());
    }
  });

  if (!plan) return <Text>Open a migration first (1).</Text>;
  if (detail)
    return (
      <Box flexDirection="column">
        <Text bold>
          {detail.type} #{detail.sourceId} {detail.label ?? ''}
        </Text>
        <Text>Attempts: {detail.attempts} · last tried {new Date(detail.updatedAt).toLocaleString()}</Text>
        <Text bold>Error</Text>
        <Text wrap="wrap">{detail.reason ?? '(no reason recorded)'}</Text>
        <Text dimColor>Esc or Enter: back to the list</Text>
      </Box>
    );
  const retrying = live && run.live?.mode === 'retry';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        {selected.size} selected · {rows.length} of {all.length} failed · type {type ?? 'all'} (t) · reason {reason || 'any'} (/)
      </Text>
      {retrying && run.live ? (
        <Text bold wrap="truncate">
          Retrying: {Object.values(run.live.types).reduce((n, p) => n + (p ? p.migrated : 0), 0)} migrated, {Object.values(run.live.types).reduce((n, p) => n + (p ? p.failed : 0), 0)} failed again…
        </Text>
      ) : run.live?.mode === 'retry' && run.lastRun?.mode === 'retry' ? (
        <Text wrap="truncate">Last retry: {run.live.state}, {Object.values(run.live.types).reduce((n, p) => n + (p ? p.migrated : 0), 0)} migrated, {Object.values(run.live.types).reduce((n, p) => n + (p ? p.failed : 0), 0)} failed again.</Text>
      ) : null}
      <Table
        columns={[{title: 'Type', width: 13}, {title: 'Source id', width: 10}, {title: 'Record', width: Math.max(12, Math.floor(size.columns / 4))}, {title: 'Reason'}]}
        nav={nav}
        width={size.columns}
        empty={all.length ? 'No failure matches the filters.' : 'No failed records.'}
        getRow={(i) => {
          const r = rows[i]!;
          return [r.type, r.sourceId, r.label ?? '', r.reason ?? ''];
        }}
        isMarked={(i) => selected.has(keyOf(rows[i]!))}
      />
      {editor.editing ? <FieldLine label="Reason contains" value={editor.draft} labelWidth={16} width={size.columns} focused editing /> : null}
    </Box>
  );
}
