// Verify's findings on the Results screen (v): the migrated records read back from the
// target and compared with the source, by the same code as `ferry verify`. Differences
// nothing explains first, then the expected ones (a record's note or a platform
// limitation says why); Enter shows one whole.
import React, {useState} from 'react';
import {Box, Text} from 'ink';
import {useConsole, useCapture, useKeyArea} from '../context.js';
import {useStore} from '../use-store.js';
import {Table} from '../components/Table.js';
import {useKeys, useListNav} from '../hooks.js';
import {commandOf} from '../keymap.js';
import type {Difference} from '../../source/prepare/verify.js';

/** The summary line verify ends with, in the command's words. */
export function verifySummary(result: {checked: number; missing: number; duplicates?: number; differences: Difference[]; expected: Difference[]; sample: number}): string {
  const count = `${result.differences.length} ${result.differences.length === 1 ? 'difference' : 'differences'}`;
  const expected = result.expected.length ? ` (and ${result.expected.length} expected: the migration said so)` : '';
  const duplicated = result.duplicates ? `, ${result.duplicates} duplicated (counted by marker)` : '';
  return `Checked ${result.checked} migrated records (up to ${result.sample} per type): ${count}, ${result.missing} missing on the target${duplicated}${expected}.`;
}

export function Differences({onClose}: {onClose(): void}) {
  const {intents, store, size, bodyRows} = useConsole();
  const verify = useStore(store, (s) => s.verify);
  const rows = verify.state === 'ready' ? [...verify.value.differences, ...verify.value.expected] : [];
  const [open, setOpen] = useState<Difference | undefined>();
  const [nav, , handleKey] = useListNav(rows.length, Math.max(3, bodyRows - 5));
  useCapture(true);
  useKeyArea('differences');
  useKeys((input, key) => {
    if (open) {
      if (commandOf('details', input, key) === 'close') setOpen(undefined);
      return;
    }
    if (handleKey(input, key)) return;
    const command = commandOf('differences', input, key);
    if (command === 'close') return onClose();
    if (command === 'again') return verify.state === 'loading' ? 'Verifying already: the answer shows here.' : void intents.verify();
    if (command === 'open') return rows[nav.cursor] ? setOpen(rows[nav.cursor]) : 'No difference to open.';
  });
  if (verify.state === 'loading' || verify.state === 'idle') return <Text>Reading migrated records back from the target…</Text>;
  if (verify.state === 'failed') return <Text color="red" wrap="wrap">Could not verify: {verify.error} (v again, Esc back)</Text>;
  if (open)
    return (
      <Box flexDirection="column">
        <Text bold wrap="wrap">
          {open.type} #{open.sourceId} → target #{open.targetId}: {open.field}
        </Text>
        <Text wrap="wrap">Source: {open.source}</Text>
        <Text wrap="wrap">Target: {open.target}</Text>
        <Text wrap="wrap">{open.expected ? `Expected: ${open.expected}` : 'Nothing the migration said explains it: check the record on both sides.'}</Text>
        <Text dimColor>Esc or Enter: back to the list</Text>
      </Box>
    );
  return (
    <Box flexDirection="column">
      <Text wrap="wrap" bold={verify.value.differences.length > 0}>
        {verifySummary(verify.value)}
      </Text>
      <Table
        columns={[{title: 'Type', width: 12}, {title: 'Source id', width: 10}, {title: 'Field', width: 12}, {title: 'Source → target'}]}
        nav={nav}
        width={size.columns}
        empty="No difference: every record read back as it was migrated."
        getRow={(i) => {
          const d = rows[i]!;
          return [d.type, d.sourceId, d.field, `${d.expected ? 'expected · ' : ''}"${d.source}" → "${d.target}"`];
        }}
        isFlagged={(i) => !rows[i]!.expected}
        moreDetail="Enter shows it all"
      />
    </Box>
  );
}
