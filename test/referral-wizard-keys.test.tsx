// The referral wizard's keys in a terminal: dropped columns shown before the run,
// n/N to red rows, `?` listing every step's keys without losing the wizard, Tab
// completion and remembered paths, list keys, read options, and keys that say why
// they do nothing.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import React from 'react';
import {render} from 'ink-testing-library';
import type {ReferralActions, ReferralRequest} from '../source/referral/actions.js';
import type {PreviewRow, RunResult} from '../source/referral/engine.js';
import type {Issue} from '../source/referral/fields.js';
import {autoMap, PRESETS} from '../source/referral/mapping.js';
import {completePath} from '../source/app/path-complete.js';
import {createStore} from '../source/app/console/store.js';
import {initialState} from '../source/app/console/state.js';
import {App} from '../views/App.js';
import {MapColumns} from '../views/referral/MapColumns.js';
import {KEYS, fakeIntents, renderReferral, waitFor, type Call} from './console-helpers.js';
import {tempDir} from './referral-helpers.js';

const bad = (row: number): Issue => ({file: 'users', row, line: row + 1, column: 'Email', field: 'email', code: 'INVALID_EMAIL', severity: 'error', message: `row ${row} has no email`, value: 'x'});
const ROWS: PreviewRow[] = [1, 2, 3, 4, 5, 6].map((row) => ({row, line: row + 1, cells: {id: `u${row}@example.com`}, issues: row === 2 || row === 5 ? [bad(row)] : []}));

interface Log {
  calls: string[];
  requests: ReferralRequest[];
}

function fakeActions(log: Log, extra: Partial<ReferralActions> = {}, headers = ['Email', 'Tier', 'customFields.loyalty tier']): ReferralActions {
  const result = (written: boolean): RunResult => ({
    files: {users: {kind: 'users', path: 'users.csv', status: 'ok', rowsRead: 6, valid: 4, invalid: 2, filtered: 0, alreadyLoaded: 0, warnings: 0, byCode: {}, notes: [], headers, formulaLike: {count: 0, first: []}}},
    issues: [],
    totalIssues: 2,
    issuesLeftOut: 0,
    byCode: {},
    outputs: written ? [{importType: 'users', jobType: 'MUTATION/USER', path: '/out/users-001.csv', rows: 4}] : [],
    hasStoppingErrors: false,
  });
  return {
    presets: [],
    outDir: '/out',
    async inspect(kind, file) {
      log.calls.push(`inspect ${kind} ${file}`);
      return {ok: true, headers, mapping: autoMap(kind, headers), notes: []};
    },
    async validate(request, callbacks) {
      log.requests.push(request);
      callbacks.onPreview?.('users', ROWS);
      callbacks.onProgress?.({kind: 'users', rowsRead: 6, valid: 4, invalid: 2, done: true});
      return result(false);
    },
    async write() {
      return result(true);
    },
    ...extra,
  };
}

function flow(actions: ReferralActions, files: Record<string, string> = {users: '/data/users.csv'}, size = {width: 80, height: 19}) {
  const view = renderReferral(actions, files, {width: size.width, height: size.height}).view;
  const frame = () => view.lastFrame() ?? '';
  const press = async (key: string, until: (frame: string) => boolean) => {
    view.stdin.write(key);
    await waitFor(() => until(frame()), frame);
  };
  return {view, frame, press};
}

async function toPreview(press: (key: string, until: (frame: string) => boolean) => Promise<void>, frame: () => string) {
  await waitFor(() => frame().includes('Choose the legacy exports'), frame);
  await press('G', (f) => /› Continue/.test(f));
  await press(KEYS.enter, (f) => f.includes('Map columns'));
  await press(KEYS.enter, (f) => f.includes('Checked users'));
}

