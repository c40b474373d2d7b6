// Issue 23 point 14, in a real terminal (tmux, 70x20): after c on Run the screen was left with
// "Resumed.onzalez@@example"; correct it…". Ink clips by the innermost overflow box only, so in the
// frame where Run's new lines had not been measured yet the body was drawn over the notice, and the
// shorter notice kept the rest. Every frame the console writes is recorded (script) and read back:
// a frame that drew over the notice fails, even one the next frame repaired.
import test from 'ava';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {FERRY, withTmux, terminal, type Terminal} from './e2e-helpers.js';
import {Journal} from '../source/engine/journal.js';
import type {LiveProgress} from '../source/engine/live-progress.js';

const inTmux = withTmux(test);
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
// ansi-escapes' eraseLines, which Ink writes before each frame.
const ERASE = /(?:\x1b\[2K(?:\x1b\[1A)?)+\x1b\[G/;

async function press(term: Terminal, key: string, until: (s: string) => boolean, what: string) {
  term.keys(key);
  return term.waitFor(until, what, 30_000);
}

inTmux('at 70x20, c on Run with the latest failure shown: no frame draws the body over the notice', async (t) => {
  t.timeout(240_000);
  const size = {columns: 70, rows: 20};
  const setup = terminal({FERRY_DEMO_TICKETS: '40'});
  const dir = path.join(setup.cwd, 'ferry-demo');
  t.teardown(() => {
    if (existsSync(path.join(dir, 'demo-host.json'))) writeFileSync(path.join(dir, 'demo-host.stop'), 'stop\n');
    setup.kill();
  });
  setup.start(`node ${FERRY} demo --dir ${dir}`, size);
  await setup.waitFor((s) => s.includes("the demo's, kept in its folder"), 'the demo folder made', 90_000);
  await press(setup, 'q', (s) => s.includes('EXITED'), 'q quits');
  setup.kill();

  // A run that is live (its pid is this test's) with a failure, as Run shows it mid-run.
  const now = Date.now();
  const done = (total: number) => ({total, migrated: total, failed: 0, skipped: 0, finished: true});
  const live: LiveProgress = {
    runId: 1, mode: 'full', state: 'running', pid: process.pid, startedAt: now - 60_000, updatedAt: now,
    types: {groups: done(4), organizations: done(8), agents: done(8), contacts: {total: 300, migrated: 20, failed: 1, skipped: 0, finished: false}},
    http: {source: {requestsLastMinute: 1, limitPerMinute: 400, retries: 0, requests: 1}, target: {requestsLastMinute: 1, limitPerMinute: 200, retries: 0, requests: 1}},
    failures: [{type: 'contacts', sourceId: '10196', label: 'Maria Gonzalez <maria.gonzalez@@example>', reason: 'invalid email address "maria.gonzalez@@example"; correct it in zendesk and retry', at: now}],
  } as LiveProgress;
  const journal = Journal.inFolder(dir);
  journal.setMeta('live', JSON.stringify(live));
  journal.close();

  const term = terminal();
  t.teardown(() => term.kill());
  const log = path.join(term.cwd, 'frames.log');
  term.start(`sh -c 'cd ${dir} && exec script -qfc "node ${FERRY}" ${log}'`, size);
  await term.waitFor((s) => s.includes('ferry ·'), 'the console', 60_000);
  await press(term, '9', (s) => s.includes('Latest failure') && s.includes('Run 1 (full): running'), 'Run with the live run');
  t.notRegex(term.screen(), /more below/, 'Run fits the body before c');
  await press(term, 'p', (s) => s.includes('Pausing'), 'pausing');
  await press(term, 'p', (s) => s.includes('Resumed.'), 'resumed');
  // The bad frame is the one Ink writes at once for the key (a frame drawn just before defers it): c and n
  // a few times, so a console that draws over the notice is caught.
  for (let round = 0; round < 5; round++) {
    const asked = await press(term, 'c', (s) => s.includes('Cancel the run?') && s.includes('more below'), 'the cancel question');
    t.true(asked.split('\n').some((line) => line.trimEnd() === 'Resumed.'), asked);
    await press(term, 'n', (s) => !s.includes('Cancel the run?'), 'the question closed');
  }

  const frames = readFileSync(log, 'utf8').split(ERASE).map((frame) => frame.replace(ANSI, '').replace(/\r/g, ''));
  const afterC = frames.filter((frame) => frame.includes('Cancel the run?'));
  t.true(afterC.length > 0, 'the frames after c were recorded');
  for (const frame of frames) {
    const lines = frame.split('\n');
    for (const line of lines) if (line.startsWith('Resumed.')) t.is(line.trimEnd(), 'Resumed.', `a frame drew over the notice:\n${frame}`);
  }
});

/** A demo folder made by `ferry demo` (then quit), for a live run the test writes itself. */
async function demoFolder(t: import('ava').ExecutionContext, size: {columns: number; rows: number}): Promise<string> {
  const setup = terminal({FERRY_DEMO_TICKETS: '40'});
  const dir = path.join(setup.cwd, 'ferry-demo');
  t.teardown(() => {
    if (existsSync(path.join(dir, 'demo-host.json'))) writeFileSync(path.join(dir, 'demo-host.stop'), 'stop\n');
    setup.kill();
  });
  setup.start(`node ${FERRY} demo --dir ${dir}`, size);
  await setup.waitFor((s) => s.includes("the demo's, kept in its folder"), 'the demo folder made', 90_000);
  await press(setup, 'q', (s) => s.includes('EXITED'), 'q quits');
  setup.kill();
  return dir;
}

inTmux('at 70x20 during a live run: G shows the end of Run and keeps it there as lines come; a type without a total says so', async (t) => {
  t.timeout(240_000);
  const size = {columns: 70, rows: 20};
  const dir = await demoFolder(t, size);
  // A live run (this test's pid) that moves on as a real one does: counts grow, failures come.
  const now = Date.now();
  const done = (total: number) => ({total, migrated: total, failed: 0, skipped: 0, finished: true});
  const live = {
    runId: 1, mode: 'demo', state: 'running', pid: process.pid, startedAt: now - 60_000, updatedAt: now,
    types: {ticket_fields: done(8), groups: done(4), agents: done(8), organizations: {migrated: 0, failed: 0, skipped: 0, finished: false}, contacts: {total: 300, migrated: 20, failed: 1, skipped: 0, finished: false}},
    http: {source: {requestsLastMinute: 1, limitPerMinute: 400, retries: 0, requests: 1}, target: {requestsLastMinute: 1, limitPerMinute: 200, retries: 0, requests: 1}},
    failures: [{type: 'contacts', sourceId: '10196', label: 'Maria Gonzalez <maria.gonzalez@@example>', reason: 'invalid email address "maria.gonzalez@@example"; correct it in zendesk and retry', at: now}],
    message: 'Reading contacts',
  } as unknown as LiveProgress;
  const journal = Journal.inFolder(dir);
  t.teardown(() => journal.close());
  let tick = 0;
  const write = () => {
    tick++;
    live.updatedAt = Date.now();
    (live.types as Record<string, {migrated: number}>).contacts!.migrated = 20 + tick;
    // Every few writes the latest failure changes length: the screen grows and shrinks by a line or two.
    live.failures[0]!.label = tick % 3 ? 'Maria Gonzalez <maria.gonzalez@@example>' : 'Maria Alejandra Gonzalez de la Fuente y Ortega <maria.alejandra.gonzalez@@example>';
    journal.setMeta('live', JSON.stringify(live));
  };
  write();
  const driver = setInterval(write, 400);
  t.teardown(() => clearInterval(driver));

  const term = terminal();
  t.teardown(() => term.kill());
  term.start(`sh -c 'cd ${dir} && exec node ${FERRY}'`, size);
  await term.waitFor((s) => s.includes('ferry ·'), 'the console', 60_000);
  let screen = await press(term, '9', (s) => s.includes('Run 1 (demo): running') && /more below/.test(s), 'Run with the live run, longer than the terminal');
  // Organizations, pulled in by the tickets as they need them, has no total: said in words, not "0/?".
  t.regex(screen, /Organizations\s+(\[[#-]*\]\s+)?as needed/, screen);
  t.notRegex(screen, /\/\?/);
  screen = await press(term, 'G', (s) => !/more below/.test(s), 'the end of Run');
  // It stays at the end while the run moves on: several writes later, nothing is below.
  const seenTick = tick;
  screen = await term.waitFor((s) => tick >= seenTick + 6 && s.includes('target API'), 'the run moved on', 60_000);
  t.notRegex(screen, /more below/, `G at 70x20 during a live run:\n${screen}`);
  t.regex(screen, /source API[\s\S]*target API/);
  // And k leaves the end: the window no longer follows it.
  screen = await press(term, 'k', (s) => /more below/.test(s), 'one line up');
  t.regex(screen, /more below/);
});
