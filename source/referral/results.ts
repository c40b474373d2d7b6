// What an import run reports: per file, the issues, the files written. Shared by the run
// (engine.ts) and the report it writes (report.ts).
import type {FileKind, ImportType, Issue, IssueCode} from './fields.js';
import type {FileMapping} from './mapping.js';

export interface FileSummary {
  kind: FileKind;
  path: string;
  status: 'ok' | 'stopped';
  rowsRead: number;
  valid: number;
  invalid: number;
  filtered: number;
  alreadyLoaded: number;
  warnings: number;
  byCode: Partial<Record<IssueCode, number>>;
  notes: string[];
  alert?: Issue;
  headers: string[];
  mapping?: FileMapping;
  /** Mapped cells a spreadsheet would run as a formula: kept exact in Advocate files, neutralised in errors.csv */
  formulaLike: FormulaLike;
}

export interface FormulaLike {
  count: number;
  /** The first few, for the warning */
  first: Array<{row: number; line: number; column: string; value: string}>;
}

export interface OutputFile {
  importType: ImportType;
  jobType: string;
  path: string;
  rows: number;
}

export interface RunResult {
  files: Partial<Record<FileKind, FileSummary>>;
  /** The first `errorListLimit` issues; the report has them all */
  issues: Issue[];
  totalIssues: number;
  issuesLeftOut: number;
  byCode: Partial<Record<IssueCode, number>>;
  outputs: OutputFile[];
  reportPath?: string;
  summaryPath?: string;
  keysPath?: string;
  hasStoppingErrors: boolean;
}

