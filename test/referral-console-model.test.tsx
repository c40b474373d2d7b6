// The referral wizard on the console's one model: its state is the store's `referral`
// slice, changed through intents; the footer shows the step's keys from the key map;
// the preview scrolls sideways; Advocate's account is typed in the console (the key
// masked, kept in the 0600 credential store when asked, else for the session only).
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import React from 'react';
import {render} from 'ink-testing-library';
import type {ReferralActions} from '../source/referral/actions.js';
import type {PreviewRow, RunResult} from '../source/referral/engine.js';
import {autoMap} from '../source/referral/mapping.js';
import {createStore} from '../source/app/console/store.js';
import {initialState} from '../source/app/console/state.js';
import {createIntents} from '../source/app/console/intents.js';
import type {TypedAdvocate} from '../source/app/console/intents-referral.js';
import type {AdvocateTarget} from '../source/app/console/referral-state.js';
import {readSettings} from '../source/app/settings.js';
import {storePath} from '../source/plan/credentials.js';
import {App} from '../views/App.js';
import {KEYS, fakeIntents, waitFor} from './console-helpers.js';
import {tempDir} from './referral-helpers.js';

const HEADERS = ['Email', 'First Name', 'Last Name', 'Signup Date', 'Locale', 'Country', 'Referral Code'];
const ROWS: PreviewRow[] = [1, 2, 3].map((row) => ({row, line: row + 1, cells: {id: `u${row}@example.com`, email: `u${row}@example.com`, firstName: `First${row}`, lastName: `Last${row}`, dateCreated: `165601186${row}000`, locale: 'en_US', countryCode: 'US', referralCode: `CODE${row}`}, issues: []}));

function fakeActions(typedLog: TypedAdvocate[], typed?: TypedAdvocate): ReferralActions & {advocate?: AdvocateTarget} {
  if (typed) typedLog.push(typed);
  const result = (written: boolean): RunResult => ({
    files: {users: {kind: 'users', path: 'users.csv', status: 'ok', rowsRead: 3, valid: 3, invalid: 0, filtered: 0, alreadyLoaded: 0, warnings: 0, byCode: {}, notes: [], headers: HEADERS, formulaLike: {count: 0, first: []}}},
    issues: [],
    totalIssues: 0,
    issuesLeftOut: 0,
    byCode: {},
    outputs: written ? [{importType: 'users', jobType: 'MUTATION/USER', path: '/out/users-001.csv', rows: 3}] : [],
    hasStoppingErrors: false,
  });
  return {
    presets: [],
    outDir: '/out',
    inspect: async (kind) => ({ok: true, headers: HEADERS, mapping: autoMap(kind, HEADERS), notes: []}),
    async validate(_request, callbacks) {
      callbacks.onPreview?.('users', ROWS);
      callbacks.onProgress?.({kind: 'users', rowsRead: 3, valid: 3, invalid: 0, done: true});
      return result(false);
    },
    write: async () => result(true),
    ...(typed ? {load: async () => [], advocate: {tenant: typed.tenant, url: typed.url, keyFrom: typed.remember ? 'store' : 'session'} as AdvocateTarget} : {}),
  };
}

