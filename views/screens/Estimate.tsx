// Estimate: how long the migration will take, before anything is written: calls per
// record type on each side, the duration at each API's budget, the bottleneck and
// what would change it; calibrated by a demo run when the folder has one.
import React, {useEffect} from 'react';
import {Text} from 'ink';
import {ScrollArea} from '../components/ScrollArea.js';
import {useConsole} from '../context.js';
import {useStore} from '../use-store.js';
import {EstimateTable} from '../estimate/EstimateTable.js';
import {commandOf, keyHints} from '../keymap.js';
import {NO_PLAN, useKeys} from '../hooks.js';

export const ESTIMATE_HINTS = keyHints('estimate');

export function EstimateScreen() {
  const {intents, store, bodyRows, size} = useConsole();
  const plan = useStore(store, (s) => s.plan);
  const estimate = useStore(store, (s) => s.estimate);
  const columns = size.columns;
  useEffect(() => {
    if (plan && estimate.state === 'idle') void intents.loadEstimate();
  }, [plan, estimate.state]);
  useKeys((input, key) => {
    const command = commandOf('estimate', input, key);
    if (!command) return;
    if (!plan) return NO_PLAN;
    if (command === 'again') return estimate.state === 'loading' ? 'Estimating already: the result shows when it is done.' : void intents.loadEstimate();
    intents.go('run');
  });
  if (!plan) return <Text>{NO_PLAN}</Text>;
  if (estimate.state === 'idle' || estimate.state === 'loading')
    return <Text>Estimating: counting records and sampling tickets on the source{estimate.state === 'loading' && estimate.detail ? ` (${estimate.detail})` : ''}…</Text>;
  if (estimate.state === 'failed') return <Text color="red">The estimate failed: {estimate.error} (r to try again)</Text>;
  return (
    <ScrollArea height={bodyRows}>
      <EstimateTable
        estimate={estimate.value.estimate}
        sourceLabel={`${plan.source.platform} ${plan.source.tier}`}
        targetLabel={`${plan.target.platform} ${plan.target.tier}`}
        // The table's columns take 61; the bar gets what is left, so a row never wraps at 80 columns.
        barWidth={Math.max(1, Math.min(24, columns - 62))}
        notes={estimate.value.notes}
      />
    </ScrollArea>
  );
}
