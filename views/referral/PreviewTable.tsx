// Step 3: the converted rows as they arrive (the first screenful comes at once while
// validation goes on with a live count). Rows with errors are red and start with ✗;
// the failing cell is marked ✗ and bold; the selected row's reasons show below.
import React from 'react';
import {Box, Text, useInput} from 'ink';
import type {FormulaLike, PreviewRow, Progress} from '../../source/referral/engine.js';
import type {FileKind, Issue} from '../../source/referral/fields.js';
import {fit} from '../components/Table.js';
import {useKeyArea} from '../context.js';
import {keyLine} from '../keymap.js';

export interface PreviewTableProps {
  kind: FileKind;
  kinds: FileKind[];
  /** Advocate fields shown as columns, in order */
  columns: string[];
  rows: PreviewRow[];
  selected: number;
  progress?: Progress;
  /** The capped issue list of the run so far, and how many are left out of it */
  issues: Issue[];
  issuesLeftOut: number;
  reportPath?: string;
  /** Cells that start like a spreadsheet formula (from the finished validation) */
  formulaLike?: FormulaLike;
  height?: number;
  width?: number;
  /** Move the selection by a number of rows (relative, so keys arriving together all count) */
  onMove(by: number): void;
  onSwitchFile(kind: FileKind): void;
  onNext(): void;
  onBack(): void;
}

const CELL = 16;
const ISSUE_LINES = 4;

export function PreviewTable(props: PreviewTableProps) {
  const {kind, kinds, columns, rows, selected, progress, issues, issuesLeftOut, height = 12, width = 100} = props;
  const at = Math.max(0, Math.min(selected, rows.length - 1));
  useKeyArea('referral-preview');
  useInput((_input, key) => {
    if (key.upArrow) props.onMove(-1);
    else if (key.downArrow) props.onMove(1);
    else if (key.pageDown) props.onMove(height);
    else if (key.pageUp) props.onMove(-height);
    else if (key.tab && kinds.length > 1) props.onSwitchFile(kinds[(kinds.indexOf(kind) + 1) % kinds.length]!);
    else if (key.return) props.onNext();
    else if (key.escape) props.onBack();
  });

  const visibleColumns = columns.slice(0, Math.max(1, Math.floor((width - 10) / (CELL + 1))));
  const start = Math.max(0, Math.min(at - Math.floor(height / 2), rows.length - height));
  const window = rows.slice(start, start + height);
  const current = rows[at];
  const fileIssues = issues.filter((issue) => issue.file === kind && issue.row > 0);
  const shownIssues = fileIssues.slice(0, ISSUE_LINES);
  const more = fileIssues.length - shownIssues.length + issuesLeftOut;
  return (
    <Box flexDirection="column">
      <Text bold>
        Preview: {kinds.map((k) => (k === kind ? `[${k}]` : ` ${k} `)).join(' ')}
      </Text>
      <Text dimColor wrap="truncate">
        {'  '}
        {fit('row', 6)} {visibleColumns.map((c) => fit(c, CELL)).join(' ')}
      </Text>
      {rows.length === 0 ? <Text dimColor>  {progress?.done ? 'No rows.' : 'Reading…'}</Text> : null}
      {window.map((row, offset) => {
        const index = start + offset;
        const bad = row.issues.some((issue) => issue.severity === 'error');
        const failing = new Set(row.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.field));
        const fieldFails = (field: string) => failing.has(field);
        return (
          <Text key={row.row} color={bad ? 'red' : undefined} inverse={index === at} wrap="truncate">
            {bad ? '✗' : ' '}
            {index === at ? '›' : ' '}
            {fit(String(row.row), 6)}{' '}
            {visibleColumns.map((field, c) => (
              <Text key={field} bold={fieldFails(field)}>
                {c ? ' ' : ''}
                {fit(fieldFails(field) ? `✗${row.cells[field] ?? ''}` : row.cells[field] ?? '', CELL)}
              </Text>
            ))}
          </Text>
        );
      })}
      <Box flexDirection="column" marginTop={1}>
        {current && current.issues.length ? (
          current.issues.map((issue, i) => (
            <Text key={i} color={issue.severity === 'warning' ? 'yellow' : 'red'} wrap="truncate">
              Row {current.row} (line {current.line}){issue.column ? ` [${issue.column}]` : ''} {issue.code}: {issue.message}
            </Text>
          ))
        ) : current ? (
          <Text color="green">Row {current.row}: ready for Advocate.</Text>
        ) : null}
      </Box>
      <Text>
        {progress?.done ? 'Checked' : 'Validating…'} {kind}: {(progress?.rowsRead ?? 0).toLocaleString('en-US')} rows read · {(progress?.valid ?? 0).toLocaleString('en-US')} valid ·{' '}
        <Text color={progress?.invalid ? 'red' : undefined}>{(progress?.invalid ?? 0).toLocaleString('en-US')} invalid</Text>
      </Text>
      {shownIssues.map((issue, i) => (
        <Text key={i} dimColor wrap="truncate">
          row {issue.row}: {issue.code} {issue.message}
        </Text>
      ))}
      {more > 0 ? <Text dimColor>… and {more.toLocaleString('en-US')} more{props.reportPath ? ` (all in ${props.reportPath})` : ' (all in the error report)'}</Text> : null}
      {props.formulaLike?.count ? (
        <Box flexDirection="column">
          <Text color="yellow" wrap="truncate">
            ⚠ {props.formulaLike.count.toLocaleString('en-US')} value(s) look like spreadsheet formulas: kept exact for Advocate, defused in errors.csv
          </Text>
          <Text color="yellow" wrap="truncate">
            {'  '}e.g. {props.formulaLike.first.slice(0, 3).map((cell) => `row ${cell.row} [${cell.column}] ${JSON.stringify(cell.value)}`).join(', ')}
          </Text>
        </Box>
      ) : null}
      <Text dimColor wrap="wrap">{keyLine('referral-preview')} · ? all keys</Text>
    </Box>
  );
}
