// `ferry referral validate|convert|load|catch-up`: the same engine as the console
// screens, for scripts. Exit codes: 0 ok, 1 the files have stopping errors (or
// invalid rows, for validate) or the load failed, 2 usage.
import fs from 'node:fs';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {openAdvocateClient} from '../app/advocate.js';
import {maskSecrets} from '../contracts/errors.js';
import {isValidTimeZone} from '../referral/convert.js';
import {runImport, type RunOptions, type RunResult} from '../referral/engine.js';
import {IMPORT_TYPES, type ImportType} from '../referral/fields.js';
import {loadOutputs, type LoadedFile} from '../referral/load.js';
import {LOAD_JOURNAL_FILE, LoadJournal} from '../referral/load-journal.js';
import {takeWriterLock} from '../engine/writer-lock.js';
import {PRESETS, findPreset, readMappingFile, type MappingFile} from '../referral/mapping.js';
import {loadPrevious} from '../referral/previous.js';
import {formatSummary, summaryJson} from '../referral/report.js';

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

const COMMON = `Files (any may be left out):
  --users FILE          users export (CSV; UTF-8/16 or Windows-1252; , ; or tab)
  --referrals FILE      referrals export
  --rewards FILE        rewards export
Mapping and conversion:
  --preset NAME         ${PRESETS.map((p) => p.name).join(' | ')}
  --mapping FILE.json   saved mapping: {"users":{"columns":{"id":"Header"},"customFields":{}}, "options":{...}}
  --date-format PATTERN locale dates, e.g. DD/MM/YYYY or MM/DD/YYYY HH:mm
  --time-zone ZONE      IANA zone for dates without an offset (default UTC)
  --currency ISO        currency for amounts without one (gives unit CASH/ISO)
  --major-units         plain amounts are major units (10 = $10.00 = 1000)
  --minor-units         plain amounts are in the smallest unit (1000 = $10.00); without
                        either, a column mixing 25 and $1,234.56 stops with an alert
  --program-id ID       Advocate program for referral history (default referral-program)
  --delimiter CHAR      override the detected delimiter (use "\\t" for tab)
  --exclude COL=REGEX   leave out rows whose column matches, e.g. "Advocate Type=^affiliate$"
                        (affiliates, so no one is rewarded twice); repeatable
  --json                print the summary as JSON`;

const HELP: Record<string, string> = {
  main: `Usage: ferry referral <command> [options]

Bring a referral program's users, referrals and rewards into Advocate (formerly SaaSquatch).

Commands:
  validate   check the files and list what Advocate would reject
  convert    write Advocate-ready files, an error report and a summary
  load       convert, then import through Advocate's bulk import API
  catch-up   convert (and load) a later export without what was loaded before

Run "ferry referral <command> --help" for its options.`,
  validate: `Usage: ferry referral validate [options]

Checks every row and the links between files. Exits 1 when a file cannot be read
or any row is invalid.

${COMMON}
  --out DIR             also write errors.csv (every issue) and summary.json there
  --limit N             issues listed on screen (default 20; the report has all)`,
  convert: `Usage: ferry referral convert --out DIR [options]

Writes Advocate files (split at --max-rows), errors.csv, summary.json and keys.txt
(for a later catch-up). Rows with errors are left out and listed in errors.csv.
Exits 1 only when a file has a stopping error.

${COMMON}
  --out DIR             output folder (required)
  --format csv|jsonl    output format (default csv)
  --types LIST          import types, comma-separated: ${IMPORT_TYPES.join(', ')}
  --max-rows N          rows per output file (default 500000, Advocate's limit)
  --event-key KEY       event key for userEvents (default referral_converted)
  --preserve-empty-accounts, --do-not-track   options for deleteUsers
  --limit N             issues listed on screen (default 20)`,
  load: `Usage: ferry referral load --out DIR --tenant ALIAS [options]

Converts, then imports each file through Advocate's bulk import API with webhooks,
program rules and analytics switched off, polls the jobs and shows their error files.
The API key is read from the environment variable FERRY_ADVOCATE_API_KEY.
Exits 1 when a file has a stopping error or Advocate rejects rows.

  --tenant ALIAS        tenant alias (Settings › General › Tenant details)
  --base-url URL        API base (default https://app.referralsaasquatch.com)
  --poll-ms N           job polling interval (default 2000)
(plus every convert option)`,
  'catch-up': `Usage: ferry referral catch-up --previous DIR --out DIR [options]

Imports what happened between the old platform's shutdown and go-live from a second
export, leaving out every user, referral and reward an earlier run already produced.

  --previous DIR        --out folder of an earlier convert/load/catch-up (repeatable)
  --load                also load into Advocate (needs --tenant, FERRY_ADVOCATE_API_KEY)
(plus every convert and load option)`,
};