test.serial('a mapped column the run leaves out is shown on Columns and on Preview, from the run’s rule', async (t) => {
  const {view, frame, press} = flow(fakeActions({calls: [], requests: []}));
  t.teardown(() => view.unmount());
  await waitFor(() => frame().includes('Choose the legacy exports'), frame);
  await press('G', (f) => /› Continue/.test(f));
  await press(KEYS.enter, (f) => f.includes('Map columns'));
  t.regex(frame().replace(/\s*\n\s*/g, ' '), /✗ left out: customFields\.loyalty tier ← "customFields\.loyalty tier": custom field names must be 1-64 letters, digits or _ \(rename the header in the file/);
  t.regex(frame(), /✗ customFields\.loyalty tier/, 'marked in the custom field list');
  await press(KEYS.enter, (f) => f.includes('Checked users'));
  t.regex(frame().replace(/\s*\n\s*/g, ' '), /✗ left out of every row: customFields\.loyalty tier/);
  t.notRegex(frame().split('\n')[1]!, /loyalty/, 'no empty column for it in the table');
});

test.serial('Columns: a chosen preset’s note says how to change it with the console’s own steps', async (t) => {
  const headers = ['Customer Email', 'Referred Date'];
  const preset = PRESETS.find((p) => p.name === 'mention-me')!;
  const view = render(<MapColumns kind="users" kinds={['users']} headers={headers} mapping={autoMap('users', headers, preset)} notes={[]} presets={PRESETS} preset="mention-me" width={100} height={30} onChange={() => {}} onPreset={() => {}} onSwitchFile={() => {}} onNext={() => {}} onBack={() => {}} />);
  t.teardown(() => view.unmount());
  const flat = (view.lastFrame() ?? '').replace(/\s*\n\s*/g, ' ');
  t.regex(flat, /Dates assumed day-first in Europe\/London unless ISO\. To change it: give its pattern in "Date format" on the Files step/);
  t.notRegex(flat, /--date-format/);
});

test.serial('a path typed and Enter in one read (a paste ending in a line break) is kept, the field closed', async (t) => {
  const {view, frame, press} = flow(fakeActions({calls: [], requests: []}), {});
  t.teardown(() => view.unmount());
  await waitFor(() => frame().includes('Choose the legacy exports'), frame);
  await press(KEYS.enter, (f) => f.includes('Tab complete'));
  await press('/data/pasted-users.csv\r', (f) => !f.includes('Tab complete'));
  t.regex(frame(), /\/data\/pasted-users\.csv/);
});

test.serial('preview: n and N jump to the next and previous red row; past the last one, n says why', async (t) => {
  const {view, frame, press} = flow(fakeActions({calls: [], requests: []}));
  t.teardown(() => view.unmount());
  await toPreview(press, frame);
  t.regex(frame(), /Row 1: ready for Advocate/);
  await press('n', (f) => f.includes('Row 2 (line 3) [Email] INVALID_EMAIL: row 2 has no email'));
  await press('n', (f) => f.includes('Row 5 (line 6) [Email] INVALID_EMAIL: row 5 has no email'));
  await press('n', (f) => f.includes('no red row below row 5'));
  t.regex(frame(), /Row 5 \(line 6\)/, 'the selection stays');
  await press('N', (f) => f.includes('Row 2 (line 3)'));
  await press('G', (f) => f.includes('Row 6: ready'));
  await press(KEYS.home, (f) => f.includes('Row 1: ready'));
  await press(KEYS.pageDown, (f) => !f.includes('Row 1: ready'));
  t.pass();
});

test.serial('? inside the console’s referral wizard lists every step’s keys; closing it returns to the same step', async (t) => {
  const store = createStore(initialState(), 0);
  const calls: Call[] = [];
  const log = {calls: [], requests: []};
  const intents = fakeIntents(store, calls, () => fakeActions(log));
  const view = render(<App store={store} intents={intents} size={{columns: 80, rows: 24}} />);
  t.teardown(() => view.unmount());
  const frame = () => view.lastFrame() ?? '';
  const press = async (key: string, until: (f: string) => boolean) => {
    view.stdin.write(key);
    await waitFor(() => until(frame()), frame);
  };
  await waitFor(() => frame().includes('Import referral history'), frame);
  await press('G', (f) => /› Start a fresh demo/.test(f));
  await press('k', (f) => /› Import referral history/.test(f));
  await press(KEYS.enter, (f) => f.includes('referral-import'));
  await press(KEYS.enter, (f) => f.includes('Choose the legacy exports'));
  await press(KEYS.enter, (f) => /Users\s+…?\s*\S*/.test(f) && f.includes('Tab complete'));
  await press('/data/users.csv', (f) => f.includes('/data/users.csv'));
  await press(KEYS.enter, (f) => f.includes('/data/users.csv') && !f.includes('Tab complete'));
  await press('G', (f) => /› Continue/.test(f));
  await press(KEYS.enter, (f) => f.includes('Map columns'));
  await press('?', (f) => f.includes('Keys: Referral: columns first'));
  t.regex(frame(), /p\s+Referral: columns\s+next preset/);
  await press('G', (f) => f.includes('Everywhere'));
  await press(KEYS.pageUp, (f) => /Referral: (files|preview|write|typing)/.test(f));
  await press(KEYS.escape, (f) => f.includes('Map columns'));
  t.regex(frame(), /id \*\s+← Email/, 'the mapping is still there');
  // Every key of every step is in the one table, with what it does.
  await press(KEYS.escape, (f) => f.includes('Choose the legacy exports'));
  t.regex(frame(), /\/data\/users\.csv/, 'and the files step kept the path');
});

test.serial('Tab completes a typed path (several matches: the common part and the candidates); ↑ offers paths used before', async (t) => {
  const root = tempDir('ferry-wizard-');
  fs.mkdirSync(path.join(root, 'exports'));
  for (const name of ['users.csv', 'referrals.csv', 'rewards.csv']) fs.writeFileSync(path.join(root, 'exports', name), 'Email\n');
  const log = {calls: [] as string[], requests: []};
  const remembered: Array<Record<string, string | undefined>> = [];
  const actions = fakeActions(log, {
    completePath: (typed) => completePath(typed, root),
    recentPaths: (kind) => (kind === 'rewards' ? ['/old/rewards-2023.csv'] : []),
    rememberPaths: (files) => remembered.push(files),
  });
  const {view, frame, press} = flow(actions, {});
  t.teardown(() => view.unmount());
  await waitFor(() => frame().includes('Choose the legacy exports'), frame);
  await press(KEYS.enter, (f) => f.includes('Tab complete'));
  await press('ex', (f) => f.includes('ex'));
  await press(KEYS.tab, (f) => f.includes('exports/'));
  await press('u', (f) => f.includes('exports/u'));
  await press(KEYS.tab, (f) => f.includes('exports/users.csv'));
  await press(KEYS.enter, (f) => !f.includes('Tab complete'));
  await press(KEYS.down, (f) => /› Referrals/.test(f));
  await press(KEYS.enter, (f) => f.includes('Tab complete'));
  await press('exports/re', (f) => f.includes('exports/re'));
  await press(KEYS.tab, (f) => f.includes('referrals.csv  rewards.csv'));
  await press(KEYS.up, (f) => f.includes('no earlier paths for this file'));
  await press('f', (f) => f.includes('exports/ref'));
  await press(KEYS.tab, (f) => f.includes('exports/referrals.csv') && !f.includes('rewards.csv  '));
  await press(KEYS.enter, (f) => !f.includes('Tab complete'));
  await press(KEYS.down, (f) => /› Rewards/.test(f));
  t.regex(frame(), /↑ offers the 1 used before/);
  await press(KEYS.enter, (f) => f.includes('Tab complete'));
  await press(KEYS.up, (f) => f.includes('/old/rewards-2023.csv'));
  await press(KEYS.up, (f) => f.includes('that is the oldest path remembered'));
  await press(KEYS.down, (f) => !f.includes('/old/rewards-2023.csv'));
  await press(KEYS.escape, (f) => !f.includes('Tab complete'));
  await press('G', (f) => /› Continue/.test(f));
  await press(KEYS.enter, (f) => f.includes('Map columns'));
  t.deepEqual(remembered, [{users: 'exports/users.csv', referrals: 'exports/referrals.csv'}]);
  t.true(log.calls.includes('inspect users exports/users.csv'));
});

test.serial('list keys (G End PgDn Home) in every wizard list; read options reach the run; keys that do nothing say why', async (t) => {
  const log = {calls: [] as string[], requests: [] as ReferralRequest[]};
  const {view, frame, press} = flow(fakeActions(log), {}, {width: 80, height: 19});
  t.teardown(() => view.unmount());
  await waitFor(() => frame().includes('Choose the legacy exports'), frame);
  await press(KEYS.end, (f) => /› Continue/.test(f));
  await press(KEYS.enter, (f) => f.includes('give at least one file first'));
  await press(KEYS.home, (f) => /› Users/.test(f) && !f.includes('give at least one file first'));
  await press(' ', (f) => f.includes('Space toggles the [ ] rows'));
  await press(KEYS.tab, (f) => f.includes('Tab completes a path while it is typed'));
  await press(KEYS.pageDown, (f) => !/› Users/.test(f));
  await press('g', (f) => /› Users/.test(f));
  await press(KEYS.enter, (f) => f.includes('Tab complete'));
  await press('/data/users.csv', (f) => f.includes('/data/users.csv'));
  await press(KEYS.enter, (f) => !f.includes('Tab complete'));
  // Date format and Time zone: the console's --date-format and --time-zone.
  await press(KEYS.down + KEYS.down + KEYS.down, (f) => /› Date format/.test(f));
  await press(KEYS.enter, (f) => f.includes('Date format') && f.includes('keep the value'));
  await press('DD/MM/YYYY', (f) => f.includes('DD/MM/YYYY'));
  await press(KEYS.enter, (f) => /Date format\s+DD\/MM\/YYYY/.test(f));
  await press(KEYS.down, (f) => /› Time zone/.test(f));
  await press(KEYS.enter, (f) => f.includes('keep the value'));
  await press('Mars/Base', (f) => f.includes('Mars/Base'));
  await press(KEYS.enter, (f) => f.includes('Time zone not changed: "Mars/Base" is not an IANA time zone'));
  await press(KEYS.enter, (f) => f.includes('keep the value'));
  await press('Europe/Paris', (f) => f.includes('Europe/Paris'));
  await press(KEYS.enter, (f) => /Time zone\s+Europe\/Paris/.test(f));
  await press('G', (f) => /› Continue/.test(f));
  await press(KEYS.enter, (f) => f.includes('Map columns'));
  await press(KEYS.tab, (f) => f.includes('only the users file was given: no other file to switch to'));
  await press('p', (f) => f.includes('no presets to choose from'));
  await press('q', (f) => f.includes('q quits from the Start screen: leave the import first'));
  await press(KEYS.end, (f) => /› segments/.test(f));
  await press(KEYS.pageUp, (f) => !/› segments/.test(f));
  await press(KEYS.enter, (f) => f.includes('Checked users'));
  t.like(log.requests[0]!.conversion, {dateFormat: 'DD/MM/YYYY', timeZone: 'Europe/Paris'});
  await press(KEYS.enter, (f) => f.includes('MUTATION/USER'));
  await press('l', (f) => f.includes('no Advocate tenant to load into: a types the tenant and API key'));
  t.notRegex(frame(), /--tenant/, 'the console names its own way, not the CLI flag');
});

test.serial('write/load: results taller than the screen scroll with the list keys, and long lines wrap instead of being cut', async (t) => {
  const errorRows = Array.from({length: 30}, (_, i) => ({row: i + 1, message: `User u${i + 1}@example.com not found in the program: check the users file was loaded first (error ${i + 1})`}));
  const actions = fakeActions({calls: [], requests: []}, {
    loadTarget: 'test_ferry (API key ••••)',
    async load(outputs) {
      return [{output: outputs[0]!, jobId: 'j1', status: 'COMPLETED', recordsProcessed: 4, errors: 30, errorRows}];
    },
  });
  const {view, frame, press} = flow(actions);
  t.teardown(() => view.unmount());
  await toPreview(press, frame);
  await press(KEYS.enter, (f) => f.includes('MUTATION/USER'));
  await press('l', (f) => f.includes('more below'));
  t.notRegex(frame(), /error 30\)/);
  await press('G', (f) => f.includes('(error 30)'));
  t.regex(frame().replace(/\s*\n\s*/g, ' '), /check the users file was loaded first \(error 30\)/, 'the whole message, wrapped');
  await press('g', (f) => f.includes('Advocate files') && !f.includes('(error 30)'));
});

