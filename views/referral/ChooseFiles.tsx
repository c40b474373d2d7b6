// Step 1: the three legacy exports (any may be left out), how to read their values
// (the console's form of the CLI's conversion flags) and the Advocate import types
// to prepare. Keys come from the key map ('referral-files', 'referral-path'); the
// list moves with the shared list keys. Typed paths complete with Tab and offer the
// paths used before with ↑; nothing read from a file is ever taken as a path.
import React, {useRef, useState} from 'react';
import {Box, Text, useInput, type Key} from 'ink';
import {FILE_KINDS, IMPORT_TYPES, type FileKind, type ImportType} from '../../source/referral/fields.js';
import {IMPORT_TYPE_LABEL, IMPORT_TYPE_SOURCE} from '../../source/referral/outputs.js';
import {isValidTimeZone} from '../../source/referral/convert.js';
import type {PathCompletion} from '../../source/referral/actions.js';
import {wizardKey} from './common-keys.js';
import {commandOf, keyLine, typedThenEnter} from '../keymap.js';
import {editText, FieldLine} from '../components/TextField.js';
import {useLive, useLiveListNav} from './live-state.js';
import {ScrollArea} from '../components/ScrollArea.js';
import {wrappedRows} from '../components/Table.js';

export type {DeleteOptions, ReadOptions} from '../../source/app/console/referral-state.js';
import type {DeleteOptions, ReadOptions} from '../../source/app/console/referral-state.js';

export type TextOption = 'dateFormat' | 'timeZone' | 'currency' | 'delimiter';

export interface ChooseFilesProps {
  files: Partial<Record<FileKind, string>>;
  importTypes: ImportType[];
  deleteOptions: DeleteOptions;
  readOptions?: ReadOptions;
  /** Problems found when the files were opened, by file */
  fileErrors?: Partial<Record<FileKind, string>>;
  height?: number;
  width?: number;
  onChangeFile(kind: FileKind, path: string | undefined): void;
  onChangeOption?(option: keyof ReadOptions, value: string | boolean | undefined): void;
  onToggleType(type: ImportType): void;
  onToggleDeleteOption(option: keyof DeleteOptions): void;
  completePath?(typed: string): PathCompletion | undefined;
  recentPaths?(kind: FileKind): string[];
  onNext(): void;
  onBack?(): void;
  onHelp?(): void;
}

type Item = {kind: 'file'; file: FileKind} | {kind: 'option'; option: TextOption} | {kind: 'major'} | {kind: 'type'; type: ImportType} | {kind: 'delete'; option: keyof DeleteOptions} | {kind: 'next'};

const FILE_LABEL: Record<FileKind, string> = {users: 'Users', referrals: 'Referrals', rewards: 'Rewards'};
const OPTIONS: TextOption[] = ['dateFormat', 'timeZone', 'currency', 'delimiter'];
const OPTION_LABEL: Record<TextOption, string> = {dateFormat: 'Date format', timeZone: 'Time zone', currency: 'Currency', delimiter: 'Delimiter'};
const OPTION_HINT: Record<TextOption, string> = {dateFormat: '(ISO; e.g. DD/MM/YYYY for locale dates)', timeZone: '(UTC; e.g. Europe/Paris)', currency: '(from the file; e.g. USD)', delimiter: '(detected; "tab" for tab)'};

/** Why a typed option is refused (undefined: it is fine). */
export function optionProblem(option: TextOption, value: string): string | undefined {
  if (!value) return undefined;
  if (option === 'timeZone' && !isValidTimeZone(value)) return `"${value}" is not an IANA time zone (e.g. Europe/Paris)`;
  if (option === 'currency' && !/^[A-Z]{3}$/.test(value)) return 'the currency is a three-letter ISO code such as USD';
  if (option === 'delimiter' && value !== 'tab' && value.length !== 1) return 'the delimiter is one character, or "tab"';
  if (option === 'dateFormat' && !/YYYY/.test(value)) return 'a date pattern needs YYYY, e.g. DD/MM/YYYY or MM/DD/YYYY HH:mm';
  return undefined;
}

