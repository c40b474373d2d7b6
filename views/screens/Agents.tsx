// Agents: source agents beside the target agents they map to (by email, by hand,
// or the fallback); unmatched agents stand out. Enter changes a match.
import React, {useEffect, useState} from 'react';
import {Box, Text} from 'ink';
import {useConsole} from '../context.js';
import {useStore} from '../use-store.js';
import {Table} from '../components/Table.js';
import {Picker} from '../components/Picker.js';
import {NO_PLAN, useKeys, useListNav} from '../hooks.js';
import {commandOf, keyHints} from '../keymap.js';

export const AGENTS_HINTS = keyHints('agents');

const HOW: Record<string, string> = {email: 'by email', manual: 'by hand', fallback: 'fallback', none: 'UNMATCHED'};

export function AgentsScreen() {
  const {intents, store, size, bodyRows} = useConsole();
  const plan = useStore(store, (s) => s.plan);
  const agents = useStore(store, (s) => s.agents);
  const matches = agents.state === 'ready' ? agents.value.matches : [];
  const targets = agents.state === 'ready' ? agents.value.targetAgents : [];
  const [nav, , handleKey] = useListNav(matches.length, Math.max(3, bodyRows - 5));
  const [picking, setPicking] = useState<'match' | 'fallback' | undefined>();

  useEffect(() => {
    if (plan && agents.state === 'idle') void intents.loadAgents();
  }, [plan, agents.state]);

  useKeys(
    (input, key) => {
      if (handleKey(input, key)) return;
      const command = commandOf('agents', input, key);
      if (!command) return;
      if (!plan) return NO_PLAN;
      if (agents.state === 'loading') return 'Reading the agents from both sides: wait a moment.';
      if (command === 'reload') return void intents.loadAgents();
      if (agents.state !== 'ready') return agents.state === 'failed' ? 'The agents could not be read: r tries again.' : 'Reading the agents from both sides: wait a moment.';
      if (command === 'fallback') return targets.length ? void setPicking('fallback') : 'The target has no agents to choose from.';
      const match = matches[nav.cursor];
      if (!match) return 'No source agent: the list is empty.';
      if (command === 'change') return targets.length ? void setPicking('match') : 'The target has no agents to choose from.';
      if (command === 'clear' && !(match.sourceId in plan.agentMap.manual) && !(match.sourceEmail && match.sourceEmail in plan.agentMap.manual)) return `${match.sourceName} is not matched by hand: nothing to clear.`;
      if (command === 'clear')
        intents.updatePlan((p) => {
          const manual = {...p.agentMap.manual};
          delete manual[match.sourceId];
          if (match.sourceEmail) delete manual[match.sourceEmail];
          return {...p, agentMap: {...p.agentMap, manual}};
        });
    },
    {isActive: !picking},
  );

  if (!plan) return <Text>{NO_PLAN}</Text>;
  if (agents.state === 'loading' || agents.state === 'idle') return <Text>Reading agents from both sides…</Text>;
  if (agents.state === 'failed') return <Text color="red">Could not read the agents: {agents.error} (r to retry)</Text>;

  if (picking) {
    const match = matches[nav.cursor];
    const options = targets.map((t) => ({label: t.name, detail: t.email}));
    return (
      <Picker
        title={picking === 'fallback' ? 'Fallback agent for source agents with no match:' : `Target agent for ${match?.sourceName ?? ''}:`}
        options={options}
        initial={Math.max(0, targets.findIndex((t) => t.id === (picking === 'fallback' ? plan.agentMap.fallback : match?.targetId)))}
        onCancel={() => setPicking(undefined)}
        onPick={(index) => {
          const target = targets[index]!;
          const ref = target.email ?? target.id;
          if (picking === 'fallback') intents.updatePlan((p) => ({...p, agentMap: {...p.agentMap, fallback: ref}}));
          else if (match) intents.updatePlan((p) => ({...p, agentMap: {...p.agentMap, manual: {...p.agentMap.manual, [match.sourceId]: ref}}}));
          setPicking(undefined);
        }}
      />
    );
  }

  const unmatched = matches.filter((m) => m.how === 'none').length;
  const fallback = targets.find((t) => t.id === plan.agentMap.fallback || t.email === plan.agentMap.fallback);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        {matches.length} source agents · {unmatched ? <Text bold color="yellow">{unmatched} unmatched (marked !)</Text> : 'all matched'} · fallback: {fallback ? `${fallback.name}` : 'none'}
      </Text>
      <Table
        columns={[{title: 'Source agent'}, {title: 'Target agent'}, {title: 'How', width: 10}]}
        nav={nav}
        width={size.columns}
        getRow={(i) => {
          const m = matches[i]!;
          return [`${m.sourceName} <${m.sourceEmail ?? 'no email'}>`, m.targetEmail ?? (m.how === 'none' ? '— none —' : m.targetId ?? ''), HOW[m.how]!];
        }}
        isFlagged={(i) => matches[i]!.how === 'none'}
      />
    </Box>
  );
}