test.serial('at 60x16 the Columns and Preview steps fold their notes into one line, and d shows them whole', async (t) => {
  const store = createStore(initialState(), 0);
  const intents = fakeIntents(store, [], () => fakeActions({calls: [], requests: []}));
  const view = render(<App store={store} intents={intents} size={{columns: 60, rows: 16}} />);
  t.teardown(() => view.unmount());
  const frame = () => view.lastFrame() ?? '';
  const flat = () => frame().replace(/\s*\n\s*/g, ' ');
  const press = async (key: string, until: (f: string) => boolean) => {
    view.stdin.write(key);
    await waitFor(() => until(frame()), frame);
  };
  await waitFor(() => frame().includes('Where do you'), frame);
  await press('G', (f) => /› Start a fresh demo/.test(f));
  await press('k', (f) => /› Import referral/.test(f));
  await press(KEYS.enter, (f) => f.includes('referral-import'));
  await press(KEYS.enter, (f) => f.includes('Choose the legacy exports'));
  await press(KEYS.enter, (f) => f.includes('Tab complete'));
  await press('/data/users.csv', (f) => f.includes('users.csv'));
  await press(KEYS.enter, (f) => !f.includes('Tab complete'));
  await press('G', (f) => /› Continue/.test(f));
  await press(KEYS.enter, (f) => f.includes('Map columns'));
  t.regex(flat(), /✗ 1 column\(s\) left out .*d shows all/);
  t.regex(frame(), /d all · \? keys/, 'the short keys line is not cut');
  await press('d', (f) => f.includes('all of it'));
  t.regex(flat(), /custom field names must be 1-64 letters, digits or _/);
  await press(KEYS.escape, (f) => f.includes('Map columns'));
  await press(KEYS.enter, (f) => f.includes('Checked users'));
  t.regex(flat(), /✗ 1 column\(s\) left out · d shows all/);
  t.regex(frame(), /←→ cols · n N red · Enter write · Esc back · d all · \? keys/);
  await press('d', (f) => f.includes('all of it'));
  t.regex(flat(), /✗ left out of every row: customFields\.loyalty tier/);
  await press('d', (f) => f.includes('Checked users'));
});

test('the date format used last for this output folder is offered again, and remembered when the operator goes on', async (t) => {
  const log: Log = {calls: [], requests: []};
  const remembered: Array<Record<string, string | undefined>> = [];
  const actions = fakeActions(log, {recentPaths: (kind) => (kind === 'dateFormat' ? ['MM/DD/YYYY'] : []), rememberPaths: (values) => void remembered.push(values)});
  const {frame, press} = flow(actions);
  await waitFor(() => /Date format\s+MM\/DD\/YYYY/.test(frame()), frame);
  await press('G', (f) => /› Continue/.test(f));
  await press(KEYS.enter, (f) => f.includes('Map columns'));
  t.like(remembered[0], {users: '/data/users.csv', dateFormat: 'MM/DD/YYYY'});
});
