// The demo folder stays usable: it is not put inside ferry's own checkout, an earlier
// demo's journal is set aside instead of deleted, and the hints a run prints work
// as printed from any folder (they carry --dir).
import test from 'ava';
import {existsSync, mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {defaultDemoDir, setEarlierJournalAside} from '../source/app/demo.js';
import {Journal} from '../source/engine/journal.js';
import {executeRun} from '../source/cli/run.js';
import {testBed} from './helpers/migration.js';

const checkout = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test('the demo folder is never inside ferry\'s checkout (npm start runs there)', (t) => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'ferry-home-'));
  t.is(defaultDemoDir(checkout, {HOME: home}), path.join(home, 'ferry-demo'));
  t.is(defaultDemoDir(path.join(checkout, 'source'), {HOME: home}), path.join(home, 'ferry-demo'));
  const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'ferry-cwd-'));
  t.is(defaultDemoDir(elsewhere, {HOME: home}), path.join(elsewhere, 'ferry-demo'));
});

test('an earlier demo\'s journal is set aside whole, never deleted', (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-demo-aside-'));
  const journal = Journal.inFolder(dir);
  const run = journal.startRun('demo', null);
  journal.markPending('tickets', '1', run.id, {});
  journal.settle('tickets', '1', {status: 'migrated'});
  journal.finishRun(run.id, 'finished');
  journal.close();
  const aside = setEarlierJournalAside(dir, new Date('2026-11-29T10:00:00Z'))!;
  t.is(aside, path.join(dir, 'earlier-demos', 'journal-2026-11-29T10-00-00.sqlite'));
  t.false(existsSync(path.join(dir, 'journal.sqlite')));
  const kept = new Journal(aside);
  t.teardown(() => kept.close());
  t.is(kept.runs().length, 1);
  t.is(kept.countsAll().tickets?.migrated, 1);
  t.is(setEarlierJournalAside(dir), undefined, 'nothing to set aside the second time');
});

test('after a run with failures, the printed next steps carry --dir and so work from any folder', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  const out: string[] = [];
  const io = {stdout: {write: (s: string) => out.push(s)} as unknown as NodeJS.WritableStream, stderr: {write: () => true} as unknown as NodeJS.WritableStream, env: bed.env, cwd: os.tmpdir()};
  t.is(await executeRun({dir: bed.dir, mode: 'demo', json: false}, io), 0);
  const text = out.join('');
  t.true(text.includes(`ferry report --status failed --out failed.csv --dir ${bed.dir}`), text);
  t.true(text.includes(`ferry retry --all-failed --dir ${bed.dir}`), text);
});