const OPTIONS = {
  users: {type: 'string'},
  referrals: {type: 'string'},
  rewards: {type: 'string'},
  preset: {type: 'string'},
  mapping: {type: 'string'},
  'date-format': {type: 'string'},
  'time-zone': {type: 'string'},
  currency: {type: 'string'},
  'major-units': {type: 'boolean'},
  'minor-units': {type: 'boolean'},
  'program-id': {type: 'string'},
  delimiter: {type: 'string'},
  out: {type: 'string'},
  format: {type: 'string'},
  types: {type: 'string'},
  'max-rows': {type: 'string'},
  'event-key': {type: 'string'},
  'preserve-empty-accounts': {type: 'boolean'},
  'do-not-track': {type: 'boolean'},
  tenant: {type: 'string'},
  'base-url': {type: 'string'},
  'poll-ms': {type: 'string'},
  previous: {type: 'string', multiple: true},
  exclude: {type: 'string', multiple: true},
  load: {type: 'boolean'},
  limit: {type: 'string'},
  json: {type: 'boolean'},
  help: {type: 'boolean', short: 'h'},
} as const;

class UsageError extends Error {}

export async function referralCommand(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  const write = (stream: NodeJS.WritableStream, text: string) => stream.write(text.endsWith('\n') ? text : text + '\n');
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    write(io.stdout, HELP.main!);
    return command ? 0 : 2;
  }
  if (!HELP[command] || command === 'main') {
    write(io.stderr, `Unknown command "${command}".\n\n${HELP.main}`);
    return 2;
  }
  const apiKey = io.env.FERRY_ADVOCATE_API_KEY;
  try {
    const {values} = parseArgs({args: rest, options: OPTIONS, strict: true, allowPositionals: false});
    if (values.help) {
      write(io.stdout, HELP[command]!);
      return 0;
    }
    const wantsLoad = command === 'load' || (command === 'catch-up' && values.load === true);
    if (wantsLoad) {
      if (!values.tenant) throw new UsageError('--tenant is required to load');
      if (!apiKey) throw new UsageError('set the API key in the environment variable FERRY_ADVOCATE_API_KEY (it is never taken as a flag)');
      // An earlier load that a kill interrupted: ask Advocate what became of its open job before counting what it loaded.
      for (const dir of (values.previous as string[] | undefined) ?? []) {
        if (!fs.existsSync(path.join(dir, LOAD_JOURNAL_FILE))) continue;
        const journal = LoadJournal.inFolder(dir);
        try {
          if (journal.openJobs().length) await loadOutputs([], openAdvocateClient({tenant: values.tenant, apiKey, baseUrl: values['base-url']}), {journal, pollMs: values['poll-ms'] ? positiveInt(values['poll-ms'], '--poll-ms') : 2000});
        } finally {
          journal.close();
        }
      }
    }
    const run = await buildRunOptions(command, values);
    // The folder's writer lock before anything is written there: a second load would rewrite the files the first is sending.
    const journal = wantsLoad ? LoadJournal.inFolder(values.out!) : undefined;
    const release = journal ? takeWriterLock(journal, `ferry referral ${command}`) : undefined;
    try {
      const result = await runImport(run);
      const limit = values.limit !== undefined ? positiveInt(values.limit, '--limit', true) : 20;
      let loaded: LoadedFile[] | undefined;
      let counts: ReturnType<LoadJournal['counts']> | undefined;
      let rejected: ReturnType<LoadJournal['rejected']> | undefined;
      const stopping = result.hasStoppingErrors;
      if (wantsLoad && !stopping && result.outputs.length) {
        const client = openAdvocateClient({tenant: values.tenant!, apiKey: apiKey!, baseUrl: values['base-url']});
        if (!values.json) write(io.stdout, formatSummary(result, limit) + '\n\nLoading into Advocate…');
        const killAt = io.env.FERRY_TEST_KILL_AFTER_JOB_ACCEPTED;
        loaded = await loadOutputs(result.outputs, client, {
          journal: journal!,
          pollMs: values['poll-ms'] ? positiveInt(values['poll-ms'], '--poll-ms') : 2000,
          onProgress: values.json ? undefined : (p) => write(io.stderr, `  ${p.jobType} ${path.basename(p.file)}: ${p.status} ${p.recordsProcessed}/${p.total}${p.errors ? `, ${p.errors} errors` : ''}`),
          // Tests only: die after Advocate accepted a job and before its id is journalled.
          afterJobAccepted: killAt ? (type) => void (killAt.split(',').includes(type) && process.kill(process.pid, 'SIGKILL')) : undefined,
        });
        counts = journal!.counts();
        rejected = journal!.rejected(limit);
      }
      if (values.json) write(io.stdout, JSON.stringify({...summaryJson(result), issues: result.issues.slice(0, limit), issuesLeftOut: result.totalIssues - Math.min(limit, result.issues.length), load: loaded, loadJournal: counts && {counts, rejected}}, null, 2));
      else if (loaded) write(io.stdout, formatLoad(loaded, counts ?? {}, rejected ?? []));
      else write(io.stdout, formatSummary(result, limit));
      return exitCode(command, result, loaded, counts);
    } finally {
      release?.();
      journal?.close();
    }
  } catch (error) {
    const message = maskSecrets((error as Error).message, [apiKey]);
    const usage = error instanceof UsageError || Boolean((error as {code?: string}).code?.startsWith('ERR_PARSE_ARGS'));
    // Under --json an error is one object on stdout, as for every ferry command.
    if (rest.includes('--json')) {
      const hint = (error as {hint?: string}).hint;
      write(io.stdout, JSON.stringify({error: message, exitCode: usage ? 2 : 1, ...(hint ? {hint} : {})}));
      return usage ? 2 : 1;
    }
    if (usage) {
      write(io.stderr, `${message}\n\n${HELP[command]}`);
      return 2;
    }
    const hint = (error as {hint?: string}).hint;
    write(io.stderr, `ferry referral ${command}: ${message}${hint ? `\n${hint}` : ''}`);
    return 1;
  }
}

