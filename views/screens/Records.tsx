// Records: which record types move, with live counts from the source, filters, and which tickets
// a demo tries (the first ones, or those typed here: plan demo.ticketIds, checked on the source).
import React, {useEffect, useState} from 'react';
import {Box, Text} from 'ink';
import {useConsole, useCapture, useLatest} from '../context.js';
import {useStore} from '../use-store.js';
import {RECORD_TYPES, RECORD_TYPE_LABELS} from '../../source/contracts/model.js';
import type {Filters} from '../../source/plan/plan.js';
import {useEditor} from '../editor.js';
import {FieldLine} from '../components/TextField.js';
import {ScrollArea} from '../components/ScrollArea.js';
import {NO_PLAN, useKeys, useListNav} from '../hooks.js';
import {fit} from '../components/Table.js';
import {commandOf, keyHints} from '../keymap.js';

export const RECORDS_HINTS = keyHints('records');

const FILTERS: Array<{key: 'createdFrom' | 'createdTo' | 'tags'; label: string; placeholder: string}> = [
  {key: 'createdFrom', label: 'Tickets created from', placeholder: 'any date (e.g. 2024-01-31)'},
  {key: 'createdTo', label: 'Tickets created to', placeholder: 'any date'},
  {key: 'tags', label: 'Only tickets tagged', placeholder: 'any tags (comma separated)'},
];

const DEMO_ROW = {key: 'demoTicketIds', label: 'Demo tries tickets', placeholder: 'the first ones, or ids: 101, 205'} as const;

const filterText = (filters: Filters, key: (typeof FILTERS)[number]['key']) => (key === 'tags' ? (filters.tags ?? []).join(', ') : filters[key] ?? '');

