// One form field's line: label, then the value (secrets as dots), a cursor block
// while it is being edited. Editing itself lives in useTextEditing so handlers read
// the latest value from a ref (keys pasted in one chunk must not see stale state).
import React from 'react';
import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import {fit} from './Table.js';
import {commandOf, isTypedText, type KeyInfo} from '../keymap.js';

export interface FieldLineProps {
  label: string;
  value: string;
  labelWidth: number;
  width: number;
  focused: boolean;
  editing: boolean;
  secret?: boolean;
  placeholder?: string;
}

export function FieldLine({label, value, labelWidth, width, focused, editing, secret, placeholder}: FieldLineProps) {
  const shown = secret ? '•'.repeat(Math.min(value.length, 24)) : value;
  const text = shown || (editing ? '' : placeholder ?? '');
  const valueWidth = Math.max(4, width - labelWidth - 5);
  // The focused field never hides part of its label or value: what does not fit follows, wrapped.
  const cut = focused && (stringWidth(label) > labelWidth || stringWidth(editing ? text + ' ' : text) > valueWidth);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text inverse={focused && !editing}>{focused ? '›' : ' '} {fit(label, labelWidth)}</Text>
        <Text> </Text>
        <Text dimColor={!shown && !editing}>{editing && stringWidth(text) >= valueWidth ? fit('…' + text.slice(-(valueWidth - 2)), valueWidth) : fit(text, valueWidth)}</Text>
        {editing ? <Text inverse> </Text> : null}
      </Text>
      {cut ? (
        <Box paddingLeft={4}>
          <Text wrap="wrap" dimColor>
            {label}: {text}
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}

/** Applies one key to a text being edited; undefined when the key is not an edit. */
export function editText(value: string, input: string, key: KeyInfo): string | undefined {
  // A held Backspace over a slow link arrives as one input of several: each erases a character.
  if (input.length > 1 && /^[\x7f\b]+$/.test(input)) return value.slice(0, Math.max(0, value.length - input.length));
  const command = commandOf('editing', input, key);
  if (command === 'erase') return value.slice(0, -1);
  if (command === 'clear') return '';
  // Pasted text arrives as one input; keep it whole but drop line breaks.
  if (!command && isTypedText(input, key)) return value + input.replace(/[\r\n]/g, '');
  return undefined;
}