function exitCode(command: string, result: RunResult, loaded: LoadedFile[] | undefined, counts: ReturnType<LoadJournal['counts']> | undefined): number {
  if (result.hasStoppingErrors) return 1;
  if (command === 'validate' && Object.values(result.files).some((file) => file.invalid > 0)) return 1;
  if (loaded?.some((file) => file.status !== 'COMPLETED' && file.status !== 'NOTHING_TO_SEND')) return 1;
  // Rows Advocate rejected (in this run or an earlier one) and not loaded since: the load is not done.
  if (counts && Object.values(counts).some((c) => c.rejected + c.failed + c.queued > 0)) return 1;
  return 0;
}

async function buildRunOptions(command: string, values: Record<string, string | boolean | string[] | undefined>): Promise<RunOptions> {
  const str = (name: string) => values[name] as string | undefined;
  const files = {users: str('users'), referrals: str('referrals'), rewards: str('rewards')};
  if (!files.users && !files.referrals && !files.rewards) throw new UsageError('give at least one of --users, --referrals, --rewards');
  if (str('preset') && !findPreset(str('preset'))) throw new UsageError(`unknown preset "${str('preset')}"; presets: ${PRESETS.map((p) => p.name).join(', ')}`);
  if (str('time-zone') && !isValidTimeZone(str('time-zone')!)) throw new UsageError(`"${str('time-zone')}" is not an IANA time zone (e.g. Europe/Paris)`);
  if (str('currency') && !/^[A-Z]{3}$/.test(str('currency')!)) throw new UsageError('--currency is a three-letter ISO code such as USD');
  const format = str('format') ?? 'csv';
  if (format !== 'csv' && format !== 'jsonl') throw new UsageError('--format is csv or jsonl');
  const needsOut = command !== 'validate';
  if (needsOut && !str('out')) throw new UsageError('--out DIR is required');
  let types: ImportType[] | undefined;
  if (str('types')) {
    types = str('types')!.split(',').map((t) => t.trim()) as ImportType[];
    const unknown = types.filter((t) => !IMPORT_TYPES.includes(t));
    if (unknown.length) throw new UsageError(`unknown import type ${unknown.join(', ')}; types: ${IMPORT_TYPES.join(', ')}`);
  }
  let mappingFile: MappingFile | undefined;
  if (str('mapping')) {
    try {
      mappingFile = readMappingFile(str('mapping')!);
    } catch (error) {
      throw new UsageError(`--mapping: ${(error as Error).message}`);
    }
  }
  for (const rule of (values.exclude as string[] | undefined) ?? []) {
    const cut = rule.indexOf('=');
    if (cut < 1) throw new UsageError(`--exclude takes COLUMN=REGEX, got "${rule}"`);
    const [column, pattern] = [rule.slice(0, cut), rule.slice(cut + 1)];
    try {
      new RegExp(pattern, 'i');
    } catch {
      throw new UsageError(`--exclude: "${pattern}" is not a regular expression`);
    }
    mappingFile ??= {};
    for (const kind of ['users', 'referrals', 'rewards'] as const) {
      const current = mappingFile[kind] ?? {};
      mappingFile[kind] = {...current, excludeRules: [...(current.excludeRules ?? []), {column, pattern, reason: `--exclude ${rule}`}]};
    }
  }
  const previousDirs = (values.previous as string[] | undefined) ?? [];
  if (command === 'catch-up' && !previousDirs.length) throw new UsageError('--previous DIR is required for catch-up');
  let previous;
  if (previousDirs.length) {
    try {
      previous = await loadPrevious(previousDirs);
    } catch (error) {
      throw new UsageError(`--previous: ${(error as Error).message}`);
    }
  }
  if (values['major-units'] && values['minor-units']) throw new UsageError('--major-units and --minor-units cannot both be given');
  const delimiter = str('delimiter') === '\\t' || str('delimiter') === 'tab' ? '\t' : str('delimiter');
  return {
    files,
    importTypes: types,
    preset: str('preset'),
    mappingFile,
    conversion: {dateFormat: str('date-format'), timeZone: str('time-zone'), defaultCurrency: str('currency'), majorUnits: values['major-units'] === true ? true : values['minor-units'] === true ? false : undefined, programId: str('program-id')} as RunOptions['conversion'],
    outDir: needsOut ? str('out') : undefined,
    reportDir: str('out'),
    format,
    maxRowsPerFile: str('max-rows') ? positiveInt(str('max-rows')!, '--max-rows') : undefined,
    eventKey: str('event-key'),
    deleteUsers: {preserveEmptyAccounts: values['preserve-empty-accounts'] === true, doNotTrack: values['do-not-track'] === true},
    delimiter,
    previous,
  };
}