export function ChooseFiles(props: ChooseFilesProps) {
  const {files, importTypes, deleteOptions, readOptions = {}, fileErrors = {}, height = 30, width = 100} = props;
  const items: Item[] = [
    ...FILE_KINDS.map((file) => ({kind: 'file', file}) as Item),
    ...OPTIONS.map((option) => ({kind: 'option', option}) as Item),
    {kind: 'major'},
    ...IMPORT_TYPES.map((type) => ({kind: 'type', type}) as Item),
    ...(importTypes.includes('deleteUsers') ? (['preserveEmptyAccounts', 'doNotTrack'] as const).map((option) => ({kind: 'delete', option}) as Item) : []),
    {kind: 'next'},
  ];
  const list = useLiveListNav(items.length, Math.max(3, height - 6));
  const at = list.nav.cursor;
  // The field being typed and its text (live: see live-state.ts).
  const typed = useLive<{editing?: string; draft: string}>({draft: ''});
  const editor = {...typed.get(), start: (editing: string, draft: string) => typed.set({editing, draft}), stop: () => typed.set({draft: ''})};
  const [why, setWhy] = useState<string | undefined>();
  const [candidates, setCandidates] = useState<string[]>([]);
  // ↑/↓ while typing walk the paths used before; -1 is what was typed.
  const history = useRef({at: -1, typed: ''});
  const anyFile = FILE_KINDS.some((kind) => files[kind]);

  const startEditing = (field: string, value: string) => {
    history.current = {at: -1, typed: value};
    setCandidates([]);
    editor.start(field, value);
  };

  const typing = (input: string, key: Key): void => {
    const split = typedThenEnter(input, key);
    if (split) {
      if (split.text) typing(split.text, key);
      return typing('\r', split.enter as Key);
    }
    const {editing: field, draft} = typed.get() as {editing: string; draft: string};
    const editingFile = FILE_KINDS.find((kind) => kind === field);
    const command = commandOf('referral-path', input, key);
    if (command === 'complete') {
      if (!editingFile) return setWhy('Tab completes file paths only');
      const found = props.completePath?.(draft);
      if (!found) return setWhy('no completion here');
      editor.start(field, found.completed);
      setCandidates(found.candidates);
      return setWhy(found.candidates.length || found.completed !== draft ? undefined : `nothing starts with "${draft || './'}"`);
    }
    if (command === 'older' || command === 'newer') {
      const recent = editingFile ? (props.recentPaths?.(editingFile) ?? []) : [];
      if (!recent.length) return setWhy(editingFile ? 'no earlier paths for this file in this output folder yet' : 'only file paths remember earlier values');
      const now = history.current;
      if (now.at === -1) now.typed = draft;
      const next = Math.max(-1, Math.min(recent.length - 1, now.at + (command === 'older' ? 1 : -1)));
      if (next === now.at) return setWhy(command === 'older' ? 'that is the oldest path remembered' : 'back at what you typed');
      now.at = next;
      setWhy(undefined);
      return editor.start(field, next === -1 ? now.typed : recent[next]!);
    }
    if (command === 'cancel') return (editor.stop(), setCandidates([]), setWhy(undefined));
    if (command !== 'accept') {
      const next = editText(draft, input, key);
      if (next === undefined) return; // Shift+Tab, ←→: nothing to do while typing
      setCandidates([]);
      setWhy(undefined);
      return editor.start(field, next);
    }
    setCandidates([]);
    const value = draft.trim();
    editor.stop();
    if (FILE_KINDS.includes(field as FileKind)) return (props.onChangeFile(field as FileKind, value || undefined), setWhy(undefined));
    const problem = optionProblem(field as TextOption, value);
    if (problem) return setWhy(`${OPTION_LABEL[field as TextOption]} not changed: ${problem}`);
    props.onChangeOption?.(field as TextOption, value || undefined);
    setWhy(undefined);
  };

  useInput((input, key) => {
    if (typed.get().editing !== undefined) return typing(input, key);
    if (wizardKey(input, key, props.onHelp, setWhy)) return;
    if (list.handleKey(input, key)) return setWhy(undefined);
    if (commandOf('referral-path', input, key) === 'complete') return setWhy('Tab completes a path while it is typed: Enter on Users, Referrals or Rewards first');
    const item = items[Math.min(list.cursor(), items.length - 1)]!;
    const command = commandOf('referral-files', input, key);
    const reason = ((): string | void => {
      switch (command) {
        case 'back':
          return props.onBack ? (props.onBack(), undefined) : 'this is the first step';
        case 'edit':
          if (item.kind === 'file') return startEditing(item.file, files[item.file] ?? '');
          if (item.kind === 'option') return startEditing(item.option, readOptions[item.option] ?? '');
          if (item.kind === 'next') return anyFile ? props.onNext() : 'give at least one file first (Enter on Users, Referrals or Rewards)';
          return toggle(item);
        case 'toggle':
          if (item.kind === 'file' || item.kind === 'option' || item.kind === 'next') return `Space toggles the [ ] rows; Enter ${item.kind === 'next' ? 'continues' : 'edits this value'}`;
          return toggle(item);
        case 'clear':
          if (item.kind === 'file') return files[item.file] ? props.onChangeFile(item.file, undefined) : 'no path to clear';
          if (item.kind === 'option') return readOptions[item.option] ? props.onChangeOption?.(item.option, undefined) : 'already the default';
          return 'Del clears a path or an option; Space toggles this row';
        default:
          return undefined;
      }
    })();
    setWhy(reason || undefined);
  });

  function toggle(item: Item): string | undefined {
    if (item.kind === 'type') props.onToggleType(item.type);
    else if (item.kind === 'delete') props.onToggleDeleteOption(item.option);
    else if (item.kind === 'major') props.onChangeOption?.('majorUnits', !readOptions.majorUnits);
    return undefined;
  }

  const selected = (index: number) => index === at && editor.editing === undefined;
  const pointer = (index: number) => (selected(index) ? '›' : ' ');
  const recentCount = (kind: FileKind) => props.recentPaths?.(kind).length ?? 0;
  // Line of each item inside the scroll area (headings and blank lines between the groups);
  // while Tab's candidates show, the window reaches down to their last line.
  const lineOf = (index: number) => index + 1 + (index >= 3 ? 2 : 0) + (index >= 8 ? 2 : 0) + (index === items.length - 1 ? 1 : 0);
  const optionIndex = FILE_KINDS.length;
  // The keys line wraps at narrow widths; the scrolled part gives up the rows it takes.
  // While typing, ? is a character of the value: the key list is one Esc away.
  const footer = editor.editing !== undefined ? `${keyLine('referral-path')} · Esc, then ? all keys` : `${keyLine('referral-files')} · ? all keys`;
  const typeIndex = optionIndex + OPTIONS.length + 1;
  return (
    <Box flexDirection="column">
      <ScrollArea height={Math.max(4, height - 1 - wrappedRows(footer, width))} focus={lineOf(at) + (candidates.length ? wrappedRows(`    ${candidates.join('  ')}`, width) : 0)}>
        <Text bold>Choose the legacy exports</Text>
        {FILE_KINDS.map((kind, index) =>
          editor.editing === kind ? (
            <Box key={kind} flexDirection="column">
              <FieldLine label={FILE_LABEL[kind]} value={editor.draft} labelWidth={12} width={width} focused editing />
              {candidates.length ? (
                <Text wrap="wrap" dimColor>
                  {'    '}
                  {candidates.join('  ')}
                </Text>
              ) : null}
            </Box>
          ) : (
            <Text key={kind} inverse={selected(index)} color={fileErrors[kind] ? 'red' : undefined} wrap="wrap">
              {pointer(index)} {FILE_LABEL[kind].padEnd(12)}
              <Text dimColor={!files[kind]}>{files[kind] ?? `(none: Enter to give a path${recentCount(kind) ? `; ↑ offers the ${recentCount(kind)} used before` : ''})`}</Text>
              {fileErrors[kind] ? `  ✗ ${fileErrors[kind]}` : ''}
            </Text>
          ),
        )}
        <Text> </Text>
        <Text bold>How to read the values</Text>
        {OPTIONS.map((option, offset) => {
          const index = optionIndex + offset;
          return editor.editing === option ? (
            <FieldLine key={option} label={OPTION_LABEL[option]} value={editor.draft} labelWidth={12} width={width} focused editing />
          ) : (
            <Text key={option} inverse={selected(index)} wrap="truncate">
              {pointer(index)} {OPTION_LABEL[option].padEnd(12)}
              <Text dimColor={!readOptions[option]}>{readOptions[option] ?? OPTION_HINT[option]}</Text>
            </Text>
          );
        })}
        <Text inverse={selected(typeIndex - 1)} wrap="truncate">
          {pointer(typeIndex - 1)} [{readOptions.majorUnits ? 'x' : ' '}] Plain amounts are major units (10 = $10.00, not 10 cents)
        </Text>
        <Text> </Text>
        <Text bold>Import types to prepare</Text>
        {IMPORT_TYPES.map((type, offset) => {
          const index = typeIndex + offset;
          const source = IMPORT_TYPE_SOURCE[type];
          return (
            <Text key={type} inverse={selected(index)} dimColor={!files[source]} wrap="truncate">
              {pointer(index)} [{importTypes.includes(type) ? 'x' : ' '}] {IMPORT_TYPE_LABEL[type]} <Text dimColor>(from {source})</Text>
            </Text>
          );
        })}
        {importTypes.includes('deleteUsers')
          ? (['preserveEmptyAccounts', 'doNotTrack'] as const).map((option, offset) => {
              const index = typeIndex + IMPORT_TYPES.length + offset;
              return (
                <Text key={option} inverse={selected(index)} wrap="truncate">
                  {pointer(index)} {'    '}[{deleteOptions[option] ? 'x' : ' '}] {option === 'preserveEmptyAccounts' ? 'Preserve empty accounts' : 'Prevent deleted users from being recreated (do not track)'}
                </Text>
              );
            })
          : null}
        <Text> </Text>
        <Text inverse={selected(items.length - 1)} color={anyFile ? undefined : 'gray'}>
          {pointer(items.length - 1)} Continue to column mapping{anyFile ? '' : ' (choose a file first)'}
        </Text>
      </ScrollArea>
      <Text color="yellow" wrap="wrap">
        {why ?? ' '}
      </Text>
      <Text dimColor wrap="wrap">
        {footer}
      </Text>
    </Box>
  );
}
