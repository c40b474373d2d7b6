// The command line. Without a command in a terminal it opens the console; every
// operation also has a command for scripting. Exit codes: 0 the command did its
// work (failed records are reported, not fatal), 1 it stopped (credentials,
// rights, plan), 2 usage error, 3 verify found differences. Every error says what
// to do next.
import {parseArgs, type ParseArgsConfig} from 'node:util';
import path from 'node:path';
import {PlanError, RunStopError} from './errors.js';
import {formatResultsTable, migrationStatus, REPORT_STATUSES, reportForRun, runMigration, writeReport, type ReportStatus} from './migration.js';
import {Journal, type RunMode} from './journal.js';
import {loadPlan} from './plan.js';
import {RECORD_TYPES, type RecordType} from './model.js';
import {createProgressPrinter} from './progress-printer.js';
import {countsForRun} from './outcomes.js';
import {connectorIds, findConnector} from './connectors.js';

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const USAGE = `ferry: move a help desk's data to another help desk, and referral history into Advocate.

Usage:
  ferry                                  open the console (in a terminal)
  ferry demo --headless [--dir D] [--mode demo|full|delta] [--target freshdesk|zendesk|request-tracker]
                                         migrate the built-in demo account (Zendesk emulator to Freshdesk emulator,
                                         or into a Request Tracker running on this machine)
  ferry run --mode demo|full|delta [--dir D] [--json]
  ferry retry [--all-failed | --ids type:id,type:id] [--dir D] [--json]
  ferry status [--dir D] [--json]
  ferry report --status migrated|warnings|failed|skipped --out FILE.csv [--dir D]
  ferry audit [--dir D] [--json]
  ferry verify [--dir D] [--sample N] [--json]
                                         exits 3 when the target differs from the source
  ferry estimate [--dir D] [--json] [--source-tier T] [--target-tier T] [--source-rpm N] [--target-rpm N]
  ferry emulate zendesk|freshdesk [--port N] [--tier NAME] [--empty|--target]
  ferry referral ...                     validate, convert and load referral history (ferry referral --help)

The migration folder (--dir, default: the current folder) holds plan.json, journal.sqlite and reports.
Secrets come from environment variables or the local credential store named in plan.json, never from the plan itself.

Exit codes: 0 done (failed records are reported, not fatal), 1 stopped (credentials, rights, plan, unreachable server),
2 usage error, 3 ferry verify found differences.`;

/** Distinct from 0 so a script that verifies a migration notices a target that differs. */
export const EXIT_DIFFERENCES = 3;

export class UsageError extends Error {}

type Values = Record<string, string | boolean | undefined>;

export function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>): {values: Values; positionals: string[]} {
  try {
    const parsed = parseArgs({args: argv, options: {...options, help: {type: 'boolean', short: 'h'}}, allowPositionals: true, strict: true});
    return {values: parsed.values as Values, positionals: parsed.positionals};
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const write = (stream: NodeJS.WritableStream, text: string) => stream.write(text.endsWith('\n') ? text : text + '\n');

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case 'console':
        return await (await import('./console-entry.js')).openConsole(rest, io);
      case 'demo':
        return await demoCommand(rest, io);
      case 'run':
        return await runCommand(rest, io);
      case 'retry':
        return await retryCommand(rest, io);
      case 'status':
        return statusCommand(rest, io);
      case 'report':
        return reportCommand(rest, io);
      case 'audit':
        return await (await import('./audit.js')).auditCommand(rest, io);
      case 'verify':
        return await (await import('./verify.js')).verifyCommand(rest, io);
      case 'estimate':
        return await (await import('./estimate-command.js')).estimateCommand(rest, io);
      case 'emulate':
        return await (await import('./emulate-command.js')).emulateCommand(rest, io);
      case 'referral':
        return await (await import('./referral/cli.js')).referralCommand(rest, io);
      case 'help':
      case '--help':
      case '-h':
        write(io.stdout, USAGE);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    return reportError(error, io);
  }
}

