import test from 'ava';
import React, {useState} from 'react';
// ink colours through chalk, which ava has already loaded without a TTY: turn colour on
// so red rows can be asserted by their ANSI codes (chalk comes with ink).
import chalk from 'chalk';
import type {ReferralActions} from '../source/referral/actions.js';
import type {AdvocateTarget} from '../source/app/console/referral-state.js';
import type {PreviewRow, RunResult} from '../source/referral/engine.js';
import type {Issue} from '../source/referral/fields.js';
import {autoMap} from '../source/referral/mapping.js';
import {createReferralActions} from '../source/referral/actions.js';
import {openAdvocateClient} from '../source/app/advocate.js';
import {demoReferralFiles} from '../source/referral/index.js';
import {startAdvocateEmulator} from '../connectors/advocate/emulator.js';
import {tempDir} from './referral-helpers.js';
import type {ListNav} from '../views/list-nav.js';
import {previewNav} from '../views/referral/preview-nav.js';

chalk.level = 1;
const {render} = await import('ink-testing-library');
const {PreviewTable} = await import('../views/referral/PreviewTable.js');
const {renderReferral} = await import('./console-helpers.js');
const {MapColumns} = await import('../views/referral/MapColumns.js');

const DOWN = '\u001B[B';
const ENTER = '\r';
const RED = '\u001B[31m';

