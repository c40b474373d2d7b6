// Stryker's command runner calls this once per mutant, in its sandbox (the cwd).
// It finds the mutated file (the instrumented sources name each mutant id) and
// runs only the unit test files that load that file, as bench/mutation.ts
// computed with dependency-cruiser (FERRY_MUTATION_TESTS, a JSON file:
// {all: [...], byFile: {source: [tests]}}). No active mutant (the dry run), or an
// id it cannot place: the whole unit subset. A file no unit test loads: the mutant survives.
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {spawnSync} from 'node:child_process';

const map = JSON.parse(readFileSync(process.env.FERRY_MUTATION_TESTS, 'utf8'));
const id = process.env.__STRYKER_ACTIVE_MUTANT__;
let tests = map.all;
if (id !== undefined) {
  const marker = `stryMutAct_9fa48("${id}")`;
  const file = Object.keys(map.byFile).find((f) => readFileSync(f, 'utf8').includes(marker));
  if (file) tests = map.byFile[file];
}
// No unit test loads the mutated file: nothing can kill the mutant.
if (tests.length === 0) process.exit(0);
// ava's own entry point, not npx: half a second less per mutant. The sandbox has no
// node_modules of its own; like Node, look in the folders above it.
// If node_modules is missing (someone reinstalling it under a shared checkout), wait for it:
// a test run that cannot start must not count the mutant as killed.
const findAva = () => {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules/ava/entrypoints/cli.mjs')) && existsSync(path.join(dir, 'node_modules/tsx/package.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
};
let dir = findAva();
for (let waited = 0; !dir && waited < 600; waited += 5) {
  spawnSync('sleep', ['5']);
  dir = findAva();
}
if (!dir) {
  // Stryker's command runner knows only pass or fail: stop the whole run instead of lying.
  console.error('node_modules/ava is missing: the mutation run is not valid; stopping Stryker.');
  process.kill(process.ppid, 'SIGTERM');
  process.exit(1);
}
const result = spawnSync(process.execPath, [path.join(dir, 'node_modules/ava/entrypoints/cli.mjs'), '--fail-fast', '--concurrency=2', ...tests], {stdio: 'inherit'});
process.exit(result.status ?? 1);
