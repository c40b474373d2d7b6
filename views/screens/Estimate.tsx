// Estimate: how long the migration will take, before anything is written: calls per
// record type on each side, the duration at each API's budget, the bottleneck and
// what would change it; calibrated by a demo run when the folder has one. `c` prices
// counts the user types (any account size) on the plan's pair, without connecting.
import React, {useEffect} from 'react';
import {Box, Text} from 'ink';
import {ScrollArea} from '../components/ScrollArea.js';
import {FieldLine} from '../components/TextField.js';
import {useConsole, useCapture} from '../context.js';
import {useStore} from '../use-store.js';
import {EstimateTable} from '../estimate/EstimateTable.js';
import {COUNTS_BASIS} from '../../source/estimate/counts.js';
import {useEditor} from '../editor.js';
import {commandOf, keyHints} from '../keymap.js';
import {NO_PLAN, useKeys} from '../hooks.js';

export const ESTIMATE_HINTS = keyHints('estimate');
const COUNTS_EXAMPLE = 'tickets=100000,contacts=30000,comments=400000';

export function EstimateScreen() {
  const {intents, store, bodyRows, size} = useConsole();
  const plan = useStore(store, (s) => s.plan);
  const estimate = useStore(store, (s) => s.estimate);
  const editor = useEditor();
  useCapture(editor.editing !== undefined);
  const columns = size.columns;
  useEffect(() => {
    if (plan && estimate.state === 'idle') void intents.loadEstimate();
  }, [plan, estimate.state]);
  useKeys((input, key) => {
    const edit = editor.handle(input, key);
    if (edit) {
      // An error in the counts shows as the estimate's failure, with what to type.
      if (edit.action === 'commit') void intents.loadEstimate(edit.value);
      return;
    }
    const command = commandOf('estimate', input, key);
    if (!command) return;
    if (!plan) return NO_PLAN;
    if (command === 'again' || command === 'counts') {
      if (estimate.state === 'loading') return 'Estimating already: the result shows when it is done.';
      if (command === 'again') return void intents.loadEstimate();
      return void editor.start('counts', estimate.state === 'ready' && estimate.value.counts ? estimate.value.counts : '');
    }
    intents.go('run');
  });
  if (!plan) return <Text>{NO_PLAN}</Text>;
  const field = editor.editing ? (
    <Box flexDirection="column">
      <FieldLine label="Counts" value={editor.draft} placeholder={COUNTS_EXAMPLE} labelWidth={8} width={columns} focused editing />
      <Text dimColor>type=number, comma-separated, e.g. {COUNTS_EXAMPLE}</Text>
    </Box>
  ) : null;
  if (estimate.state === 'idle' || estimate.state === 'loading')
    return <Text>Estimating: counting records and sampling tickets on the source{estimate.state === 'loading' && estimate.detail ? ` (${estimate.detail})` : ''}…</Text>;
  if (estimate.state === 'failed')
    return (
      <Box flexDirection="column">
        {field}
        <Text color="red">The estimate failed: {estimate.error} (r to try again, c to type counts)</Text>
      </Box>
    );
  return (
    <Box flexDirection="column">
      {field}
      {estimate.value.counts ? <Text>For the counts typed: {estimate.value.counts} (r: the accounts' own)</Text> : null}
      <ScrollArea height={Math.max(3, bodyRows - (field ? 2 : 0) - (estimate.value.counts ? 1 : 0))}>
        <EstimateTable
          estimate={estimate.value.estimate}
          sourceLabel={`${plan.source.platform} ${plan.source.tier}`}
          targetLabel={`${plan.target.platform} ${plan.target.tier}`}
          // The bar gets what the columns leave, so a row never wraps (none at 60 columns).
          barWidth={24}
          width={columns}
          notes={estimate.value.notes}
          {...(estimate.value.counts ? {uncalibrated: COUNTS_BASIS} : {})}
        />
      </ScrollArea>
    </Box>
  );
}