export function RecordsScreen() {
  const {intents, store, size, bodyRows} = useConsole();
  const plan = useStore(store, (s) => s.plan);
  const counts = useStore(store, (s) => s.counts);
  const ticketSelection = useStore(store, (s) => s.ticketSelection);
  const demoSelection = useStore(store, (s) => s.demoSelection);
  const editor = useEditor();
  useCapture(editor.editing !== undefined);
  const rowCount = RECORD_TYPES.length + FILTERS.length + 2;
  const demoIndex = rowCount - 1;
  // The whole form is one list (G, End, PgDn work); the scroll area keeps the cursor in view.
  const [nav, , handleKey] = useListNav(rowCount, rowCount);
  const cursor = nav.cursor;
  const latest = useLatest({cursor, plan});

  useEffect(() => {
    if (plan && counts.state === 'idle') void intents.loadCounts();
  }, [plan, counts.state]);

  useKeys((input, key) => {
    const edit = editor.handle(input, key);
    if (edit) {
      if ((edit.action === 'commit' || edit.action === 'next' || edit.action === 'prev') && edit.field === DEMO_ROW.key) {
        const ticketIds = edit.value.split(',').map((id) => id.trim()).filter(Boolean);
        intents.updatePlan((p) => {
          const {ticketIds: _previous, ...demo} = p.demo;
          return {...p, demo: ticketIds.length ? {...demo, ticketIds} : demo};
        });
      } else if (edit.action === 'commit' || edit.action === 'next' || edit.action === 'prev') {
        const field = edit.field as (typeof FILTERS)[number]['key'];
        const value = edit.value.trim();
        intents.updatePlan((p) => {
          const filters = {...p.filters};
          if (field === 'tags') {
            const tags = value.split(',').map((t) => t.trim()).filter(Boolean);
            if (tags.length) filters.tags = tags;
            else delete filters.tags;
          } else if (value) filters[field] = value;
          else delete filters[field];
          return {...p, filters};
        });
      }
      return;
    }
    if (handleKey(input, key)) return;
    const command = commandOf('records', input, key);
    if (!command) return;
    if (!latest.current.plan) return NO_PLAN;
    if (command === 'recount') return store.getState().counts.state === 'loading' ? 'Counting already: the numbers show when the source answers.' : void intents.loadCounts();
    const index = latest.current.cursor;
    if (index < RECORD_TYPES.length) {
      const type = RECORD_TYPES[index]!;
      intents.updatePlan((p) => ({...p, recordTypes: p.recordTypes.includes(type) ? p.recordTypes.filter((t) => t !== type) : RECORD_TYPES.filter((t) => t === type || p.recordTypes.includes(t))}));
    } else if (index < RECORD_TYPES.length + FILTERS.length) {
      const filter = FILTERS[index - RECORD_TYPES.length]!;
      editor.start(filter.key, filterText(latest.current.plan?.filters ?? {}, filter.key));
    } else if (index === demoIndex) editor.start(DEMO_ROW.key, (latest.current.plan?.demo.ticketIds ?? []).join(', '));
    else intents.updatePlan((p) => ({...p, filters: {...p.filters, onlyReferencedPeople: !p.filters.onlyReferencedPeople}}));
  });

  if (!plan) return <Text>{NO_PLAN}</Text>;
  const countText = (type: (typeof RECORD_TYPES)[number]) => {
    if (counts.state === 'ready') return counts.value[type] === undefined ? 'n/a' : String(counts.value[type]);
    if (counts.state === 'failed') return '?';
    return '…';
  };
  // Lines above the cursor's row: the header, and "Filters" (plus a counting error) before the filters.
  // The Demo row is last: on it the window goes to the end, so what is said about its tickets shows too.
  const focusLine = cursor === demoIndex ? Number.MAX_SAFE_INTEGER : cursor + 1 + (cursor >= RECORD_TYPES.length ? 1 + (counts.state === 'failed' ? 1 : 0) + (ticketSelection ? 1 : 0) : 0);
  const demoEditing = editor.editing === DEMO_ROW.key;
  return (
    <ScrollArea height={bodyRows} focus={focusLine}>
      <Text bold wrap="truncate">
        {'      '}
        {fit('Record type', 20)} {fit('In source', 10, 'right')}
      </Text>
      {RECORD_TYPES.map((type, index) => (
        <Text key={type} inverse={index === cursor} wrap="truncate">
          {index === cursor ? '›' : ' '} [{plan.recordTypes.includes(type) ? 'x' : ' '}] {fit(RECORD_TYPE_LABELS[type], 20)} {fit(countText(type), 10, 'right')}
        </Text>
      ))}
      {counts.state === 'failed' ? <Text color="red" wrap="wrap">Counting failed: {counts.error}</Text> : null}
      {ticketSelection ? <Text color="red" wrap="wrap">{ticketSelection}</Text> : null}
      <Text bold>Filters</Text>
      {FILTERS.map((filter, i) => {
        const index = RECORD_TYPES.length + i;
        const editing = editor.editing === filter.key;
        return <FieldLine key={filter.key} label={filter.label} value={editing ? editor.draft : filterText(plan.filters, filter.key)} placeholder={filter.placeholder} labelWidth={22} width={size.columns} focused={index === cursor} editing={editing} />;
      })}
      <Text inverse={cursor === rowCount - 2} wrap="wrap">
        {cursor === rowCount - 2 ? '›' : ' '} [{plan.filters.onlyReferencedPeople ? 'x' : ' '}] Only contacts and organizations that migrated tickets reference
      </Text>
      <Text bold>Demo</Text>
      <FieldLine label={DEMO_ROW.label} value={demoEditing ? editor.draft : (plan.demo.ticketIds ?? []).join(', ')} placeholder={DEMO_ROW.placeholder.replace('the first ones', `the first ${plan.demo.tickets}`)} labelWidth={22} width={size.columns} focused={cursor === demoIndex} editing={demoEditing} />
      {demoSelection ? <Text color="red" wrap="wrap">{demoSelection}</Text> : null}
    </ScrollArea>
  );
}
