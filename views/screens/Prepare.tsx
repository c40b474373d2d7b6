// Prepare: what the audit found (records named) and the preparation checklist for
// this source and target; API-checked items are marked "api", the rest ticked by hand.
import React, {useEffect} from 'react';
import {Box, Text} from 'ink';
import {useConsole} from '../context.js';
import {useStore} from '../use-store.js';
import {Table} from '../components/Table.js';
import {NO_PLAN, useKeys, useListNav} from '../hooks.js';
import {FINDING_TITLES} from '../../source/prepare/audit.js';
import {commandOf, keyHints} from '../keymap.js';

export const PREPARE_HINTS = keyHints('prepare');

export function PrepareScreen() {
  const {intents, store, size, bodyRows} = useConsole();
  const plan = useStore(store, (s) => s.plan);
  const checklist = useStore(store, (s) => s.checklist);
  const audit = useStore(store, (s) => s.audit);
  const findings = audit.state === 'ready' ? audit.value : [];
  const auditLines = findings.map((f) => `${FINDING_TITLES[f.kind]}: ${f.message} [${f.records.slice(0, 4).join(', ')}${f.records.length > 4 ? '…' : ''}]`);
  const rows = [...checklist.map((item) => ({item})), ...auditLines.map((line) => ({line}))];
  const [nav, , handleKey] = useListNav(rows.length, Math.max(3, bodyRows - 4));

  useEffect(() => {
    if (plan && checklist.length === 0) void intents.refreshChecklist();
  }, [plan]);

  useKeys((input, key) => {
    if (handleKey(input, key)) return;
    const command = commandOf('prepare', input, key);
    if (!command) return;
    if (!plan) return NO_PLAN;
    if (command === 'audit') return audit.state === 'loading' ? 'The audit is running already: its findings show below the checklist.' : void intents.runAudit();
    if (command === 'check') return void intents.refreshChecklist();
    const row = rows[nav.cursor];
    if (!row) return 'Nothing to tick: the checklist is empty.';
    if (!('item' in row)) return 'An audit finding: fix it in the source, then a runs the audit again.';
    if (row.item.how !== 'manual') return 'Checked through the API, not by hand: c checks again.';
    intents.tick(row.item.id);
  });

  if (!plan) return <Text>{NO_PLAN}</Text>;
  const done = checklist.filter((i) => i.done).length;
  const auditState = audit.state === 'loading' ? `audit running: ${audit.detail ?? ''}` : audit.state === 'ready' ? `audit: ${findings.length} finding(s), listed below the checklist` : audit.state === 'failed' ? `audit failed: ${audit.error}` : 'audit not run yet (a)';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        Checklist {done}/{checklist.length} done · {auditState}
      </Text>
      <Table
        columns={[{title: 'Done', width: 5}, {title: 'Item'}, {title: 'How', width: 6}]}
        nav={nav}
        width={size.columns}
        empty="Checking…"
        getRow={(i) => {
          const row = rows[i]!;
          if ('item' in row) return [row.item.done ? '[x]' : row.item.how === 'api' ? '[!]' : '[ ]', row.item.detail ? `${row.item.text}: ${row.item.detail}` : row.item.text, row.item.how];
          return ['', row.line, 'audit'];
        }}
        isFlagged={(i) => {
          const row = rows[i]!;
          return 'item' in row ? row.item.how === 'api' && !row.item.done : true;
        }}
      />
      {(() => {
        const row = rows[nav.cursor];
        const text = row ? ('item' in row ? (row.item.detail ? `${row.item.text} — ${row.item.detail}` : row.item.text) : row.line) : '';
        return <Text wrap="wrap" dimColor>{text}</Text>;
      })()}
    </Box>
  );
}
