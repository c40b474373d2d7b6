// Mutation score of the core policy files (issue 13), with Stryker's command runner
// over a fast unit subset of ava (stryker.config.mjs says which files are mutated
// and which tests run). Prints the score and the surviving mutants as a table.
//   nice -n 19 npx tsx bench/mutation.ts                 full run
//   nice -n 19 npx tsx bench/mutation.ts --only source/plan/plan.ts [--only …]
//       those files again (their configured ranges); their results replace theirs in the
//       combined report, the other files keep their last results (new tests can only kill
//       more of those, so the combined score is a lower bound)
//   nice -n 19 npx tsx bench/mutation.ts --survivors [--only …]
//       only the mutants that survived in the combined report (their line ranges), after
//       new tests; killed mutants stay killed when tests are added, so this is the cheap
//       way to the score after new tests
//   npx tsx bench/mutation.ts --report [report.json]     reprint the combined report (or another)
// Reports go to reports/mutation/ (not in git): mutation.json is Stryker's last run,
// combined.json every file's latest results.
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
// @ts-expect-error: a plain .mjs config, no declarations
import config, {unitTests} from '../stryker.config.mjs';

const root = path.resolve(import.meta.dirname, '..');
const reportDir = path.join(root, 'reports/mutation');
const args = process.argv.slice(2);

type Mutant = {id: string; mutatorName: string; replacement?: string; status: string; location: {start: {line: number; column: number}; end: {line: number; column: number}}};
type Report = {files: Record<string, {source: string; mutants: Mutant[]}>};

/**
 * For each mutated file, the unit test files that load it through the core layers (a test
 * that reaches it only through source/app/, the console, does not test its policy).
 */
function testsByFile(): Record<string, string[]> {
  const out = execFileSync('npx', ['depcruise', '--no-config', '--ts-pre-compilation-deps', '--output-type', 'json', ...unitTests], {cwd: root, maxBuffer: 64 << 20});
  const modules = (JSON.parse(out.toString()) as {modules: {source: string; dependencies: {resolved: string}[]}[]}).modules;
  const bySource = new Map(modules.map((m) => [m.source, m]));
  const byFile: Record<string, string[]> = Object.fromEntries(config.mutate.map((f: string) => [f.replace(/:[\d-]+$/, ''), []]));
  for (const test of unitTests) {
    const seen = new Set<string>();
    const stack = [test];
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (seen.has(s)) continue;
      seen.add(s);
      if (s.startsWith('source/app/')) continue;
      for (const d of bySource.get(s)?.dependencies ?? []) stack.push(d.resolved);
    }
    for (const f of Object.keys(byFile)) if (seen.has(f)) byFile[f].push(test);
  }
  return byFile;
}

/** Stryker's last run merged into the combined report, file by file. */
function combine(): Report {
  const combinedFile = path.join(reportDir, 'combined.json');
  const last = JSON.parse(readFileSync(path.join(reportDir, 'mutation.json'), 'utf8')) as Report;
  const combined: Report = existsSync(combinedFile) ? JSON.parse(readFileSync(combinedFile, 'utf8')) : {files: {}};
  if (args.includes('--survivors')) {
    // Mutant by mutant: the same mutation at the same place replaces its earlier result.
    const key = (m: Mutant) => `${m.mutatorName} ${m.location.start.line}:${m.location.start.column}-${m.location.end.line}:${m.location.end.column} ${m.replacement ?? ''}`;
    for (const [file, {mutants}] of Object.entries(last.files)) {
      const again = new Map(mutants.map((m) => [key(m), m]));
      const earlier = combined.files[file];
      if (!earlier) continue;
      earlier.mutants = earlier.mutants.map((m) => {
        const now = again.get(key(m));
        return now ? {...m, status: now.status} : m;
      });
    }
  } else Object.assign(combined.files, last.files);
  writeFileSync(combinedFile, JSON.stringify(combined));
  return combined;
}

function printReport(report: Report): number {
  const rows: string[][] = [];
  const count = {killed: 0, survived: 0, timeout: 0, noCoverage: 0, invalid: 0};
  const perFile: string[][] = [];
  for (const [file, {source, mutants}] of Object.entries(report.files)) {
    const lines = source.split('\n');
    let detected = 0;
    let undetected = 0;
    for (const m of mutants) {
      if (m.status === 'Killed') count.killed++, detected++;
      else if (m.status === 'Timeout') count.timeout++, detected++;
      else if (m.status === 'Survived') count.survived++, undetected++;
      else if (m.status === 'NoCoverage') count.noCoverage++, undetected++;
      else count.invalid++;
      if (m.status === 'Survived' || m.status === 'NoCoverage') {
        const line = m.location.start.line;
        rows.push([`${file}:${line}`, m.mutatorName, (m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 50), lines[line - 1].trim().slice(0, 60)]);
      }
    }
    perFile.push([file, String(detected), String(undetected), pct(detected, detected + undetected)]);
  }
  const detected = count.killed + count.timeout;
  const undetected = count.survived + count.noCoverage;
  console.log(table(['surviving mutant', 'mutator', 'replacement', 'original line'], rows));
  console.log();
  console.log(table(['file', 'killed', 'survived', 'score'], perFile));
  console.log();
  console.log(`Mutants: ${detected + undetected} (killed ${count.killed}, timed out ${count.timeout}, survived ${count.survived}, no coverage ${count.noCoverage}; invalid ${count.invalid})`);
  console.log(`Mutation score: ${pct(detected, detected + undetected)}`);
  return detected / Math.max(1, detected + undetected);
}

const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

if (!args.includes('--report')) {
  mkdirSync(reportDir, {recursive: true});
  const mapFile = path.join(reportDir, 'tests-by-file.json');
  writeFileSync(mapFile, JSON.stringify({all: unitTests, byFile: testsByFile()}, null, 2));
  const only = args.flatMap((arg, i) => (args[i - 1] === '--only' ? [arg] : []));
  let mutate: string[] = config.mutate.filter((entry: string) => only.length === 0 || only.includes(entry.replace(/:[\d-]+$/, '')));
  if (args.includes('--survivors')) {
    const combined = JSON.parse(readFileSync(path.join(reportDir, 'combined.json'), 'utf8')) as Report;
    const ranges = new Set<string>();
    for (const [file, {mutants}] of Object.entries(combined.files)) {
      if (only.length && !only.includes(file)) continue;
      // A survivor spanning a long block (a whole function emptied) would bring every mutant
      // inside it along: those keep their earlier result (the score stays a lower bound).
      for (const m of mutants)
        if ((m.status === 'Survived' || m.status === 'NoCoverage') && m.location.end.line - m.location.start.line <= 5)
          ranges.add(`${file}:${m.location.start.line}:${Math.max(0, m.location.start.column - 1)}-${m.location.end.line}:${m.location.end.column}`); // report columns count from 1, ranges from 0
    }
    mutate = [...ranges];
  }
  if (mutate.length === 0) throw new Error(`--only ${only.join(', ')}: not among the mutated files of stryker.config.mjs`);
  const started = Date.now();
  const run = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs', ...(only.length || args.includes('--survivors') ? ['--mutate', mutate.join(',')] : [])], {cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: {...process.env, FERRY_MUTATION_TESTS: mapFile}});
  console.log(`\nStryker took ${((Date.now() - started) / 60000).toFixed(1)} min`);
  if (run.status !== 0) process.exit(run.status ?? 1);
}
const reportFile = args[args.indexOf('--report') + 1] ?? path.join(reportDir, 'combined.json');
printReport(args.includes('--report') ? JSON.parse(readFileSync(reportFile, 'utf8')) : combine());
