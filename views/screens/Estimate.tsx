// Estimate: until the duration estimator exists, what will move: per-type record
// counts from the source and the API budget each side works with.
import React, {useEffect} from 'react';
import {Box, Text, useInput} from 'ink';
import {useConsole} from '../context.js';
import {useStore} from '../../source/console/store.js';
import {RECORD_TYPES, RECORD_TYPE_LABELS} from '../../source/model.js';
import {findConnector} from '../../source/connectors.js';
import {fit} from '../components/Table.js';
import type {KeyHint} from '../../source/console/keys.js';

export const ESTIMATE_HINTS: KeyHint[] = [
  {keys: 'r', does: 'recount'},
  {keys: 'Enter', does: 'to Run'},
];

export function EstimateScreen() {
  const {intents, store} = useConsole();
  const plan = useStore(store, (s) => s.plan);
  const counts = useStore(store, (s) => s.counts);
  useEffect(() => {
    if (plan && counts.state === 'idle') void intents.loadCounts();
  }, [plan, counts.state]);
  useInput((input, key) => {
    if (input === 'r') void intents.loadCounts();
    else if (key.return) intents.go('run');
  });
  if (!plan) return <Text>Connect a source and a target first (2).</Text>;
  const value = counts.state === 'ready' ? counts.value : {};
  const chosen = RECORD_TYPES.filter((t) => plan.recordTypes.includes(t));
  const total = chosen.reduce((sum, t) => sum + (value[t] ?? 0), 0);
  const rpm = (side: 'source' | 'target') => plan[side].requestsPerMinute ?? findConnector(plan[side].platform)?.tiers[plan[side].tier]?.requestsPerMinute;
  return (
    <Box flexDirection="column">
      <Text>Records the full migration will go through (the duration estimate comes with the estimator):</Text>
      <Text bold>
        {'  '}
        {fit('Record type', 20)} {fit('Records', 10, 'right')}
      </Text>
      {chosen.map((type) => (
        <Text key={type}>
          {'  '}
          {fit(RECORD_TYPE_LABELS[type], 20)} {fit(counts.state === 'ready' ? String(value[type] ?? 'n/a') : counts.state === 'failed' ? '?' : '…', 10, 'right')}
        </Text>
      ))}
      <Text bold>
        {'  '}
        {fit('All', 20)} {fit(counts.state === 'ready' ? String(total) : '…', 10, 'right')}
      </Text>
      <Text> </Text>
      <Text>
        API budget: source {plan.source.platform} {plan.source.tier} {rpm('source')}/min · target {plan.target.platform} {plan.target.tier} {rpm('target')}/min
      </Text>
      <Text dimColor>A demo run takes {plan.demo.tickets} tickets and {plan.demo.articles} articles with what they reference.</Text>
      {counts.state === 'failed' ? <Text color="red">Counting failed: {counts.error}</Text> : null}
    </Box>
  );
}