test.serial('the wizard runs on the store: each step’s footer is its own, the preview scrolls sideways, the account is typed masked', async (t) => {
  const store = createStore(initialState(), 0);
  const typedLog: TypedAdvocate[] = [];
  const intents = fakeIntents(store, [], (outDir, typed?: TypedAdvocate) => fakeActions(typedLog, typed));
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
  t.is(store.getState().referral?.step, 'choose', 'the step is in the store');
  t.notRegex(frame(), /Enter go \(asks for a folder\)|q quit/, "the footer is not Start's");
  t.regex(frame(), /Esc leave the referral import/);
  await press(KEYS.enter, (f) => f.includes('Tab complete'));
  await press('/data/users.csv', (f) => f.includes('/data/users.csv'));
  await press(KEYS.enter, (f) => !f.includes('Tab complete'));
  t.is(store.getState().referral?.files.users, '/data/users.csv', 'the path is in the store');
  await press('G', (f) => /› Continue/.test(f));
  await press(KEYS.enter, (f) => f.includes('Map columns'));
  await press(KEYS.enter, (f) => f.includes('Checked users'));
  t.regex(frame(), /columns 1-4 of 9 \(←→\)/);
  t.notRegex(frame(), /1656011861000/);
  for (let i = 0; i < 5; i++) await press(KEYS.right, () => store.getState().referral?.column.users === i + 1);
  t.regex(frame(), /columns 6-9 of 9/);
  t.regex(frame(), /dateCreated[\s\S]*1656011861000/, 'the converted date shows once scrolled to');
  await press(KEYS.right, (f) => f.includes('this is the last column'));
  await press('h', (f) => /columns 5-8 of 9/.test(f));
  await press('?', (f) => f.includes('Keys: Referral: preview first'));
  t.regex(frame(), /→ \/ l\s+Referral: preview\s+scroll the columns right/);
  await press(KEYS.escape, (f) => f.includes('Checked users'));
  await press(KEYS.enter, (f) => f.includes('MUTATION/USER'));
  await press('l', (f) => f.includes('no Advocate tenant to load into: a types the tenant and API key'));
  await press('a', (f) => f.includes('Advocate account to load into'));
  t.regex(frame().split('\n').pop() ?? '', /Enter type the field \/ take the account/, "the console's footer shows the form's keys");
  await press(KEYS.enter, (f) => /Ctrl\+U/.test(f));
  await press('acme', (f) => f.includes('acme'));
  await press(KEYS.enter, (f) => !/Ctrl\+U/.test(f));
  await press(KEYS.down, (f) => /› URL/.test(f));
  await press(KEYS.down, (f) => /› API key/.test(f));
  await press(KEYS.enter, (f) => /Ctrl\+U/.test(f));
  await press('sk-live-42', (f) => f.includes('••••••••••'));
  t.false(frame().includes('sk-live-42'), 'the key is masked while typed');
  await press(KEYS.enter, (f) => f.includes('••••••••••') && !/Ctrl\+U/.test(f));
  await press(KEYS.down, (f) => /› \[x\] keep the key/.test(f));
  await press(KEYS.space, (f) => /\[ \] keep the key/.test(f) && f.includes('for this session only'));
  await press(KEYS.down, (f) => /› Use this account/.test(f));
  await press(KEYS.enter, (f) => f.includes('l load into Advocate: acme'));
  t.deepEqual(typedLog, [{tenant: 'acme', url: undefined, apiKey: 'sk-live-42', remember: false}]);
  t.regex(frame().replace(/\s*\n\s*/g, ' '), /acme \(API key ••••, for this session only\)/);
  t.false(JSON.stringify(store.getState()).includes('sk-live-42'), 'the key never enters the store');
});

test.serial('a typed Advocate account: the key in the 0600 credential store (or the session only), never in settings or the output folder', (t) => {
  const root = tempDir('ferry-advocate-account-');
  t.teardown(() => fs.rmSync(root, {recursive: true, force: true}));
  const home = path.join(root, 'home');
  const env = {FERRY_HOME: home};
  const open = () => {
    const store = createStore(initialState(), 0);
    const intents = createIntents(store, {env, cwd: root});
    intents.referral.open('out');
    return {store, intents};
  };
  const first = open();
  t.is(first.store.getState().referral?.advocate, undefined, 'no account yet');
  t.false(first.intents.referral.setAdvocate({tenant: 'acme', url: 'ftp://x', apiKey: 'k1', remember: true}));
  t.regex(first.store.getState().referral?.advocateProblem ?? '', /must start with https:\/\//);
  t.false(fs.existsSync(storePath(env)), 'nothing kept from a refused account');
  t.true(first.intents.referral.setAdvocate({tenant: 'acme', url: 'https://acme.example', apiKey: 'sk-remembered-7', remember: true}));
  t.deepEqual(first.store.getState().referral?.advocate, {tenant: 'acme', url: 'https://acme.example', keyFrom: 'store'});
  t.true(first.intents.referral.canLoad());
  t.is(fs.statSync(storePath(env)).mode & 0o777, 0o600);
  t.true(fs.readFileSync(storePath(env), 'utf8').includes('sk-remembered-7'));
  t.deepEqual(readSettings(env).advocate, {tenant: 'acme', url: 'https://acme.example'});
  const others = [...fs.readdirSync(home).map((f) => path.join(home, f)), ...fs.readdirSync(path.join(root, 'out')).map((f) => path.join(root, 'out', f))].filter((f) => f !== storePath(env) && fs.statSync(f).isFile());
  for (const file of others) t.false(fs.readFileSync(file, 'utf8').includes('sk-remembered-7'), file);
  const next = open();
  t.deepEqual(next.store.getState().referral?.advocate, {tenant: 'acme', url: 'https://acme.example', keyFrom: 'store'}, 'the next console loads into it without typing');
  t.true(next.intents.referral.canLoad());
  // A session-only account is not written anywhere.
  t.true(next.intents.referral.setAdvocate({tenant: 'other', apiKey: 'sk-session-9', remember: false}));
  t.false(fs.readFileSync(storePath(env), 'utf8').includes('sk-session-9'));
  t.is(readSettings(env).advocate?.tenant, 'acme');
  // The environment wins when nothing is typed.
  const envStore = createStore(initialState(), 0);
  createIntents(envStore, {env: {...env, FERRY_ADVOCATE_TENANT: 'envy', FERRY_ADVOCATE_API_KEY: 'sk-env'}, cwd: root}).referral.open('out');
  t.deepEqual(envStore.getState().referral?.advocate, {tenant: 'envy', url: undefined, keyFrom: 'environment'});
});
