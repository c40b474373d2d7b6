// Step 2: Advocate's fields beside the file's headers. Matched automatically; ←/→
// picks another header for the selected field, p cycles the presets, Tab the files.
// Columns the conversion will leave out are listed here, from the run's own rule
// (droppedColumns), so the operator learns it before the run, not from errors.csv.
import React, {useState} from 'react';
import {Box, Text, useInput} from 'ink';
import {TARGET_FIELDS, type FileKind} from '../../source/referral/fields.js';
import {presetNote, type FileMapping, type Preset} from '../../source/referral/mapping.js';
import {droppedColumns, summariseDropped} from '../../source/referral/dropped.js';
import {fit, wrappedRows} from '../components/Table.js';
import {wizardKey} from './common-keys.js';
import {commandOf, keyLine} from '../keymap.js';
import {visibleRange} from '../list-nav.js';
import {useLive, useLiveListNav} from './live-state.js';
import {DetailPane, type DetailLine} from './DetailPane.js';

export interface MapColumnsProps {
  kind: FileKind;
  kinds: FileKind[];
  headers: string[];
  mapping: FileMapping;
  notes: string[];
  presets: Preset[];
  preset?: string;
  width?: number;
  height?: number;
  onChange(field: string, header: string | undefined): void;
  onPreset(name: string | undefined): void;
  onSwitchFile(kind: FileKind): void;
  onNext(): void;
  onBack(): void;
  onHelp?(): void;
}

