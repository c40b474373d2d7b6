// The credential store (source/plan/credentials.ts on conf): where it lives, its mode,
// the refusal when others can read it, files written before conf, atomic writes under a
// concurrent writer, and OAuth tokens kept only there.
import test from 'ava';
import {spawn} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {credentialTokenStore, resolveCredential, storePath, storeSecret} from '../source/plan/credentials.js';
import {PlanError} from '../source/contracts/errors.js';

const temp = () => mkdtempSync(path.join(os.tmpdir(), 'ferry-cred-'));
const mode = (file: string) => statSync(file).mode & 0o777;
const fromStore = (name: string, env: NodeJS.ProcessEnv) => resolveCredential({store: name}, 'target.credentials.apiKey', env);

test('FERRY_HOME decides where the store is; without it XDG_CONFIG_HOME/ferry, else ~/.config/ferry', (t) => {
  const home = temp();
  const xdg = temp();
  t.is(storePath({FERRY_HOME: home, XDG_CONFIG_HOME: xdg}), path.join(home, 'credentials.json'));
  t.is(storePath({XDG_CONFIG_HOME: xdg}), path.join(xdg, 'ferry', 'credentials.json'));
  t.is(storePath({}), path.join(os.homedir(), '.config', 'ferry', 'credentials.json'));
  storeSecret('acme-apiKey', 'k-1', {FERRY_HOME: home, XDG_CONFIG_HOME: xdg});
  t.deepEqual(JSON.parse(readFileSync(path.join(home, 'credentials.json'), 'utf8')), {'acme-apiKey': 'k-1'});
  storeSecret('acme-apiKey', 'k-2', {XDG_CONFIG_HOME: xdg});
  t.is(fromStore('acme-apiKey', {XDG_CONFIG_HOME: xdg}), 'k-2');
  t.is(fromStore('acme-apiKey', {FERRY_HOME: home}), 'k-1');
});

test.serial('the store is created 0600 in a 0700 folder, and stays 0600 after every write', (t) => {
  const home = path.join(temp(), 'nested', 'ferry');
  const env = {FERRY_HOME: home};
  // A careless umask must not open the file up (serial: the umask is the whole process's).
  const previous = process.umask(0o000);
  try {
    storeSecret('a', 'secret-a', env);
  } finally {
    process.umask(previous);
  }
  t.is(mode(storePath(env)), 0o600);
  t.is(mode(home), 0o700);
  storeSecret('b', 'secret-b', env);
  t.is(mode(storePath(env)), 0o600);
  t.is(fromStore('a', env), 'secret-a');
});

test('a store others can read or write is refused, for reading and for writing, with the fix', (t) => {
  const env = {FERRY_HOME: temp()};
  storeSecret('a', 'secret-a', env);
  for (const loose of [0o644, 0o640, 0o604, 0o620]) {
    chmodSync(storePath(env), loose);
    const error = t.throws(() => fromStore('a', env), {instanceOf: PlanError});
    t.regex(error!.message, /readable or writable by other users/);
    t.regex(error!.message, new RegExp(`chmod 600 ${storePath(env)}`));
    t.throws(() => storeSecret('b', 'secret-b', env), {instanceOf: PlanError});
    t.throws(() => credentialTokenStore(env).load('a'), {instanceOf: PlanError});
  }
  chmodSync(storePath(env), 0o600);
  t.is(fromStore('a', env), 'secret-a');
});

test('a store written before conf (two-space JSON, 0600) is read as it is, and a write keeps its entries', (t) => {
  const home = temp();
  const env = {FERRY_HOME: home};
  writeFileSync(path.join(home, 'credentials.json'), JSON.stringify({'old-apiKey': 'old-1', 'dotted.host.com-token': 'old-2'}, null, 2), {mode: 0o600});
  t.is(fromStore('old-apiKey', env), 'old-1');
  t.is(fromStore('dotted.host.com-token', env), 'old-2');
  storeSecret('new-apiKey', 'new-1', env);
  t.deepEqual(JSON.parse(readFileSync(storePath(env), 'utf8')), {'old-apiKey': 'old-1', 'dotted.host.com-token': 'old-2', 'new-apiKey': 'new-1'});
});

test('a store whose values are not all strings is refused (the schema), not half used', (t) => {
  const home = temp();
  writeFileSync(path.join(home, 'credentials.json'), JSON.stringify({'a': 'ok', 'b': {nested: true}}), {mode: 0o600});
  const error = t.throws(() => fromStore('a', {FERRY_HOME: home}), {instanceOf: PlanError});
  t.regex(error!.message, /credentials\.json cannot be read/);
});

test('rotated OAuth tokens are saved in the 0600 store and read back from it', (t) => {
  const env = {FERRY_HOME: temp()};
  const tokens = credentialTokenStore(env);
  t.is(tokens.load('zd-refresh'), undefined);
  tokens.save('zd-refresh', 'refresh-2');
  t.is(tokens.load('zd-refresh'), 'refresh-2');
  t.is(JSON.parse(readFileSync(storePath(env), 'utf8'))['zd-refresh'], 'refresh-2');
  t.is(mode(storePath(env)), 0o600);
});

const credentialsModule = fileURLToPath(new URL('../source/plan/credentials.ts', import.meta.url));

test('a reader never sees half a store while another process keeps writing it (atomic writes)', async (t) => {
  const env = {FERRY_HOME: temp()};
  const big = 'x'.repeat(200_000);
  storeSecret('steady', 'steady-value', env);
  // Another ferry (the console saving a secret) rewrites a large store over and over.
  // FERRY_TEST_SNAP=1 makes conf write in place (its Snap fallback): this test then fails.
  const script = `const {storeSecret} = await import(${JSON.stringify(credentialsModule)}); for (let i = 0; i < 120; i++) storeSecret('big', 'x'.repeat(200000) + i, {FERRY_HOME: ${JSON.stringify(env.FERRY_HOME)}});`;
  const writer = spawn(process.execPath, ['--import=tsx', '--input-type=module', '-e', script], {stdio: ['ignore', 'ignore', 'inherit'], env: {...process.env, ...(process.env.FERRY_TEST_SNAP ? {SNAP: '1'} : {})}});
  let done = false;
  const exited = new Promise<number | null>((resolve) => writer.on('exit', (code) => resolve(code)));
  void exited.then(() => (done = true));
  let reads = 0;
  const torn: string[] = [];
  while (!done) {
    try {
      t.is(fromStore('steady', env), 'steady-value');
    } catch (error) {
      torn.push((error as Error).message.slice(0, 120));
    }
    reads++;
    await new Promise((resolve) => setImmediate(resolve));
  }
  t.is(await exited, 0);
  t.true(reads > 20, `only ${reads} reads overlapped the writer`);
  t.deepEqual(torn, [], `${torn.length} of ${reads} reads saw a partly written store`);
  t.is(fromStore('big', env), `${big}119`);
});
