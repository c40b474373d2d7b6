// The command line. Without a command in a terminal it opens the console; every
// operation also has a command for scripting. Exit codes: 0 the command did its
// work (failed records are reported, not fatal), 1 it stopped (credentials,
// rights, plan), 2 usage error, 3 verify found differences. Every error says what
// to do next.
import path from 'node:path';
import {formatLimitations, formatResultsTable, migrationStatus, REPORT_STATUSES, writeReport, type ReportStatus} from '../app/migration.js';
import {limitationsOf} from '../engine/outcomes.js';
import {loadPlan} from '../plan/plan.js';
import '../app/registry.js';
import {folderOf, parse, reportError, UsageError, withDir, write, type Io} from './args.js';
import {retryCommand, runCommand} from './run.js';
import {demoCommand} from './demo.js';


const USAGE = `ferry: move a help desk's data to another help desk, and referral history into Advocate.

Usage:
  ferry                                  open the console (in a terminal)
  ferry demo --headless [--fresh] [--dir D] [--mode demo|full|delta] [--source P] [--target P|request-tracker] [--json]
                                         migrate the built-in demo account (Zendesk emulator to Freshdesk emulator,
                                         or into a Request Tracker running on this machine); an earlier demo in the
                                         folder is reopened as it was left, --fresh sets it aside and starts over
  ferry check [--dir D] [--json]         connections, rights, the plan against both accounts, the preparation checklist
  ferry run --mode demo|full|delta [--demo-ids ID,ID] [--dir D] [--json]
                                         runs the same checks first and writes nothing when one fails
  ferry retry [--all-failed | --ids type:id,type:id] [--dir D] [--json]
  ferry status [--dir D] [--json]
  ferry report --status migrated|warnings|failed|skipped --out FILE.csv [--dir D] [--json]
  ferry audit [--dir D] [--json]
  ferry verify [--dir D] [--sample N] [--json]
                                         exits 3 when the target differs from the source (differences
                                         a record's notes or the target's limitations explain are
                                         listed as expected and do not count)
  ferry estimate [--dir D] [--json] [--source-tier T] [--target-tier T] [--source-rpm N] [--target-rpm N]
  ferry estimate --counts tickets=N,contacts=N,comments=N,... [--source P --target P] [tier and rpm flags] [--json]
  ferry emulate zendesk|freshdesk|helpscout|freshservice|front|intercom [--port N] [--tier NAME] [--empty|--target] [--json]
  ferry undo [--run N | --mode demo | --ids tickets:1,2] [--dry-run] [--yes] [--json] [--dir D]
                                         delete from the target what ferry created (never records it linked to)
  ferry show tickets:123 [--json] [--dir D]  one record's journey: ids and addresses, steps, notes, verify's last word
  ferry redo --ids tickets:123 [--json] [--dir D]
                                         write records ferry created again: in place where the target allows, else undone and rewritten
  ferry referral ...                     validate, convert and load referral history (ferry referral --help)

Every command prints its options with --help. Under --json a command prints one JSON object, and an error is
{"error": "<message>", "exitCode": N}.

The migration folder (--dir, default: the current folder) holds plan.json, journal.sqlite and reports.
Secrets come from environment variables or the local credential store named in plan.json, never from the plan itself.

Exit codes: 0 done (failed records are reported, not fatal), 1 stopped (credentials, rights, plan, unreachable server),
2 usage error, 3 ferry verify found differences (not counting the expected ones).`;