async function waitFor(check: () => boolean, describe = () => '', {timeoutMs = 3000, settleMs = 30} = {}) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`waitFor: timed out\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await new Promise((resolve) => setTimeout(resolve, settleMs)); // let useInput re-subscribe
}

const issue = (row: number, field: string, column: string, code: Issue['code'], message: string): Issue => ({file: 'users', row, line: row + 1, column, field, code, severity: 'error', message, value: 'x'});

const ROWS: PreviewRow[] = [
  {row: 1, line: 2, cells: {id: 'ana@example.com', email: 'ana@example.com', locale: 'en_US'}, issues: []},
  {row: 2, line: 3, cells: {id: 'bob@example.com', email: 'bob@example.com', locale: 'klingon'}, issues: [issue(2, 'locale', 'Locale', 'INVALID_LOCALE', '"klingon" is not a locale like en_US')]},
  {row: 3, line: 4, cells: {id: 'cy@example.com', email: 'cy@example.com', locale: 'fr_FR'}, issues: []},
];

function Harness({rows}: {rows: PreviewRow[]}) {
  const [nav, setNav] = useState<ListNav | undefined>();
  return (
    <PreviewTable
      kind="users"
      kinds={['users']}
      columns={['id', 'email', 'locale']}
      rows={rows}
      nav={nav}
      progress={{kind: 'users', rowsRead: 1500, valid: 1400, invalid: 100, done: false}}
      issues={[rows[1]!.issues[0]!]}
      issuesLeftOut={99}
      width={120}
      onNav={(action) => setNav((now) => previewNav(now, rows, 12, action))}
      onSwitchFile={() => {}}
      onNext={() => {}}
      onBack={() => {}}
    />
  );
}

test('the preview marks bad rows in red with ✗, the failing cell, and a live count', async (t) => {
  const view = render(<Harness rows={ROWS} />);
  t.teardown(() => view.unmount());
  const frame = view.lastFrame()!;
  const lines = frame.split('\n');
  const bad = lines.find((line) => line.includes('bob@example.com'))!;
  const good = lines.find((line) => line.includes('cy@example.com'))!;
  t.true(bad.includes(RED), 'the bad row is red');
  t.true(bad.includes('✗'), 'and starts with ✗');
  t.true(bad.includes('✗klingon'), 'the failing cell is marked');
  t.false(good.includes(RED));
  t.regex(frame, /Validating… users: 1,500 rows read · 1,400 valid · .*100 invalid/);
  t.regex(frame, /… and 99 more/);
  t.regex(frame, /Row 1: ready for Advocate/);
});

test('↓ moves the selection and shows the selected row’s reason', async (t) => {
  const view = render(<Harness rows={ROWS} />);
  t.teardown(() => view.unmount());
  await new Promise((resolve) => setTimeout(resolve, 30));
  view.stdin.write(DOWN);
  await waitFor(() => view.lastFrame()!.includes('INVALID_LOCALE: "klingon"'), () => view.lastFrame()!);
  t.regex(view.lastFrame()!, /Row 2 \(line 3\) \[Locale\] INVALID_LOCALE/);
  view.stdin.write(DOWN);
  await waitFor(() => view.lastFrame()!.includes('Row 3: ready'), () => view.lastFrame()!);
  view.stdin.write(DOWN + DOWN); // keys arriving together still each count (and stop at the end)
  await new Promise((resolve) => setTimeout(resolve, 60));
  t.regex(view.lastFrame()!, /Row 3: ready/);
  view.stdin.write('\u001B[A\u001B[A');
  await waitFor(() => view.lastFrame()!.includes('Row 1: ready'), () => view.lastFrame()!);
});

function fakeActions(log: string[]): ReferralActions & {advocate?: AdvocateTarget} {
  const headers = ['Email', 'First Name', 'Locale'];
  const result = (written: boolean): RunResult => ({
    files: {users: {kind: 'users', path: 'users.csv', status: 'ok', rowsRead: 3, valid: 2, invalid: 1, filtered: 0, alreadyLoaded: 0, warnings: 0, byCode: {INVALID_LOCALE: 1}, notes: [], headers, formulaLike: {count: 0, first: []}}},
    issues: [ROWS[1]!.issues[0]!],
    totalIssues: 1,
    issuesLeftOut: 0,
    byCode: {INVALID_LOCALE: 1},
    outputs: written ? [{importType: 'users', jobType: 'MUTATION/USER', path: '/out/users-001.csv', rows: 2}] : [],
    reportPath: '/out/errors.csv',
    hasStoppingErrors: false,
  });
  return {
    presets: [],
    outDir: '/out',
    loadTarget: 'test_ferry (API key ••••)',
    advocate: {tenant: 'test_ferry', keyFrom: 'environment'},
    async inspect(kind, file) {
      log.push(`inspect ${kind} ${file}`);
      return {ok: true, headers, mapping: autoMap(kind, headers), notes: []};
    },
    async validate(request, callbacks) {
      log.push(`validate ${Object.keys(request.mappings).join(',')}`);
      callbacks.onPreview?.('users', ROWS);
      callbacks.onProgress?.({kind: 'users', rowsRead: 3, valid: 2, invalid: 1, done: true});
      return result(false);
    },
    async write(request) {
      log.push(`write ${request.importTypes.join(',')}`);
      return result(true);
    },
    async load(outputs, onProgress) {
      log.push(`load ${outputs.length}`);
      onProgress({file: '/out/users-001.csv', jobType: 'MUTATION/USER', status: 'PENDING', recordsProcessed: 1, total: 2, errors: 0});
      return [{output: outputs[0]!, jobId: 'j1', status: 'COMPLETED', recordsProcessed: 2, errors: 1, errorRows: [{row: 2, message: 'User bob@example.com not found'}], note: 'not checked before the job'}];
    },
  };
}

test('the flow goes Choose files → Map columns → Preview → Write → Load through the actions', async (t) => {
  const log: string[] = [];
  const view = renderReferral(fakeActions(log), {users: '/data/users.csv'}, {width: 120, height: 40}).view;
  t.teardown(() => view.unmount());
  const frame = () => view.lastFrame() ?? '';
  await waitFor(() => frame().includes('Choose the legacy exports'), frame);
  t.regex(frame(), /\[x\] Users/);
  view.stdin.write('G'); // the list's last row: Continue
  await waitFor(() => /› Continue/.test(frame()), frame);
  view.stdin.write(ENTER);
  await waitFor(() => frame().includes('Map columns'), frame);
  t.regex(frame(), /id \*\s+← Email/);
  t.deepEqual(log, ['inspect users /data/users.csv']);
  view.stdin.write(ENTER);
  await waitFor(() => frame().includes('Preview'), frame);
  t.true(frame().includes('✗'));
  t.regex(frame(), /Checked users: 3 rows read/);
  view.stdin.write(ENTER);
  await waitFor(() => frame().includes('MUTATION/USER'), frame);
  t.regex(frame(), /l load into Advocate: test_ferry \(API key ••••, from FERRY_ADVOCATE_API_KEY\)/);
  view.stdin.write('l');
  await waitFor(() => frame().includes('COMPLETED'), frame);
  t.regex(frame(), /row 2: User bob@example.com not found/);
  t.regex(frame(), /users-001\.csv: not checked before the job/, 'a load note is shown');
  t.deepEqual(log, ['inspect users /data/users.csv', 'validate users', 'write users', 'load 1']);
});

test('Map columns: →/← choose another column for the selected field; a missing required field is red', async (t) => {
  const changes: Array<[string, string | undefined]> = [];
  const headers = ['Email', 'Member No'];
  const mapping = autoMap('users', headers);
  delete mapping.columns.accountId;
  const view = render(
    <MapColumns kind="users" kinds={['users']} headers={headers} mapping={mapping} notes={[]} presets={[]} width={100} onChange={(field, header) => changes.push([field, header])} onPreset={() => {}} onSwitchFile={() => {}} onNext={() => {}} onBack={() => {}} />,
  );
  t.teardown(() => view.unmount());
  const frame = view.lastFrame()!;
  const accountLine = frame.split('\n').find((line) => line.includes('accountId *'))!;
  t.true(accountLine.includes(RED));
  t.regex(frame, /MISSING_HEADER: map accountId/);
  await new Promise((resolve) => setTimeout(resolve, 30));
  view.stdin.write('\u001B[C');
  await waitFor(() => changes.length === 1, () => view.lastFrame()!);
  t.deepEqual(changes, [['id', 'Member No']]);
});

test('the flow with the real engine and the Advocate emulator, on the demo export', async (t) => {
  const emulator = await startAdvocateEmulator({tenant: 'test_ferry', apiKey: 'key-1234', tickMs: 5, rowsPerTick: 1000});
  t.teardown(() => emulator.close());
  const out = tempDir();
  const actions = createReferralActions({outDir: out, tenant: 'test_ferry', apiKey: 'key-1234', baseUrl: emulator.url, pollMs: 10, requestsPerMinute: 60_000, openClient: openAdvocateClient});
  const view = renderReferral(actions, demoReferralFiles(), {width: 140, height: 40}).view;
  t.teardown(() => view.unmount());
  const frame = () => view.lastFrame() ?? '';
  await waitFor(() => frame().includes('Choose the legacy exports'), frame);
  view.stdin.write('G'); // the list's last row: Continue
  await waitFor(() => /› Continue/.test(frame()), frame);
  view.stdin.write(ENTER);
  await waitFor(() => frame().includes('Map columns'), frame, {timeoutMs: 60_000, settleMs: 30});
  view.stdin.write(ENTER);
  await waitFor(() => /Checked users: 3,001 rows read/.test(frame()), frame, {timeoutMs: 60_000, settleMs: 30});
  t.true(frame().includes(RED), 'invalid demo rows show in red');
  view.stdin.write(ENTER);
  await waitFor(() => frame().includes('reward-history') || frame().includes('MUTATION/REFERRAL'), frame, {timeoutMs: 60_000, settleMs: 30});
  view.stdin.write('l');
  await waitFor(() => (frame().match(/COMPLETED/g) ?? []).length === 3, frame, {timeoutMs: 60_000, settleMs: 30});
  t.is(emulator.state.users.size, 2995);
  t.deepEqual(emulator.state.sideEffects, {webhooks: 0, programs: 0, analytics: 0});
});
