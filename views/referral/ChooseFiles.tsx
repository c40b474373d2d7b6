// Step 1: the three legacy exports (any may be left out) and the Advocate import
// types to prepare. ↑/↓ move, Enter edits a path or continues, Space toggles.
import React, {useState} from 'react';
import {Box, Text, useInput} from 'ink';
import TextInput from 'ink-text-input';
import {FILE_KINDS, IMPORT_TYPES, type FileKind, type ImportType} from '../../source/referral/fields.js';
import {IMPORT_TYPE_LABEL, IMPORT_TYPE_SOURCE} from '../../source/referral/outputs.js';
import {useKeyArea} from '../context.js';
import {keyLine} from '../keymap.js';

export interface DeleteOptions {
  preserveEmptyAccounts: boolean;
  doNotTrack: boolean;
}

export interface ChooseFilesProps {
  files: Partial<Record<FileKind, string>>;
  importTypes: ImportType[];
  deleteOptions: DeleteOptions;
  /** Problems found when the files were opened, by file */
  fileErrors?: Partial<Record<FileKind, string>>;
  onChangeFile(kind: FileKind, path: string | undefined): void;
  onToggleType(type: ImportType): void;
  onToggleDeleteOption(option: keyof DeleteOptions): void;
  onNext(): void;
  onBack?(): void;
}

type Item = {kind: 'file'; file: FileKind} | {kind: 'type'; type: ImportType} | {kind: 'delete'; option: keyof DeleteOptions} | {kind: 'next'};

const FILE_LABEL: Record<FileKind, string> = {users: 'Users', referrals: 'Referrals', rewards: 'Rewards'};

export function ChooseFiles(props: ChooseFilesProps) {
  const {files, importTypes, deleteOptions, fileErrors = {}} = props;
  const items: Item[] = [
    ...FILE_KINDS.map((file) => ({kind: 'file', file}) as Item),
    ...IMPORT_TYPES.map((type) => ({kind: 'type', type}) as Item),
    ...(importTypes.includes('deleteUsers') ? (['preserveEmptyAccounts', 'doNotTrack'] as const).map((option) => ({kind: 'delete', option}) as Item) : []),
    {kind: 'next'},
  ];
  const [cursor, setCursor] = useState(0);
  const [editing, setEditing] = useState<FileKind | undefined>();
  const [draft, setDraft] = useState('');
  const at = Math.min(cursor, items.length - 1);
  const anyFile = FILE_KINDS.some((kind) => files[kind]);

  // `?` lists this step's keys first (a path being typed keeps its "?").
  useKeyArea(editing === undefined ? 'referral-files' : undefined);
  useInput(
    (input, key) => {
      if (key.upArrow) setCursor((c) => Math.max(0, Math.min(c, items.length - 1) - 1));
      else if (key.downArrow) setCursor((c) => Math.min(items.length - 1, c + 1));
      else if (key.escape) props.onBack?.();
      else {
        const item = items[at]!;
        if (item.kind === 'file' && key.return) {
          setDraft(files[item.file] ?? '');
          setEditing(item.file);
        } else if (item.kind === 'file' && (key.delete || key.backspace)) props.onChangeFile(item.file, undefined);
        else if (item.kind === 'type' && (input === ' ' || key.return)) props.onToggleType(item.type);
        else if (item.kind === 'delete' && (input === ' ' || key.return)) props.onToggleDeleteOption(item.option);
        else if (item.kind === 'next' && key.return && anyFile) props.onNext();
      }
    },
    {isActive: editing === undefined},
  );
  useInput(
    (_input, key) => {
      if (key.escape) setEditing(undefined);
    },
    {isActive: editing !== undefined},
  );

  const pointer = (index: number) => (index === at && editing === undefined ? '›' : ' ');
  return (
    <Box flexDirection="column">
      <Text bold>Choose the legacy exports</Text>
      {FILE_KINDS.map((kind, index) => (
        <Box key={kind}>
          <Text inverse={index === at && editing === undefined}>
            {pointer(index)} {FILE_LABEL[kind].padEnd(10)}
          </Text>
          {editing === kind ? (
            <TextInput
              value={draft}
              onChange={setDraft}
              onSubmit={(value) => {
                setEditing(undefined);
                props.onChangeFile(kind, value.trim() || undefined);
              }}
            />
          ) : (
            <Text color={fileErrors[kind] ? 'red' : undefined} dimColor={!files[kind]}>
              {files[kind] ?? '(none: Enter to give a path)'}
              {fileErrors[kind] ? `  ✗ ${fileErrors[kind]}` : ''}
            </Text>
          )}
        </Box>
      ))}
      <Text> </Text>
      <Text bold>Import types to prepare</Text>
      {IMPORT_TYPES.map((type, offset) => {
        const index = FILE_KINDS.length + offset;
        const source = IMPORT_TYPE_SOURCE[type];
        return (
          <Text key={type} inverse={index === at} dimColor={!files[source]}>
            {pointer(index)} [{importTypes.includes(type) ? 'x' : ' '}] {IMPORT_TYPE_LABEL[type]} <Text dimColor>(from {source})</Text>
          </Text>
        );
      })}
      {importTypes.includes('deleteUsers')
        ? (['preserveEmptyAccounts', 'doNotTrack'] as const).map((option, offset) => {
            const index = FILE_KINDS.length + IMPORT_TYPES.length + offset;
            return (
              <Text key={option} inverse={index === at}>
                {pointer(index)}     [{deleteOptions[option] ? 'x' : ' '}] {option === 'preserveEmptyAccounts' ? 'Preserve empty accounts' : 'Prevent deleted users from being recreated (do not track)'}
              </Text>
            );
          })
        : null}
      <Text> </Text>
      <Text inverse={at === items.length - 1} color={anyFile ? undefined : 'gray'}>
        {pointer(items.length - 1)} Continue to column mapping{anyFile ? '' : ' (choose a file first)'}
      </Text>
      <Text dimColor wrap="wrap">{keyLine('referral-files')} · ? all keys</Text>
    </Box>
  );
}
