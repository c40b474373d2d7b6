// Issues: every one goes to errors.csv as it is found (a file for people: formula
// cells are neutralised with ferry report's csvCell, so =1+1 or @SUM(A1) from a
// legacy export cannot run when it is opened in a spreadsheet); only the first N stay in
// memory for the screen and the console ("and N more", as frictionless and
// opendataeditor users asked for). The summary counts rows and codes per file.
import fs from 'node:fs';
import path from 'node:path';
import {ALERT_CODES, CROSS_FILE_CODES, type Issue, type IssueCode} from './fields.js';
import type {FileSummary, RunResult} from './results.js';
import {csvCell} from '../platform/csv-cell.js';
import {advise} from './advice.js';
import {detach} from './records.js';
import {BufferedFile} from './writers.js';

export const REPORT_HEADERS = ['file', 'row', 'line', 'column', 'code', 'severity', 'message', 'value'];

export class IssueLog {
  readonly kept: Issue[] = [];
  readonly byCode: Partial<Record<IssueCode, number>> = {};
  total = 0;
  private readonly file: BufferedFile | undefined;
  private headerWritten = false;

  constructor(
    private readonly limit: number,
    readonly reportPath: string | undefined,
  ) {
    this.file = reportPath ? new BufferedFile(reportPath) : undefined;
  }

  /** Returns a promise only when the report file needs flushing. */
  add(issue: Issue): Promise<void> | undefined {
    this.total++;
    this.byCode[issue.code] = (this.byCode[issue.code] ?? 0) + 1;
    if (this.kept.length < this.limit) this.kept.push(detachIssue(issue));
    if (!this.file) return undefined;
    if (!this.headerWritten) {
      this.headerWritten = true;
      this.file.write(reportLine(REPORT_HEADERS));
    }
    return this.file.write(reportLine([issue.file, String(issue.row), String(issue.line), issue.column, issue.code, issue.severity, issue.message, issue.value]));
  }

  async close(): Promise<void> {
    if (this.file && !this.headerWritten) await this.file.write(reportLine(REPORT_HEADERS));
    await this.file?.close();
  }

  async writeSummary(filePath: string, result: RunResult): Promise<string> {
    fs.mkdirSync(path.dirname(filePath), {recursive: true});
    await fs.promises.writeFile(filePath, JSON.stringify(summaryJson(result), null, 2) + '\n');
    return filePath;
  }
}

/** One line of a CSV meant for a person: every cell through csvCell, which defuses formulas. */
export function reportLine(cells: string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i ? ',' : '') + csvCell(cells[i]!);
  return line + '\n';
}

/** An issue that may outlive its row: its texts copied off the chunk they were cut from (see detach). */
export function detachIssue(issue: Issue): Issue {
  return {...issue, message: detach(issue.message), value: detach(issue.value)};
}

export function summaryJson(result: RunResult) {
  const files = Object.values(result.files).map((file) => ({
    file: file.kind,
    path: file.path,
    status: file.status,
    rowsRead: file.rowsRead,
    valid: file.valid,
    invalid: file.invalid,
    filtered: file.filtered,
    alreadyLoaded: file.alreadyLoaded,
    warnings: file.warnings,
    byCode: file.byCode,
    alert: file.alert?.message,
    notes: file.notes,
    formulaLike: file.formulaLike,
  }));
  const sum = (key: 'rowsRead' | 'valid' | 'invalid') => files.reduce((total, file) => total + file[key], 0);
  return {
    rowsRead: sum('rowsRead'),
    valid: sum('valid'),
    invalid: sum('invalid'),
    stoppingErrors: result.hasStoppingErrors,
    byCode: result.byCode,
    files,
    outputs: result.outputs,
    report: result.reportPath,
  };
}

export function codeKind(code: IssueCode): 'alert' | 'cross-file' | 'row' {
  if ((ALERT_CODES as string[]).includes(code)) return 'alert';
  if ((CROSS_FILE_CODES as string[]).includes(code)) return 'cross-file';
  return 'row';
}

/** Plain-text summary for the console: per file, per code, the capped list, the outputs. */
export function formatSummary(result: RunResult, listLimit = 20): string {
  const lines: string[] = [];
  for (const file of Object.values(result.files)) {
    const state = file.status === 'stopped' ? `STOPPED: ${file.alert!.code} ${file.alert!.message}` : `${file.rowsRead} rows read, ${file.valid} valid, ${file.invalid} invalid`;
    const extra = [file.filtered ? `${file.filtered} filtered out` : '', file.alreadyLoaded ? `${file.alreadyLoaded} already loaded` : '', file.warnings ? `${file.warnings} warnings` : ''].filter(Boolean).join(', ');
    lines.push(`${file.kind.padEnd(9)} ${path.basename(file.path)}: ${state}${extra ? ` (${extra})` : ''}`);
    for (const note of file.notes) lines.push(`          note: ${note}`);
    lines.push(...formulaWarning(file.formulaLike).map((line) => `          ${line}`));
  }
  const codes = Object.entries(result.byCode).sort((a, b) => b[1] - a[1]);
  if (codes.length) {
    lines.push('', 'Issues by code:');
    for (const [code, count] of codes) lines.push(`  ${code.padEnd(24)} ${String(count).padStart(7)}  (${codeKind(code as IssueCode)})`);
  }
  if (result.issues.length) {
    lines.push('', 'Issues:');
    for (const issue of result.issues.slice(0, listLimit)) {
      const where = issue.row ? `row ${issue.row} (line ${issue.line})` : issue.line ? `line ${issue.line}` : 'file';
      lines.push(`  ${issue.file} ${where}${issue.column ? ` [${issue.column}]` : ''} ${issue.code}: ${issue.message}`);
    }
    const more = result.totalIssues - Math.min(listLimit, result.issues.length);
    if (more > 0) lines.push(`  … and ${more} more${result.reportPath ? ` (all in ${result.reportPath})` : ` (${advise('fullReport', 'cli')})`}`);
  }
  if (result.outputs.length) {
    lines.push('', 'Advocate files:');
    for (const output of result.outputs) lines.push(`  ${output.jobType.padEnd(36)} ${String(output.rows).padStart(7)} rows  ${output.path}`);
  }
  return lines.join('\n');
}

/** The warning about formula-like values: how many, and where the first ones are. */
export function formulaWarning(found: FileSummary['formulaLike'] | undefined): string[] {
  if (!found?.count) return [];
  const lines = [`warning: ${found.count.toLocaleString('en-US')} value(s) start like a spreadsheet formula (= + - @): Advocate files keep them exact, errors.csv defuses them; do not open the Advocate files in a spreadsheet`];
  for (const cell of found.first) lines.push(`  row ${cell.row} (line ${cell.line}) [${cell.column}]: ${JSON.stringify(cell.value)}`);
  if (found.count > found.first.length) lines.push(`  … and ${(found.count - found.first.length).toLocaleString('en-US')} more`);
  return lines;
}
