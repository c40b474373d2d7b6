// Step 2: Advocate's fields beside the file's headers. Matched automatically; ←/→
// picks another header for the selected field, p cycles the presets, Tab the files.
import React, {useState} from 'react';
import {Box, Text, useInput} from 'ink';
import {TARGET_FIELDS, type FileKind} from '../../source/referral/fields.js';
import type {FileMapping, Preset} from '../../source/referral/mapping.js';
import {fit} from '../components/Table.js';
import {useKeyArea} from '../context.js';
import {keyLine} from '../keymap.js';

export interface MapColumnsProps {
  kind: FileKind;
  kinds: FileKind[];
  headers: string[];
  mapping: FileMapping;
  notes: string[];
  presets: Preset[];
  preset?: string;
  width?: number;
  onChange(field: string, header: string | undefined): void;
  onPreset(name: string | undefined): void;
  onSwitchFile(kind: FileKind): void;
  onNext(): void;
  onBack(): void;
}

export function MapColumns(props: MapColumnsProps) {
  const {kind, kinds, headers, mapping, notes, presets, preset, width = 100} = props;
  const fields = TARGET_FIELDS[kind];
  const custom = Object.entries(mapping.customFields);
  const [cursor, setCursor] = useState(0);
  const at = Math.min(cursor, fields.length - 1);
  const mapped = new Set([...Object.values(mapping.columns), ...custom.map(([, header]) => header)]);
  const unmapped = headers.filter((header) => !mapped.has(header));
  const missingRequired = fields.filter((field) => field.required && !mapping.columns[field.name]);

  useKeyArea('referral-map');
  useInput((input, key) => {
    if (key.upArrow) setCursor((c) => Math.max(0, Math.min(c, fields.length - 1) - 1));
    else if (key.downArrow) setCursor((c) => Math.min(fields.length - 1, c + 1));
    else if (key.leftArrow || key.rightArrow) {
      const field = fields[at]!;
      const options: Array<string | undefined> = [undefined, ...headers];
      const current = options.indexOf(mapping.columns[field.name]);
      const next = (current + (key.rightArrow ? 1 : -1) + options.length) % options.length;
      props.onChange(field.name, options[next]);
    } else if (input === 'p') {
      const names: Array<string | undefined> = [undefined, ...presets.map((p) => p.name)];
      props.onPreset(names[(names.indexOf(preset) + 1) % names.length]);
    } else if (key.tab && kinds.length > 1) props.onSwitchFile(kinds[(kinds.indexOf(kind) + 1) % kinds.length]!);
    else if (key.return) props.onNext();
    else if (key.escape) props.onBack();
  });

  const labelWidth = 30;
  const headerWidth = Math.max(16, Math.min(40, width - labelWidth - 8));
  return (
    <Box flexDirection="column">
      <Text bold>
        Map columns: {kinds.map((k) => (k === kind ? `[${k}]` : ` ${k} `)).join(' ')} <Text dimColor>preset: {preset ?? 'none'}</Text>
      </Text>
      <Text dimColor>{fit('Advocate field', labelWidth)}  {fit('Column in the file', headerWidth)}</Text>
      {fields.map((field, index) => {
        const header = mapping.columns[field.name];
        const missing = field.required && !header;
        return (
          <Text key={field.name} inverse={index === at} color={missing ? 'red' : undefined}>
            {index === at ? '›' : ' '} {fit(`${field.name}${field.required ? ' *' : ''}`, labelWidth - 2)}  {fit(header ? `← ${header}` : missing ? '✗ required: ←/→ to choose' : '(not mapped)', headerWidth)}
          </Text>
        );
      })}
      {custom.length ? <Text dimColor>Custom fields: {custom.map(([name, header]) => `customFields.${name} ← ${header}`).join(', ')}</Text> : null}
      {unmapped.length ? <Text dimColor wrap="truncate">Not imported: {unmapped.join(', ')}</Text> : null}
      {notes.map((note) => (
        <Text key={note} color="yellow">
          note: {note}
        </Text>
      ))}
      {missingRequired.length ? <Text color="red">MISSING_HEADER: map {missingRequired.map((f) => f.name).join(', ')} or the file will stop.</Text> : null}
      <Text dimColor wrap="wrap">{keyLine('referral-map')} · ? all keys</Text>
    </Box>
  );
}