export function reportError(error: unknown, io: Io): number {
  if (error instanceof UsageError) {
    write(io.stderr, `ferry: ${error.message}\nRun "ferry --help" for the commands and their options.`);
    return 2;
  }
  if (error instanceof PlanError) {
    write(io.stderr, `ferry: ${error.message}`);
    return 1;
  }
  if (error instanceof RunStopError) {
    write(io.stderr, `ferry: ${error.message}\n${error.hint}`);
    return 1;
  }
  write(io.stderr, `ferry: unexpected error: ${(error as Error).stack ?? error}\nNothing journalled is lost; run the command again to resume.`);
  return 1;
}

export function folderOf(values: {dir?: string | boolean}, io: Io): string {
  return path.resolve(io.cwd, typeof values.dir === 'string' ? values.dir : '.');
}

function modeOf(value: unknown, allowed: RunMode[]): RunMode {
  if (typeof value !== 'string') throw new UsageError(`--mode is required: one of ${allowed.join(', ')}`);
  if (!allowed.includes(value as RunMode)) throw new UsageError(`--mode "${value}" is not one of ${allowed.join(', ')}`);
  return value as RunMode;
}

async function runCommand(argv: string[], io: Io): Promise<number> {
  const {values} = parse(argv, {mode: {type: 'string'}, dir: {type: 'string'}, json: {type: 'boolean'}});
  if (values.help) return write(io.stdout, 'ferry run --mode demo|full|delta [--dir D] [--json]'), 0;
  const mode = modeOf(values.mode, ['demo', 'full', 'delta']);
  return executeRun({dir: folderOf(values, io), mode, json: Boolean(values.json)}, io);
}

export async function executeRun(options: {dir: string; mode: RunMode; json: boolean; retry?: Array<{type?: RecordType; sourceId: string}>; env?: NodeJS.ProcessEnv}, io: Io): Promise<number> {
  // The log's per-type lines read the journal, as every screen and report does.
  const counter = options.json ? undefined : Journal.inFolder(options.dir);
  const printer = counter ? createProgressPrinter(io.stderr, (runId) => countsForRun(counter, runId, loadPlan(options.dir))) : undefined;
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const result = await runMigration({dir: options.dir, mode: options.mode, env: options.env ?? io.env, onEvent: printer, retry: options.retry, signal: controller.signal});
    const report = reportForRun(options.dir, result.runId);
    if (options.json) write(io.stdout, JSON.stringify({...report, ...(result.message ? {message: result.message} : {})}));
    else {
      write(io.stdout, `\n${result.mode} migration ${result.status} (run ${result.runId})\n\n${formatResultsTable(report.types)}`);
      const dirFlag = options.dir !== io.cwd ? ` --dir ${options.dir}` : '';
      if (result.status !== 'finished') write(io.stderr, `\n${result.message ?? ''}${result.hint ? `\n${result.hint}` : ''}`);
      else if (result.message) write(io.stdout, `\n${result.message}`);
      else if (Object.values(report.types).some((c) => c && c.failed > 0))
        write(io.stdout, `\nSee why records failed: ferry report --status failed --out failed.csv${dirFlag}; retry them: ferry retry --all-failed${dirFlag}`);
    }
    return result.status === 'finished' || result.status === 'cancelled' ? 0 : 1;
  } finally {
    counter?.close();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

async function retryCommand(argv: string[], io: Io): Promise<number> {
  const {values} = parse(argv, {dir: {type: 'string'}, 'all-failed': {type: 'boolean'}, ids: {type: 'string'}, json: {type: 'boolean'}});
  if (values.help) return write(io.stdout, 'ferry retry [--all-failed | --ids type:id,type:id] [--dir D] [--json]'), 0;
  if (!values['all-failed'] && !values.ids) throw new UsageError('say which records to retry: --all-failed, or --ids tickets:123,contacts:45');
  const retry = values.ids ? parseIds(String(values.ids)) : undefined;
  const dir = folderOf(values, io);
  loadPlan(dir); // says so when the folder has no plan, before anything is created there
  const journal = Journal.inFolder(dir);
  // Pending records (left half-way by a killed run) are retried with the failed ones.
  const waiting = (retry ? journal.records({ids: retry}) : [...journal.records({status: 'failed'}), ...journal.records({status: 'pending'})]).filter((r) => r.status !== 'migrated');
  const unknown = retry?.filter((id) => !journal.records({ids: [id]}).length) ?? [];
  journal.close();
  if (unknown.length) write(io.stderr, `ferry: not in the journal: ${unknown.map((id) => (id.type ? `${id.type}:${id.sourceId}` : id.sourceId)).join(', ')}`);
  if (!waiting.length) {
    write(io.stdout, retry ? 'None of those records is waiting for a retry (they are migrated or unknown).' : 'No failed or pending records to retry.');
    return unknown.length ? 2 : 0;
  }
  return executeRun({dir, mode: 'retry', json: Boolean(values.json), retry}, io);
}

export function parseIds(text: string): Array<{type?: RecordType; sourceId: string}> {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const colon = part.lastIndexOf(':');
      if (colon === -1) return {sourceId: part};
      const type = part.slice(0, colon) as RecordType;
      if (!RECORD_TYPES.includes(type)) throw new UsageError(`"${part}": "${type}" is not a record type (${RECORD_TYPES.join(', ')})`);
      return {type, sourceId: part.slice(colon + 1)};
    });
}

