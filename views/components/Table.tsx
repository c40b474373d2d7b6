// A table over fixed-height rows with a selection and a scroll window: only the
// visible slice is built (rows come from getRow), so 100,000 rows stay fast.
// Selection shows as inverse video plus a "›" marker, so it reads without colour.
// A cell cut to fit is never lost: the selected row's cut cells are shown whole,
// wrapped, under the table (the window shrinks to make room).
import React from 'react';
import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import {visibleRange, type ListNav} from '../list-nav.js';

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
  /** Rows that are section headings: their first cell spans the whole width */
  isHeading?(index: number): boolean;
  /** Show the selected row's cut cells in full under the table (default true) */
  detail?: boolean;
  /** Where the rest is read when the detail is longer than its room (e.g. "Enter shows it all") */
  moreDetail?: string;
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

/** The selected row's cells that do not fit their column, as "Title: full text" lines. */
export function cutCells(columns: Column[], widths: number[], cells: string[]): string[] {
  return cells.flatMap((cell, i) => {
    const text = cell.replace(/\s+/g, ' ').trim();
    return stringWidth(text) > widths[i]! ? [`${columns[i]!.title || 'Detail'}: ${text}`] : [];
  });
}

/** Rows a text takes when wrapped to `width` (a close estimate: wrapping breaks at spaces). */
export function wrappedRows(text: string, width: number): number {
  return Math.max(1, Math.ceil((stringWidth(text) + 4) / Math.max(1, width)));
}

export function Table({columns, nav, getRow, width, isMarked, isFlagged, isHeading, focused = true, empty = 'Nothing to show.', detail = true, moreDetail}: TableProps) {
  const widths = columnWidths(columns, width);
  const line = (cells: string[]) => cells.map((cell, i) => fit(cell, widths[i]!, columns[i]!.align)).join(' ');
  const details = detail && focused && nav.count > 0 && !isHeading?.(nav.cursor) ? cutCells(columns, widths, getRow(nav.cursor)) : [];
  // The detail takes at most half of the list's rows; the window keeps the cursor in view.
  const detailNeeds = details.reduce((n, text) => n + wrappedRows(text, width - 2), 0);
  const detailRows = Math.min(Math.max(0, Math.floor(nav.height / 2)), detailNeeds);
  // A detail longer than its room says so on its last row (never cut silently), with the key that shows it all.
  const clipped = detailNeeds > detailRows && detailRows >= 1;
  const height = Math.max(1, nav.height - detailRows);
  const top = nav.cursor < nav.top ? nav.cursor : nav.cursor >= nav.top + height ? nav.cursor - height + 1 : nav.top;
  const [from, to] = visibleRange({...nav, top, height});
  const rows: React.ReactNode[] = [];
  for (let index = from; index < to; index++) {
    const selected = focused && index === nav.cursor;
    const marker = selected ? '›' : isMarked?.(index) ? '●' : isFlagged?.(index) ? '!' : ' ';
    const mark = isMarked?.(index) && selected ? '●' : ' ';
    rows.push(
      <Text key={index} inverse={selected} bold={isFlagged?.(index)} wrap="truncate">
        {marker}
        {mark}
        {isHeading?.(index) ? fit(getRow(index)[0] ?? '', width - 2) : line(getRow(index))}
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
      {nav.count > height ? (
        <Text dimColor wrap="truncate">
          {'  '}
          {from + 1}-{to} of {nav.count}
        </Text>
      ) : null}
      {details.length ? (
        <Box flexDirection="column" height={clipped ? detailRows - 1 : detailRows} overflow="hidden">
          {/* Natural height, clipped by the box: shrinking would squeeze the lines together. */}
          <Box flexDirection="column" flexShrink={0}>
            {details.map((text, index) => (
              <Text key={index} wrap="wrap" dimColor>
                {'  '}
                {text}
              </Text>
            ))}
          </Box>
        </Box>
      ) : null}
      {details.length && clipped ? (
        <Text dimColor wrap="truncate">
          {'  '}… {moreDetail ?? 'more than fits: a larger terminal shows it all'}
        </Text>
      ) : null}
    </Box>
  );
}
