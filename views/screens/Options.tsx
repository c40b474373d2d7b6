// Options: the automated options as toggles, each with one line saying what it does.
import React from 'react';
import {Box, Text} from 'ink';
import {useConsole, useCapture} from '../context.js';
import {useStore} from '../use-store.js';
import type {Options} from '../../source/plan/plan.js';
import {useEditor} from '../editor.js';
import {fit} from '../components/Table.js';
import {ScrollArea} from '../components/ScrollArea.js';
import {NO_PLAN, useKeys, useListNav} from '../hooks.js';
import {commandOf, keyHints} from '../keymap.js';

export const OPTIONS_HINTS = keyHints('options');

type Toggle = keyof Pick<Options, 'sourceIdInSubject' | 'eventsAsNotes' | 'skipAttachments' | 'skipInlineImages' | 'migrateInactiveUsers' | 'matchExisting' | 'updateExisting'>;

export const OPTION_ROWS: Array<{key: Toggle | 'tagMigrated' | 'ccTo' | 'fallbackRequester'; label: string; does: string}> = [
  {key: 'tagMigrated', label: 'Tag migrated tickets', does: 'adds this tag to every migrated ticket (empty: none)'},
  {key: 'sourceIdInSubject', label: 'Source id in subject', does: 'prefixes subjects with the source and its ticket number, e.g. "[zendesk #123]"'},
  {key: 'ccTo', label: 'CC addresses go to', does: 'a private note, a target field, or nowhere'},
  {key: 'eventsAsNotes', label: 'History as notes', does: 'adds the ticket history (status changes…) as private notes, one per event'},
  {key: 'skipAttachments', label: 'Skip attachments', does: 'moves comments without their files (faster, smaller)'},
  {key: 'skipInlineImages', label: 'Skip inline images', does: 'leaves images embedded in comments behind'},
  {key: 'migrateInactiveUsers', label: 'Inactive people too', does: 'also moves suspended or deactivated contacts'},
  {key: 'matchExisting', label: 'Link existing records', does: 'links contacts and organizations the target already has, no duplicates'},
  {key: 'updateExisting', label: 'Update linked records', does: 'linked contacts and organizations take the source values (changed fields only)'},
  {key: 'fallbackRequester', label: 'Fallback requester', does: 'requester (email) for tickets whose requester no longer exists'},
];

const CC: Options['ccTo'][] = ['note', 'field', 'drop'];

export function OptionsScreen() {
  const {intents, store, size, bodyRows} = useConsole();
  const plan = useStore(store, (s) => s.plan);
  const [nav, , handleKey] = useListNav(OPTION_ROWS.length, OPTION_ROWS.length);
  const cursor = nav.cursor;
  const editor = useEditor();
  useCapture(editor.editing !== undefined);

  useKeys((input, key) => {
    const edit = editor.handle(input, key);
    if (edit) {
      if (edit.action === 'commit' || edit.action === 'next' || edit.action === 'prev') {
        const value = edit.value.trim();
        // A fallback requester is looked up on the target before it is kept (the run's own look-up).
        if (edit.field === 'fallbackRequester') void intents.setFallbackRequester(value);
        else intents.updatePlan((p) => ({...p, options: {...p.options, tagMigrated: value}}));
      }
      return;
    }
    if (handleKey(input, key)) return;
    if (commandOf('options', input, key) !== 'toggle') return;
    const row = OPTION_ROWS[cursor]!;
    const current = store.getState().plan?.options;
    if (!current) return NO_PLAN;
    if (row.key === 'tagMigrated' || row.key === 'fallbackRequester') return editor.start(row.key, current[row.key] ?? '');
    if (row.key === 'ccTo') {
      const next = CC[(CC.indexOf(current.ccTo) + 1) % CC.length]!;
      // "field" needs a target field name; it is set in plan.json (options.ccField) for now.
      if (next === 'field' && !current.ccField) {
        intents.updatePlan((p) => ({...p, options: {...p.options, ccTo: 'drop'}}));
        return 'CC to a target field needs options.ccField in plan.json: skipped to "drop".';
      }
      return intents.updatePlan((p) => ({...p, options: {...p.options, ccTo: next}}));
    }
    const toggle = row.key;
    intents.updatePlan((p) => ({...p, options: {...p.options, [toggle]: !p.options[toggle]}}));
  });

  if (!plan) return <Text>{NO_PLAN}</Text>;
  const valueOf = (key: (typeof OPTION_ROWS)[number]['key']): string => {
    if (editor.editing === key) return editor.draft + '▏';
    const value = plan.options[key];
    if (typeof value === 'boolean') return value ? '[x]' : '[ ]';
    return value === undefined || value === '' ? '(none)' : String(value);
  };
  const labelWidth = 22;
  const valueWidth = 16;
  return (
    <Box flexDirection="column">
      <ScrollArea height={Math.max(3, bodyRows - 4)} focus={cursor}>
      {OPTION_ROWS.map((row, index) => (
        <Text key={row.key} wrap="truncate" inverse={index === cursor}>
          {index === cursor ? '›' : ' '} {fit(row.label, labelWidth)} {fit(valueOf(row.key), valueWidth)} <Text dimColor={index !== cursor}>{fit(row.does, Math.max(10, size.columns - labelWidth - valueWidth - 5))}</Text>
        </Text>
      ))}
      </ScrollArea>
      {/* The selected option's value and description in full: the columns above are cut at narrow widths. */}
      <Box paddingLeft={2} marginTop={1}>
        <Text wrap="wrap">
          {OPTION_ROWS[cursor]!.label}: {valueOf(OPTION_ROWS[cursor]!.key)} · {OPTION_ROWS[cursor]!.does}
        </Text>
      </Box>
    </Box>
  );
}
