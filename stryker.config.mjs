// Mutation score for the policy files of the core layers (issue 13).
// Run it with `npx tsx bench/mutation.ts` (nice'd); see README "Mutation score".
// There is no ava runner for Stryker, so the command runner runs a fast unit
// subset of ava on each mutant (no loopback integration tests, no child processes).
export const unitTests = [
  'test/http.test.ts',
  'test/http-policies.test.ts',
  'test/rate-gate.test.ts',
  'test/page-loop-guard.test.ts',
  'test/journal.test.ts',
  'test/mapping.test.ts',
  'test/mapping-policies.test.ts',
  'test/plan.test.ts',
  'test/plan-validation.test.ts',
  'test/engine-policies.test.ts',
  'test/once.test.ts',
  'test/outcomes.test.ts',
  'test/network-errors.test.ts',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'command',
  // bench/mutation-tests.mjs runs, for each mutant, the files of the subset that load the mutated file.
  commandRunner: {command: 'node bench/mutation-tests.mjs'},
  coverageAnalysis: 'off',
  inPlace: false,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  concurrency: 2,
  timeoutMS: 30000,
  disableTypeChecks: false,
  // The policy code of the core layers (README "Mutation score" says what each range is).
  // Plumbing is left out: got's transport, secret masking, abortable waits, the SQL
  // schema text, row converters, the live-progress file, the writer lock, mappers.
  mutate: [
    'source/platform/http-client.ts:13-48', // isRepeatable, the status table, classifyStatus
    'source/platform/http-client.ts:154-272', // the attempt loop: retry, 429, 401 renewal, feature gates; Retry-After; live limit; backoff
    'source/platform/rate-gate.ts',
    'source/platform/budget.ts',
    'source/platform/page-loop-guard.ts',
    'source/engine/once.ts',
    'source/engine/journal.ts:104-287', // runs, records, settle, steps, checkpoints, bookmark, tally
    'source/engine/outcomes.ts',
    'source/engine/mapping.ts',
    'source/plan/plan.ts:127-280', // load, save, validation
  ],
  // Text of messages is not policy: string literals are left as they are.
  mutator: {excludedMutations: ['StringLiteral']},
  reporters: ['clear-text', 'json', 'progress'],
  jsonReporter: {fileName: 'reports/mutation/mutation.json'},
  clearTextReporter: {allowColor: false, logTests: false, reportScoreTable: true},
  ignorePatterns: ['demo-runs', '.ferry-*', 'reports', '.scratch', 'tmp'],
};
