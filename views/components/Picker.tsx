// A choice from a list, shown in place of the screen body (Enter picks, Esc cancels).
import React from 'react';
import {Box, Text} from 'ink';
import {Table} from './Table.js';
import {useKeys, useListNav} from '../hooks.js';
import {useConsole, useCapture} from '../context.js';
import {commandOf, keyHints} from '../keymap.js';

export interface PickerProps {
  title: string;
  options: Array<{label: string; detail?: string}>;
  initial?: number;
  onPick(index: number): void;
  onCancel(): void;
}

export function Picker({title, options, initial = 0, onPick, onCancel}: PickerProps) {
  const {size, bodyRows} = useConsole();
  const [nav, dispatch, handleKey] = useListNav(options.length, Math.max(3, bodyRows - 4));
  useCapture(true);
  React.useEffect(() => dispatch({type: 'select', index: initial}), []);
  useKeys((input, key) => {
    if (handleKey(input, key)) return;
    const command = commandOf('choice', input, key);
    if (command === 'cancel') return onCancel();
    if (command === 'pick') return options.length ? onPick(nav.cursor) : 'Nothing to choose from: Esc goes back.';
  });
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {title}
      </Text>
      <Table columns={[{title: 'Choice', width: Math.floor(size.columns / 2)}, {title: ''}]} nav={nav} getRow={(i) => [options[i]!.label, options[i]!.detail ?? '']} width={size.columns} />
      <Text dimColor>{keyHints('choice').map((h) => `${h.keys} ${h.does}`).join(' · ')}</Text>
    </Box>
  );
}