/** `ferry <command> --help` for the commands whose own parsing does not print one. */
const COMMAND_HELP: Record<string, string> = {
  console: 'ferry [console]\n  opens the full-screen console (needs a terminal); in a migration folder, its plan and live run',
  status: 'ferry status [--dir D] [--json]\n  the last run and every run together, per record type, read from the journal',
  report: 'ferry report --status migrated|warnings|failed|skipped --out FILE.csv [--dir D] [--json]\n  writes the records of that outcome (warnings: migrated with warnings) to a CSV file, with an outcome column',
  audit: 'ferry audit [--dir D] [--json]\n  reads both accounts, writes nothing: duplicates, empty required fields, broken references, before writing',
};

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  // Under --json an error is a JSON object too, so a script reads every answer the same way.
  const json = rest.includes('--json');
  try {
    if (command !== undefined && COMMAND_HELP[command] && (rest.includes('--help') || rest.includes('-h'))) return write(io.stdout, COMMAND_HELP[command]!), 0;
    switch (command) {
      case undefined:
      case 'console':
        return await (await import('./console.js')).openConsole(rest, io);
      case 'demo':
        return await demoCommand(rest, io);
      case 'check':
        return await (await import('./check.js')).checkCommand(rest, io);
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
        return await (await import('./estimate.js')).estimateCommand(rest, io);
      case 'emulate':
        return await (await import('./emulate.js')).emulateCommand(rest, io);
      case 'schedule':
        return await (await import('./internal.js')).scheduleCommand(rest, io);
      case 'demo-host':
        return await (await import('./internal.js')).demoHostCommand(rest, io);
      case 'referral':
        return await (await import('./referral.js')).referralCommand(rest, io);
      case 'undo':
        return await (await import('./undo.js')).undoCommand(rest, io);
      case 'show':
        return await (await import('./show.js')).showCommand(rest, io);
      case 'redo':
        return await (await import('./show.js')).redoCommand(rest, io);
      case 'help':
      case '--help':
      case '-h':
        write(io.stdout, USAGE);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    return reportError(error, io, json);
  }
}








function statusCommand(argv: string[], io: Io): number {
  const {values} = parse(argv, {dir: {type: 'string'}, json: {type: 'boolean'}});
  const dir = folderOf(values, io);
  const status = migrationStatus(dir);
  if (values.json) return write(io.stdout, JSON.stringify(status)), 0;
  const last = status.lastRun;
  write(io.stdout, `${status.plan.name}: ${status.plan.source} -> ${status.plan.target}`);
  if (!last) return write(io.stdout, withDir('No run yet: start one with ferry run --mode demo', dir, io.cwd)), 0;
  write(io.stdout, `Last run: ${last.id} ${last.mode}, ${last.status}, started ${last.startedAt}${last.finishedAt ? `, ended ${last.finishedAt}` : ''}`);
  if (last.message) write(io.stdout, withDir(last.message, dir, io.cwd));
  write(io.stdout, `\nLast run:\n${formatResultsTable(status.types)}\n\nAll runs together:\n${formatResultsTable(status.overall.types)}`);
  if (status.limitations.length) write(io.stdout, `\n${formatLimitations(status.limitations)}`);
  for (const undo of status.undos)
    write(io.stdout, `\nUndo ${undo.id} (${undo.selector}), ${undo.status}${undo.finishedAt ? ` ${undo.finishedAt}` : ''}: ${Object.entries(undo.removed).map(([type, outcomes]) => `${type} ${Object.entries(outcomes).map(([outcome, n]) => `${n} ${outcome}`).join(', ')}`).join('; ') || 'nothing removed'}`);
  return 0;
}

function reportCommand(argv: string[], io: Io): number {
  const {values} = parse(argv, {dir: {type: 'string'}, status: {type: 'string'}, out: {type: 'string'}, json: {type: 'boolean'}});
  const status = values.status as ReportStatus;
  if (!REPORT_STATUSES.includes(status)) throw new UsageError(`--status must be one of ${REPORT_STATUSES.join(', ')} (warnings: migrated with warnings)`);
  if (typeof values.out !== 'string') throw new UsageError('--out FILE.csv is required');
  const out = path.resolve(io.cwd, values.out);
  const count = writeReport(folderOf(values, io), status, out);
  const limits = limitationsOf(loadPlan(folderOf(values, io)));
  if (values.json) return write(io.stdout, JSON.stringify({status, out, records: count, limitations: limits})), 0;
  write(io.stdout, `Wrote ${count} ${status === 'warnings' ? 'migrated-with-warnings' : status} records to ${out}`);
  const limitations = formatLimitations(limits);
  if (limitations) write(io.stdout, limitations);
  return 0;
}

