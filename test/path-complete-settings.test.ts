// Tab completion of typed paths, and the remembered paths in the settings file.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {commonPrefix, completePath} from '../source/app/path-complete.js';
import {readSettings, recentPaths, rememberPaths, RECENT_PATHS, settingsPath} from '../source/app/settings.js';
import {storePath} from '../source/plan/credentials.js';
import {tempDir} from './referral-helpers.js';
import {createStore} from '../source/app/console/store.js';
import {initialState} from '../source/app/console/state.js';
import {createIntents} from '../source/app/console/intents.js';

function tree() {
  const root = tempDir('ferry-complete-');
  fs.mkdirSync(path.join(root, 'exports/2024'), {recursive: true});
  fs.mkdirSync(path.join(root, 'exports/2023'), {recursive: true});
  fs.writeFileSync(path.join(root, 'exports/users.csv'), '');
  fs.writeFileSync(path.join(root, 'exports/referrals.csv'), '');
  fs.writeFileSync(path.join(root, 'exports/rewards.csv'), '');
  fs.writeFileSync(path.join(root, 'exports/.hidden.csv'), '');
  fs.symlinkSync(path.join(root, 'exports/2024'), path.join(root, 'exports/latest'));
  return root;
}

test('one match completes whole; a directory ends with "/"', (t) => {
  const root = tree();
  t.deepEqual(completePath('exp', root), {completed: 'exports/', candidates: []});
  t.deepEqual(completePath('exports/u', root), {completed: 'exports/users.csv', candidates: []});
  t.deepEqual(completePath('exports/la', root), {completed: 'exports/latest/', candidates: []}, 'a link to a directory is a directory');
  t.deepEqual(completePath(path.join(root, 'exports/us'), '/'), {completed: path.join(root, 'exports/users.csv'), candidates: []}, 'absolute paths too');
});

test('several matches: the common prefix is completed and the candidates listed, sorted', (t) => {
  const root = tree();
  t.deepEqual(completePath('exports/re', root), {completed: 'exports/re', candidates: ['referrals.csv', 'rewards.csv']});
  t.deepEqual(completePath('exports/20', root), {completed: 'exports/202', candidates: ['2023/', '2024/']});
  t.deepEqual(completePath('exports/', root).candidates, ['2023/', '2024/', 'latest/', 'referrals.csv', 'rewards.csv', 'users.csv'], 'hidden entries only when a dot is typed');
  t.deepEqual(completePath('exports/.h', root).completed, 'exports/.hidden.csv');
});

test('no match or no such folder: the text stays as typed; ~/ is the home folder', (t) => {
  const root = tree();
  t.deepEqual(completePath('exports/zzz', root), {completed: 'exports/zzz', candidates: []});
  t.deepEqual(completePath('nowhere/x', root), {completed: 'nowhere/x', candidates: []});
  t.deepEqual(completePath('~/exp', '/', root), {completed: '~/exports/', candidates: []});
  t.is(commonPrefix(['abc', 'abd', 'ab']), 'ab');
});

test('paths are remembered per folder, newest first, once each, at most RECENT_PATHS; beside the credential store', (t) => {
  const home = tempDir('ferry-home-');
  const env = {FERRY_HOME: home};
  t.is(path.dirname(settingsPath(env)), path.dirname(storePath(env)));
  t.deepEqual(recentPaths('/work/a', 'users', env), []);
  rememberPaths('/work/a', {users: 'u1.csv', referrals: undefined}, env);
  rememberPaths('/work/a', {users: 'u2.csv', rewards: 'r.csv'}, env);
  rememberPaths('/work/a', {users: 'u1.csv'}, env);
  rememberPaths('/work/b', {users: 'other.csv'}, env);
  t.deepEqual(recentPaths('/work/a', 'users', env), ['u1.csv', 'u2.csv']);
  t.deepEqual(recentPaths('/work/a/', 'rewards', env), ['r.csv'], 'the folder is resolved');
  t.deepEqual(recentPaths('/work/a', 'referrals', env), []);
  t.deepEqual(recentPaths('/work/b', 'users', env), ['other.csv']);
  for (let i = 0; i < RECENT_PATHS + 5; i++) rememberPaths('/work/a', {users: `many${i}.csv`}, env);
  t.is(recentPaths('/work/a', 'users', env).length, RECENT_PATHS);
  t.deepEqual(fs.readdirSync(home), ['settings.json'], 'written atomically: no temporary file left');
  t.is(fs.statSync(settingsPath(env)).mode & 0o077, 0, 'readable by the user only');
  fs.writeFileSync(settingsPath(env), '{not json');
  t.deepEqual(readSettings(env), {}, 'damaged settings cost only the remembered paths');
  rememberPaths('/work/a', {users: 'again.csv'}, env);
  t.deepEqual(recentPaths('/work/a', 'users', env), ['again.csv']);
});

test('the console’s referral actions complete from the working folder and remember per output folder in FERRY_HOME', (t) => {
  const root = tree();
  const home = tempDir('ferry-home-');
  const store = createStore(initialState(), 0);
  const intents = createIntents(store, {env: {FERRY_HOME: home}, cwd: root});
  t.teardown(() => intents.stopFollowing());
  const actions = intents.referralActions('out');
  t.deepEqual(actions.completePath?.('exports/us'), {completed: 'exports/users.csv', candidates: []});
  t.deepEqual(actions.recentPaths?.('users'), []);
  actions.rememberPaths?.({users: 'exports/users.csv', rewards: undefined});
  t.deepEqual(actions.recentPaths?.('users'), ['exports/users.csv']);
  t.deepEqual(recentPaths(path.join(root, 'out'), 'users', {FERRY_HOME: home}), ['exports/users.csv'], 'keyed by the resolved output folder');
  t.deepEqual(intents.referralActions('elsewhere').recentPaths?.('users'), [], 'another output folder has its own');
});
