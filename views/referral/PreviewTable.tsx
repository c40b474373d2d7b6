// Step 3: the converted rows as they arrive (the first screenful comes at once while
// validation goes on with a live count). Rows with errors are red and start with ✗;
// the failing cell is marked ✗ and bold; the selected row's reasons show below;
// n/N jump between red rows. Mapped columns the run leaves out are listed, from the
// run's own rule (droppedColumns), rather than shown as empty columns.
import React, {useState} from 'react';
import {Box, Text, useInput} from 'ink';
import type {FormulaLike, PreviewRow, Progress} from '../../source/referral/engine.js';
import type {FileKind, Issue} from '../../source/referral/fields.js';
import {summariseDropped, type DroppedColumn} from '../../source/referral/dropped.js';
import {fit, wrappedRows} from '../components/Table.js';
import {wizardKey} from './common-keys.js';
import {advise} from '../../source/referral/advice.js';
import {commandOf, keyLine} from '../keymap.js';
import {clampNav, initialNav, type ListNav} from '../list-nav.js';
import {isBadRow, listAction, nextBadRow, type PreviewNavAction} from './preview-nav.js';
import {useLive} from './live-state.js';
import {DetailPane, type DetailLine} from './DetailPane.js';

export interface PreviewTableProps {
  kind: FileKind;
  kinds: FileKind[];
  /** Advocate fields shown as columns, in order */
  columns: string[];
  rows: PreviewRow[];
  /** The row list's cursor and window (kept by the flow: see preview-nav.ts) */
  nav?: ListNav;
  progress?: Progress;
  /** The capped issue list of the run so far, and how many are left out of it */
  issues: Issue[];
  issuesLeftOut: number;
  reportPath?: string;
  /** Cells that start like a spreadsheet formula (from the finished validation) */
  formulaLike?: FormulaLike;
  /** Rows the whole step may use; the row list gets what the lines under it leave */
  height?: number;
  width?: number;
  /** Mapped columns the conversion leaves out (droppedColumns) */
  dropped?: DroppedColumn[];
  /** The first column shown (←→ scroll sideways, kept in the store) */
  column?: number;
  /** A list action (relative, so keys arriving together all count) and the rows the list shows */
  onNav(action: PreviewNavAction, listHeight: number): void;
  /** Scrolls sideways by `by` columns, of `columns`, `shown` at a time */
  onScroll?(by: number, columns: number, shown: number): void;
  onHelp?(): void;
  onSwitchFile(kind: FileKind): void;
  onNext(): void;
  onBack(): void;
}

const CELL = 16;
const PREVIEW_FOOTER = `${keyLine('referral-preview')} · ↑↓ PgDn G row · ? all keys`;
const ISSUE_LINES = 4;

/** The formula warning: how many, and the first cells. */
function formulaText(found: FormulaLike): string[] {
  return [
    `⚠ ${found.count.toLocaleString('en-US')} value(s) look like spreadsheet formulas: kept exact for Advocate, defused in errors.csv`,
    `  e.g. ${found.first.slice(0, 3).map((cell) => `row ${cell.row} [${cell.column}] ${JSON.stringify(cell.value)}`).join(', ')}`,
  ];
}

