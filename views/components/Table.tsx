// A table over fixed-height rows with a selection and a scroll window: only the
// visible slice is built (rows come from getRow), so 100,000 rows stay fast.
// Selection shows as inverse video plus a "›" marker, so it reads without colour.
import React from 'react';
import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import {visibleRange, type ListNav} from '../../source/console/list-nav.js';

export interface Column {
  title: string;
  /** Fixed width; columns without one share what is left */
  width?: number;
  align?: 'left' | 'right';
}

export interface TableProps {
  columns: Column[];
  nav: ListNav;
  getRow(index: number): string[];
  width: number;
  /** Rows marked (e.g. selected with space) show "●" */
  isMarked?(index: number): boolean;
  /** Rows to stress (e.g. unmatched agents) show "!" and bold */
  isFlagged?(index: number): boolean;
  focused?: boolean;
  empty?: string;
}

export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  let out = text.replace(/\s+/g, ' ');
  if (stringWidth(out) > width) {
    while (out.length && stringWidth(out) > width - 1) out = out.slice(0, -1);
    out += '…';
  }
  const pad = ' '.repeat(Math.max(0, width - stringWidth(out)));
  return align === 'right' ? pad + out : out + pad;
}

export function columnWidths(columns: Column[], total: number): number[] {
  const gaps = columns.length - 1;
  const fixed = columns.reduce((sum, c) => sum + (c.width ?? 0), 0);
  const flexible = columns.filter((c) => c.width === undefined).length;
  const share = flexible ? Math.max(4, Math.floor((total - 2 - gaps - fixed) / flexible)) : 0;
  return columns.map((c) => c.width ?? share);
}

export function Table({columns, nav, getRow, width, isMarked, isFlagged, focused = true, empty = 'Nothing to show.'}: TableProps) {
  const widths = columnWidths(columns, width);
  const [from, to] = visibleRange(nav);
  const line = (cells: string[]) => cells.map((cell, i) => fit(cell, widths[i]!, columns[i]!.align)).join(' ');
  const rows: React.ReactNode[] = [];
  for (let index = from; index < to; index++) {
    const selected = focused && index === nav.cursor;
    const marker = selected ? '›' : isMarked?.(index) ? '●' : isFlagged?.(index) ? '!' : ' ';
    const mark = isMarked?.(index) && selected ? '●' : ' ';
    rows.push(
      <Text key={index} inverse={selected} bold={isFlagged?.(index)} wrap="truncate">
        {marker}
        {mark}
        {line(getRow(index))}
      </Text>,
    );
  }
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {'  '}
        {line(columns.map((c) => c.title))}
      </Text>
      {nav.count === 0 ? <Text dimColor>{'  '}{empty}</Text> : rows}
      {nav.count > nav.height ? (
        <Text dimColor wrap="truncate">
          {'  '}
          {from + 1}-{to} of {nav.count}
        </Text>
      ) : null}
    </Box>
  );
}
