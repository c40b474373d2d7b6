// ferry run and ferry retry: a migration in this process, its progress on stderr, its
// results (journal counts) on stdout.
import {formatLimitations, formatResultsTable, reportForRun, runMigration} from '../app/migration.js';
import {Journal, type RunMode} from '../engine/journal.js';
import {loadPlan, validatePlan, type Plan} from '../plan/plan.js';
import {RECORD_TYPES, type RecordType} from '../contracts/model.js';
import {countsForRun, retryOutcome, retryOutcomeText} from '../engine/outcomes.js';
import {createProgressPrinter} from './progress-printer.js';
import {folderOf, modeOf, parse, UsageError, withDir, write, type Io} from './args.js';

export async function runCommand(argv: string[], io: Io): Promise<number> {
  const {values} = parse(argv, {mode: {type: 'string'}, dir: {type: 'string'}, json: {type: 'boolean'}, 'demo-ids': {type: 'string'}});
  if (values.help)
    return write(io.stdout, 'ferry run --mode demo|full|delta [--demo-ids ID,ID] [--dir D] [--json]\n  --demo-ids  a demo of these source tickets instead of the first ones (plan.json demo.ticketIds); the run checks each exists first'), 0;
  const mode = modeOf(values.mode, ['demo', 'full', 'delta']);
  const dir = folderOf(values, io);
  let plan: Plan | undefined;
  if (typeof values['demo-ids'] === 'string') {
    if (mode !== 'demo') throw new UsageError('--demo-ids goes with --mode demo');
    const ticketIds = values['demo-ids'].split(',').map((id) => id.trim()).filter(Boolean);
    if (!ticketIds.length) throw new UsageError('--demo-ids names source ticket ids, comma separated (e.g. --demo-ids 101,205)');
    const saved = loadPlan(dir);
    plan = validatePlan({...saved, demo: {...saved.demo, ticketIds}});
  }
  return executeRun({dir, mode, json: Boolean(values.json), ...(plan ? {plan} : {})}, io);
}

export async function executeRun(options: {dir: string; mode: RunMode; json: boolean; retry?: Array<{type?: RecordType; sourceId: string}>; env?: NodeJS.ProcessEnv; plan?: Plan}, io: Io): Promise<number> {
  // The log's per-type lines read the journal, as every screen and report does.
  const counter = options.json ? undefined : Journal.inFolder(options.dir);
  const printer = counter ? createProgressPrinter(io.stderr, (runId) => countsForRun(counter, runId, loadPlan(options.dir))) : undefined;
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const result = await runMigration({dir: options.dir, mode: options.mode, env: options.env ?? io.env, onEvent: printer, retry: options.retry, signal: controller.signal, ...(options.plan ? {plan: options.plan} : {})});
    const report = reportForRun(options.dir, result.runId);
    // A retry says what became of the records asked for, apart from those they pulled in (as the console's Failures does).
    const retried = options.mode === 'retry' ? retryOutcomeOf(options.dir, result.runId) : undefined;
    const exitCode = result.status === 'finished' || result.status === 'cancelled' ? 0 : 1;
    // A run that stopped is an error under --json too: {error, exitCode} beside the counts.
    if (options.json) write(io.stdout, JSON.stringify({...report, ...(retried ? {retried} : {}), ...(result.message ? {message: result.message} : {}), ...(exitCode ? {error: [result.message, result.hint].filter(Boolean).join('\n'), exitCode} : {})}));
    else {
      write(io.stdout, `\n${result.mode} migration ${result.status} (run ${result.runId})\n\n${formatResultsTable(report.types)}`);
      if (report.limitations.length) write(io.stdout, `\n${formatLimitations(report.limitations)}`);
      if (retried) write(io.stdout, `\n${retryOutcomeText(retried)}.`);
      // Every command a hint names carries --dir when the folder is not the current one.
      const hint = (text: string) => withDir(text, options.dir, io.cwd);
      if (result.status !== 'finished') write(io.stderr, hint(`\n${result.message ?? ''}${result.hint ? `\n${result.hint}` : ''}`));
      else if (result.message) write(io.stdout, hint(`\n${result.message}`));
      else if (Object.values(report.types).some((c) => c && c.failed > 0)) write(io.stdout, hint('\nSee why records failed: ferry report --status failed --out failed.csv; retry them: ferry retry --all-failed'));
    }
    return exitCode;
  } finally {
    counter?.close();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

export async function retryCommand(argv: string[], io: Io): Promise<number> {
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

function retryOutcomeOf(dir: string, runId: number) {
  const journal = Journal.inFolder(dir);
  try {
    return retryOutcome(journal, runId);
  } finally {
    journal.close();
  }
}