function positiveInt(text: string, flag: string, zeroAllowed = false): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < (zeroAllowed ? 0 : 1)) throw new UsageError(`${flag} takes a ${zeroAllowed ? 'non-negative' : 'positive'} whole number`);
  return value;
}

export function formatLoad(loaded: LoadedFile[], counts: ReturnType<LoadJournal['counts']>, rejected: ReturnType<LoadJournal['rejected']>): string {
  const lines = ['', 'Advocate jobs:'];
  for (const file of loaded) {
    const what = file.status === 'NOTHING_TO_SEND' ? `all ${file.alreadyLoaded ?? 0} rows loaded by an earlier job` : `${String(file.recordsProcessed).padStart(7)} processed, ${file.errors} errors${file.alreadyLoaded ? `, ${file.alreadyLoaded} rows left out (loaded before)` : ''}`;
    lines.push(`  ${file.output.jobType.padEnd(28)} ${file.status.padEnd(9)} ${what}  ${path.basename(file.output.path)}${file.resumed ? ' (sent by an interrupted run; settled now)' : ''}`);
    if (file.note) lines.push(`      note: ${file.note}`);
  }
  lines.push('', 'In Advocate, by the load journal (load-journal.sqlite):');
  for (const [type, c] of Object.entries(counts)) lines.push(`  ${type.padEnd(16)} ${c.loaded} loaded, ${c.rejected} rejected by Advocate${c.failed ? `, ${c.failed} not loaded (job refused or aborted)` : ''}${c.queued ? `, ${c.queued} in a job not settled` : ''}`);
  if (rejected.length) {
    lines.push('', 'Rows Advocate rejected (the next load sends only these and rows not loaded yet):');
    for (const row of rejected.slice(0, 10)) lines.push(`  ${row.importType} ${row.reason}: ${row.line ?? row.rowKey}`);
    if (rejected.length > 10) lines.push(`  … and more in load-journal.sqlite (ferry referral load --json lists ${rejected.length})`);
  }
  return lines.join('\n');
}