export function MapColumns(props: MapColumnsProps) {
  const {kind, kinds, headers, mapping, notes, presets, preset, width = 100, height = 30} = props;
  const fields = TARGET_FIELDS[kind];
  const dropped = droppedColumns(headers, mapping, 'console');
  const droppedNames = new Set(dropped.map((drop) => drop.name));
  const droppedText = summariseDropped(dropped).map((line) => `✗ left out: ${line}`);
  const custom = Object.entries(mapping.customFields);
  // Many custom fields are counted, not listed whole (each dropped one is named below).
  const customText = custom.length ? `Custom fields (${custom.length}): ${custom.slice(0, 12).map(([name, header]) => `${droppedNames.has(name) ? '✗ ' : ''}customFields.${name} ← ${header}`).join(', ')}${custom.length > 12 ? `, … and ${custom.length - 12} more` : ''}` : '';
  const mapped = new Set([...Object.values(mapping.columns), ...custom.map(([, header]) => header)]);
  const unmapped = headers.filter((header) => !mapped.has(header));
  const unmappedText = unmapped.length ? `Not imported (${unmapped.length}): ${unmapped.slice(0, 20).join(', ')}${unmapped.length > 20 ? `, … and ${unmapped.length - 20} more` : ''}` : '';
  const missingRequired = fields.filter((field) => field.required && !mapping.columns[field.name]);
  // The lines under the field list: whole when they fit, else one summary line and `d`.
  const chosen = presets.find((p) => p.name === preset);
  const below: DetailLine[] = [
    ...(chosen ? [{text: `preset ${chosen.title}: ${presetNote(chosen, 'console')}`, color: 'yellow' as const}] : []),
    ...(customText ? [{text: customText}] : []),
    ...droppedText.map((text) => ({text, color: 'red' as const})),
    ...(unmappedText ? [{text: unmappedText}] : []),
    ...notes.map((note) => ({text: `note: ${note}`, color: 'yellow' as const})),
    ...(missingRequired.length ? [{text: `MISSING_HEADER: map ${missingRequired.map((f) => f.name).join(', ')} or the file will stop.`, color: 'red' as const}] : []),
  ];
  const fullFooter = `${keyLine('referral-map')} · ↑↓ PgDn G field · ? all keys`;
  const belowRows = below.reduce((n, line) => n + wrappedRows(line.text, width), 0);
  // Title, column heads, "1-6 of 13", the reason line: 4; the list keeps at least 3 rows.
  const compact = below.length > 0 && belowRows > height - 4 - wrappedRows(fullFooter, width) - 3;
  // A small terminal gets the short keys line; `?` still lists them all.
  const footer = compact ? '←→ column · Enter preview · Esc back · d all · ? keys' : fullFooter;
  const room = height - 4 - wrappedRows(footer, width);
  const summary = [dropped.length ? `✗ ${dropped.length} column(s) left out` : '', missingRequired.length ? `✗ ${missingRequired.length} required field(s) unmapped` : '', notes.length ? `${notes.length} note(s)` : '', custom.length ? `${custom.length} custom` : '', unmapped.length ? `${unmapped.length} not imported` : ''].filter(Boolean).join(' · ') + ' · d shows all';
  const listHeight = Math.max(3, room - (compact ? wrappedRows(summary, width) : belowRows));
  const details = useLive(false);
  const list = useLiveListNav(fields.length, listHeight);
  const nav = list.nav;
  const at = nav.cursor;
  const [why, setWhy] = useState<string | undefined>();

  useInput((input, key) => {
    if (wizardKey(input, key, props.onHelp, setWhy)) return;
    if (details.get()) {
      // The pane scrolls itself (ScrollArea); d or Esc closes it.
      const command = commandOf('referral-map', input, key);
      if (command === 'details' || command === 'back') details.set(false);
      return;
    }
    if (list.handleKey(input, key)) return setWhy(undefined);
    const reason = ((): string | void => {
      const command = commandOf('referral-map', input, key);
      switch (command) {
        case 'details':
          return compact ? details.set(true) : 'everything is shown already: d folds nothing away at this size';
        case 'columnPrev':
        case 'columnNext': {
          const field = fields[list.cursor()]!;
          if (!headers.length) return 'the file has no headers to choose from';
          const options: Array<string | undefined> = [undefined, ...headers];
          const current = options.indexOf(mapping.columns[field.name]);
          const next = (current + (command === 'columnNext' ? 1 : -1) + options.length) % options.length;
          return props.onChange(field.name, options[next]);
        }
        case 'preset': {
          if (!presets.length) return 'no presets to choose from';
          const names: Array<string | undefined> = [undefined, ...presets.map((p) => p.name)];
          return props.onPreset(names[(names.indexOf(preset) + 1) % names.length]);
        }
        case 'file':
          return kinds.length > 1 ? props.onSwitchFile(kinds[(kinds.indexOf(kind) + 1) % kinds.length]!) : `only the ${kind} file was given: no other file to switch to`;
        case 'preview':
          return props.onNext();
        case 'back':
          return props.onBack();
        default:
          return undefined;
      }
    })();
    setWhy(reason || undefined);
  });

  const labelWidth = 30;
  const headerWidth = Math.max(16, Math.min(40, width - labelWidth - 8));
  const [from, to] = visibleRange(nav);
  if (details.get()) return <DetailPane title="Columns" lines={below} height={height} width={width} />;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        Map columns: {kinds.map((k) => (k === kind ? `[${k}]` : ` ${k} `)).join(' ')} <Text dimColor>preset: {preset ?? 'none'}</Text>
      </Text>
      <Text dimColor>{fit('Advocate field', labelWidth)}  {fit('Column in the file', headerWidth)}</Text>
      {fields.slice(from, to).map((field, offset) => {
        const index = from + offset;
        const header = mapping.columns[field.name];
        const missing = field.required && !header;
        return (
          <Text key={field.name} inverse={index === at} color={missing ? 'red' : undefined} wrap="truncate">
            {index === at ? '›' : ' '} {fit(`${field.name}${field.required ? ' *' : ''}`, labelWidth - 2)}  {fit(header ? `← ${header}` : missing ? '✗ required: ←/→ to choose' : '(not mapped)', headerWidth)}
          </Text>
        );
      })}
      {fields.length > to - from ? (
        <Text dimColor>
          {'  '}
          {from + 1}-{to} of {fields.length} fields
        </Text>
      ) : null}
      {compact ? (
        <Text color={dropped.length || missingRequired.length ? 'red' : undefined} wrap="wrap">
          {summary}
        </Text>
      ) : (
        below.map((line, index) => (
          <Text key={index} color={line.color} dimColor={!line.color} wrap="wrap">
            {line.text}
          </Text>
        ))
      )}
      <Text color="yellow" wrap="wrap">
        {why ?? ' '}
      </Text>
      <Text dimColor wrap="wrap">
        {footer}
      </Text>
    </Box>
  );
}
