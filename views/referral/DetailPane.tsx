// Every line a step had to fold away on a small terminal, whole and wrapped, in a
// pane that scrolls with the list keys (ScrollArea); d or Esc closes it. The step
// keeps its state underneath: the pane only replaces what is drawn.
import React from 'react';
import {Box, Text} from 'ink';
import {ScrollArea} from '../components/ScrollArea.js';
import {wrappedRows} from '../components/Table.js';

export interface DetailLine {
  text: string;
  color?: 'red' | 'yellow';
}

export function DetailPane({title, lines, height, width}: {title: string; lines: DetailLine[]; height: number; width: number}) {
  const heading = `${title}: all of it (↑↓ PgDn G scroll · d or Esc closes)`;
  return (
    <Box flexDirection="column">
      <Text bold wrap="wrap">
        {heading}
      </Text>
      <ScrollArea height={Math.max(3, height - wrappedRows(heading, width))}>
        {lines.map((line, index) => (
          <Text key={index} color={line.color} dimColor={!line.color} wrap="wrap">
            {line.text}
          </Text>
        ))}
      </ScrollArea>
    </Box>
  );
}