export function PreviewTable(props: PreviewTableProps) {
  const {kind, kinds, columns, rows, progress, issues, issuesLeftOut, height = 24, width = 100, dropped = []} = props;
  const fileIssues = issues.filter((issue) => issue.file === kind && issue.row > 0);
  const droppedText = summariseDropped(dropped, 3).map((line) => `✗ left out of every row: ${line}`);
  // Title, column heads, the selected row's reasons (about 2), the count, "… and N more", the
  // formula warning, the dropped columns, the reason line and the keys: the row list gets the rest,
  // then the summary of issues gives way before the list goes under 3 rows. When even that does not
  // fit (a small terminal), the lines under the count fold into one summary and `d` shows them all.
  const formulaLines = props.formulaLike?.count ? formulaText(props.formulaLike) : [];
  const fixed = 2 + 3 + 1 + 1 + formulaLines.length + droppedText.reduce((n, text) => n + wrappedRows(text, width), 0) + 1 + wrappedRows(PREVIEW_FOOTER, width);
  const compact = fixed + 3 > height;
  const issueLines = compact ? 0 : Math.max(0, Math.min(ISSUE_LINES, fileIssues.length, height - fixed - 3));
  const summary = [droppedText.length ? `✗ ${dropped.length} column(s) left out` : '', fileIssues.length || issuesLeftOut ? `${(fileIssues.length + issuesLeftOut).toLocaleString('en-US')} issue(s)` : '', formulaLines.length ? '⚠ formula-like values' : ''].filter(Boolean).join(' · ');
  const footer = compact ? '←→ cols · n N red · Enter write · Esc back · d all · ? keys' : PREVIEW_FOOTER;
  const listHeight = Math.max(3, compact ? height - 2 - 2 - 1 - (summary ? 1 : 0) - 1 - wrappedRows(footer, width) : height - fixed - issueLines);
  const details = useLive(false);
  const detailLines: DetailLine[] = [
    ...droppedText.map((text) => ({text, color: 'red' as const})),
    ...fileIssues.map((issue) => ({text: `row ${issue.row} (line ${issue.line})${issue.column ? ` [${issue.column}]` : ''}: ${issue.code} ${issue.message}`})),
    ...(issuesLeftOut ? [{text: `… and ${issuesLeftOut.toLocaleString('en-US')} more${props.reportPath ? ` (all in ${props.reportPath})` : ` (${advise('fullReport', 'console')})`}`}] : []),
    ...formulaLines.map((text) => ({text, color: 'yellow' as const})),
  ];
  const nav = clampNav({...(props.nav ?? initialNav()), count: rows.length, height: listHeight});
  const at = nav.cursor;
  // Columns that fit beside the row number; ←→ move the window over the rest.
  const shown = Math.max(1, Math.floor((width - 10) / (CELL + 1)));
  const firstColumn = Math.max(0, Math.min(props.column ?? 0, Math.max(0, columns.length - shown)));
  const [why, setWhy] = useState<string | undefined>();
  useInput((input, key) => {
    if (details.get()) {
      // The pane scrolls itself (ScrollArea); d or Esc closes it.
      const command = commandOf('referral-preview', input, key);
      if (command === 'details' || command === 'back') details.set(false);
      return;
    }
    if (wizardKey(input, key, props.onHelp, setWhy)) return;
    const list = listAction(input, key);
    if (list) return (props.onNav(list, listHeight), setWhy(undefined));
    const reason = ((): string | void => {
      const command = commandOf('referral-preview', input, key);
      switch (command) {
        case 'nextBad':
        case 'prevBad': {
          const by = command === 'nextBad' ? 1 : -1;
          if (!rows.length) return progress?.done ? 'no rows in this file' : 'no rows yet: still reading';
          if (nextBadRow(rows, at, by) === undefined) {
            const any = rows.some(isBadRow);
            const where = `${by === 1 ? 'below' : 'above'} row ${rows[at]?.row ?? 1}`;
            return !any ? `no red rows among the ${rows.length} previewed${progress?.done ? '' : ' so far'}` : `no red row ${where} in the preview (its first ${rows.length} rows; every error is in the error report)`;
          }
          return props.onNav({type: 'bad', by}, listHeight);
        }
        case 'columnLeft':
        case 'columnRight': {
          const by = command === 'columnRight' ? 1 : -1;
          if (columns.length <= shown) return `all ${columns.length} column(s) are shown`;
          if (by < 0 && firstColumn === 0) return 'this is the first column';
          if (by > 0 && firstColumn + shown >= columns.length) return 'this is the last column';
          return props.onScroll?.(by, columns.length, shown);
        }
        case 'file':
          return kinds.length > 1 ? props.onSwitchFile(kinds[(kinds.indexOf(kind) + 1) % kinds.length]!) : `only the ${kind} file was given: no other file to switch to`;
        case 'details':
          return detailLines.length ? details.set(true) : 'no issues or notes to show yet';
        case 'write':
          return props.onNext();
        case 'back':
          return props.onBack();
        default:
          return undefined;
      }
    })();
    setWhy(reason || undefined);
  });

  const visibleColumns = columns.slice(firstColumn, firstColumn + shown);
  const leftOut = columns.length - visibleColumns.length;
  const start = nav.top;
  const window = rows.slice(start, start + nav.height);
  const current = rows[at];
  const shownIssues = fileIssues.slice(0, issueLines);
  const more = fileIssues.length - shownIssues.length + issuesLeftOut;
  if (details.get()) return <DetailPane title={`Preview of ${kind}: issues and notes`} lines={detailLines} height={height} width={width} />;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        Preview: {kinds.map((k) => (k === kind ? `[${k}]` : ` ${k} `)).join(' ')}
        {leftOut ? <Text dimColor>{`  columns ${firstColumn + 1}-${firstColumn + visibleColumns.length} of ${columns.length} (←→)`}</Text> : null}
      </Text>
      <Text dimColor wrap="truncate">
        {'  '}
        {fit('row', 6)} {visibleColumns.map((c) => fit(c, CELL)).join(' ')}
      </Text>
      {rows.length === 0 ? <Text dimColor>  {progress?.done ? 'No rows.' : 'Reading…'}</Text> : null}
      {window.map((row, offset) => {
        const index = start + offset;
        const bad = isBadRow(row);
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
      <Box flexDirection="column" marginTop={compact ? 0 : 1}>
        {current && current.issues.length ? (
          current.issues.map((issue, i) => (
            // The selected row's reasons are read whole (they carry the advice): wrapped, never cut.
            <Text key={i} color={issue.severity === 'warning' ? 'yellow' : 'red'} wrap="wrap">
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
      {compact ? (
        summary ? (
          <Text color={droppedText.length ? 'red' : undefined} dimColor={!droppedText.length} wrap="truncate">
            {summary} · d shows all
          </Text>
        ) : null
      ) : (
        <>
          {shownIssues.map((issue, i) => (
            <Text key={i} dimColor wrap="truncate">
              row {issue.row}: {issue.code} {issue.message}
            </Text>
          ))}
          {more > 0 ? (
            <Text dimColor wrap="wrap">
              … and {more.toLocaleString('en-US')} more{props.reportPath ? ` (all in ${props.reportPath})` : ` (${advise('fullReport', 'console')})`} · d lists them
            </Text>
          ) : null}
          {formulaLines.map((text) => (
            <Text key={text} color="yellow" wrap="truncate">
              {text}
            </Text>
          ))}
          {droppedText.map((line) => (
            <Text key={line} color="red" wrap="wrap">
              {line}
            </Text>
          ))}
        </>
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