function statusCommand(argv: string[], io: Io): number {
  const {values} = parse(argv, {dir: {type: 'string'}, json: {type: 'boolean'}});
  const status = migrationStatus(folderOf(values, io));
  if (values.json) return write(io.stdout, JSON.stringify(status)), 0;
  const last = status.lastRun;
  write(io.stdout, `${status.plan.name}: ${status.plan.source} -> ${status.plan.target}`);
  if (!last) return write(io.stdout, 'No run yet: start one with ferry run --mode demo'), 0;
  write(io.stdout, `Last run: ${last.id} ${last.mode}, ${last.status}, started ${last.startedAt}${last.finishedAt ? `, ended ${last.finishedAt}` : ''}`);
  if (last.message) write(io.stdout, last.message);
  write(io.stdout, `\nLast run:\n${formatResultsTable(status.types)}\n\nAll runs together:\n${formatResultsTable(status.overall.types)}`);
  return 0;
}

function reportCommand(argv: string[], io: Io): number {
  const {values} = parse(argv, {dir: {type: 'string'}, status: {type: 'string'}, out: {type: 'string'}});
  const status = values.status as ReportStatus;
  if (!REPORT_STATUSES.includes(status)) throw new UsageError(`--status must be one of ${REPORT_STATUSES.join(', ')} (warnings: migrated with warnings)`);
  if (typeof values.out !== 'string') throw new UsageError('--out FILE.csv is required');
  const out = path.resolve(io.cwd, values.out);
  const count = writeReport(folderOf(values, io), status, out);
  write(io.stdout, `Wrote ${count} ${status === 'warnings' ? 'migrated-with-warnings' : status} records to ${out}`);
  return 0;
}

async function demoCommand(argv: string[], io: Io): Promise<number> {
  const {values} = parse(argv, {headless: {type: 'boolean'}, dir: {type: 'string'}, mode: {type: 'string'}, json: {type: 'boolean'}, source: {type: 'string'}, target: {type: 'string'}});
  if (values.help)
    return write(io.stdout, 'ferry demo --headless [--dir D] [--mode demo|full|delta] [--json] [--source zendesk|freshdesk] [--target freshdesk|zendesk|request-tracker]\n  request-tracker uses a Request Tracker running on this machine (RT_URL, RT_USER, RT_PASSWORD; default http://127.0.0.1:8080, root)'), 0;
  for (const side of ['source', 'target'] as const) {
    const platform = values[side];
    if (platform !== undefined && !findConnector(String(platform))) throw new UsageError(`--${side} "${platform}" is not a platform ferry knows (${connectorIds().join(', ')})`);
  }
  if (values.source === 'request-tracker') throw new UsageError('the demo account lives in an emulator: --source must be zendesk or freshdesk');
  if (!values.headless) return (await import('./console-entry.js')).openConsole(['--demo', ...argv], io);
  const mode = values.mode === undefined ? 'demo' : modeOf(values.mode, ['demo', 'full', 'delta']);
  const {runHeadlessDemo, defaultDemoDir} = await import('./demo.js');
  const dir = typeof values.dir === 'string' ? path.resolve(io.cwd, values.dir) : defaultDemoDir(io.cwd, io.env);
  return runHeadlessDemo({dir, mode, json: Boolean(values.json), source: values.source as string | undefined, target: values.target as string | undefined}, io);
}
