// Stryker's command runner calls this once per mutant, in its sandbox (the cwd).
// It finds the mutated file (the instrumented sources name each mutant id) and
// runs only the unit test files that load that file, as bench/mutation.ts
// computed with dependency-cruiser (FERRY_MUTATION_TESTS, a JSON file:
// {all: [...], byFile: {source: [tests]}}). No active mutant (the dry run), or an
// id it cannot place: the whole unit subset.
import {readFileSync} from 'node:fs';
import {spawnSync} from 'node:child_process';

const map = JSON.parse(readFileSync(process.env.FERRY_MUTATION_TESTS, 'utf8'));
const id = process.env.__STRYKER_ACTIVE_MUTANT__;
let tests = map.all;
if (id !== undefined) {
  const marker = `stryMutAct_9fa48("${id}")`;
  const file = Object.keys(map.byFile).find((f) => readFileSync(f, 'utf8').includes(marker));
  if (file && map.byFile[file].length > 0) tests = map.byFile[file];
}
const result = spawnSync('npx', ['ava', '--fail-fast', '--concurrency=2', ...tests], {stdio: 'inherit'});
process.exit(result.status ?? 1);
