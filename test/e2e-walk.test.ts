// The demo walked in a real terminal (tmux) at 80x24 and at 60x16, as `npm start`
// starts it: on every screen the active tab is visible and no line is cut without
// a way to read it; after the run, the counts on Run and Results agree with
// `ferry status --json`, column for column, and during it the footer offers
// pause and cancel. Then verify from Results, fix one failure where the advice sends
// the operator, and retry it: at most 15 keys in all. Keys and seconds are printed.
import test from 'ava';
import {execFileSync} from 'node:child_process';
import {existsSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {FERRY, withTmux, terminal, type Terminal} from './e2e-helpers.js';

const inTmux = withTmux(test);
import {SCREENS, SCREEN_KEYS, SCREEN_TITLES} from '../source/app/console/state.js';

// Ellipses that are words, not cuts: work in progress.
const PROGRESS = /(Testing|Working|Checking|Trying [^…]*|Reading [^…]*|Estimating[^…]*|emulators|background|Retrying[^…]*|Pausing[^…]*|Cancelling[^…]*)…/g;

/**
 * Lines cut with no way to read them. A cut row of a list is fine when it is not the
 * selected one (moving onto it shows it whole) or when the selected row's text is
 * shown whole below it; any other cut line (a header, a message, a footer) is not.
 */
function unreadableCuts(screen: string): string[] {
  const lines = screen.split('\n');
  const bad: string[] = [];
  lines.forEach((raw, index) => {
    const line = raw.replace(PROGRESS, '');
    if (!line.includes('…')) return;
    // A detail cut under a list says which key shows it all (Table's moreDetail), or it cannot be read here.
    if (/^\s+… /.test(raw)) {
      if (!/^\s+… \S+ shows it all/.test(raw)) bad.push(raw);
      return;
    }
    const listRow = /^(  |! |●|› )/.test(raw) && index >= 2;
    if (listRow && !raw.startsWith('›')) return;
    if (listRow) {
      // Each cut cell's text must appear whole on another line (the detail under the list).
      const cut = line.split('…').slice(0, -1).map((part) => part.trimEnd().split(/\s{2,}/).pop()!.slice(-12).trim());
      const rest = lines.filter((_, i) => i !== index).join('\n');
      if (cut.every((piece) => !piece || rest.includes(piece))) return;
      // Or the detail under the list says which key shows the row whole.
      if (lines.some((other) => /^\s+… \S+ shows it all/.test(other))) return;
    }
    bad.push(raw);
  });
  return bad;
}

function ferryStatus(dir: string): {types: Record<string, {total: number; migrated: number; failed: number; skipped: number; pending: number; warnings: number; referenced: number}>; status: string} {
  return JSON.parse(execFileSync(process.execPath, [FERRY, 'status', '--dir', dir, '--json'], {encoding: 'utf8'}));
}

function stopDemoHost(dir: string) {
  if (existsSync(path.join(dir, 'demo-host.json'))) writeFileSync(path.join(dir, 'demo-host.stop'), 'stop\n');
}

/** Sends one key and waits for the screen to change (a key sent before the app listens is sent again). */
async function press(term: Terminal, key: string, until: (s: string) => boolean, what: string, counter: {keys: number}) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = term.screen();
    if (attempt === 0) counter.keys++;
    term.keys(key);
    try {
      return await term.waitFor((s) => until(s) && s !== before, what, attempt === 2 ? 60_000 : 4000);
    } catch (error) {
      if (until(term.screen())) return term.screen();
      if (attempt === 2) throw error;
    }
  }
  throw new Error(what);
}

async function checkEveryScreen(t: import('ava').ExecutionContext, term: Terminal, columns: number, rows: number) {
  for (const screen of SCREENS) {
    const key = SCREEN_KEYS[screen];
    const shown = await term.waitFor(() => true, 'the screen');
    const onIt = (s: string) => (s.split('\n')[1] ?? '').includes(`[${key}:${SCREEN_TITLES[screen]}]`);
    const now = onIt(shown) ? shown : await press(term, key, onIt, `the ${SCREEN_TITLES[screen]} tab`, {keys: 0});
    // Let the screen load what it reads (fields, estimate) before judging its lines: no "…ing…"
    // message left, and the same screen twice a second apart (a bound, not a pace: a loaded
    // machine takes longer).
    let settled = term.screen();
    for (const started = Date.now(); Date.now() - started < 120_000; ) {
      await new Promise((r) => setTimeout(r, 1000));
      const again = term.screen();
      const loading = /\b(Estimating|Loading|Reading|Checking|Counting)\b[^\n]*…/.test(again);
      if (again === settled && !loading) break;
      settled = again;
    }
    const lines = settled.split('\n');
    t.true(lines.every((line) => line.length <= columns), `${screen} at ${columns}x${rows}: a line is wider than the terminal`);
    t.true(onIt(settled), `${screen} at ${columns}x${rows}: the active tab is visible\n${settled}`);
    t.deepEqual(unreadableCuts(settled), [], `${screen} at ${columns}x${rows}:\n${settled}`);
    void now;
  }
}

for (const size of [{columns: 80, rows: 24}, {columns: 60, rows: 16}]) {
  inTmux(`the demo at ${size.columns}x${size.rows}: npm start to results, every screen readable, one set of numbers`, async (t) => {
    // 80x24 runs the demo as npm start does (the emulators' real limits); 60x16 with them lifted.
    const env: Record<string, string> = size.columns === 80 ? {} : {FERRY_DEMO_FAST: '1', FERRY_DEMO_TICKETS: '30'};
    const term = terminal(env);
    const dir = path.join(term.cwd, 'ferry-demo');
    t.teardown(() => {
      stopDemoHost(dir);
      term.kill();
    });
    const started = Date.now();
    const keys = {keys: 0};
    term.start(`node ${FERRY} demo`, size);
    await term.waitFor((s) => s.includes("the demo's, kept in its folder"), 'the Connect screen with the demo filled in', 60_000);
    await press(term, 'a', (s) => s.includes('source ✓ ok') && s.includes('target ✓ ok'), 'both connections tested', keys);
    await press(term, 's', (s) => (s.split('\n')[1] ?? '').includes('[3:Records]'), 'the Records screen', keys);
    await press(term, '9', (s) => s.includes('No run yet'), 'the Run screen', keys);
    const running = await press(term, 's', (s) => /Run 1 \(demo\)/.test(s), 'the demo run to start', keys);
    if (/Run 1 \(demo\): running/.test(running)) {
      // During the run the footer offers what acts now: pause and cancel, not start.
      const footer = running.trimEnd().split('\n').at(-1)!;
      t.regex(footer, /p pause\/resume · c cancel/, running);
      t.notRegex(running, /at least|-\d+:\d+ left/);
    }
    const finished = await term.waitFor((s) => /Run 1 \(demo\): finished/.test(s), 'the demo run to finish', 120_000);
    let results = await press(term, '0', (s) => s.includes('Record type'), 'the Results screen', keys);
    // A short terminal scrolls the table: G shows its end.
    if (!/All\s+\d+/.test(results)) results = await press(term, 'G', (s) => /All\s+\d+/.test(s), 'the end of the Results table', keys);
    const seconds = (Date.now() - started) / 1000;
    t.log(`${size.columns}x${size.rows}: ${keys.keys} keys and ${seconds.toFixed(1)} s from start to the demo's results`);

    const status = ferryStatus(dir);
    t.is(status.status, 'finished');
    // Run: each type's done count is the journal's migrated + failed + skipped, and its
    // columns are Results' (migrated, warnings, failed, skipped, pending, refs), bar or no bar.
    t.regex(finished, /Record type\s+Done\s+Left\s+Migr\s+Warn\s+Fail\s+Skip\s+Pend\s+Refs/);
    let typeRows = 0;
    for (const line of finished.split('\n')) {
      const match = /^(Ticket fields|Groups|Organizations|Agents|Contacts|Tickets|KB categories|KB sections|KB articles)\s+(?:\[[#-]*\]\s+)?(\d+)\/\S+\s+done((?:\s+\d+){6})$/.exec(line.trimEnd());
      if (!match) continue;
      typeRows++;
      const type = match[1]!.toLowerCase().replace('kb ', 'kb_').replace(' ', '_');
      const counts = status.types[type]!;
      t.is(Number(match[2]), counts.migrated + counts.failed + counts.skipped, `${match[1]} on Run against status --json`);
      t.deepEqual(match[3]!.trim().split(/\s+/).map(Number), [counts.migrated, counts.warnings, counts.failed, counts.skipped, counts.pending, counts.referenced], `${match[1]}'s columns on Run against status --json`);
    }
    t.true(typeRows >= 5, finished);
    // Results: the All row is the sum of status --json's columns.
    const sum = (key: keyof (typeof status.types)[string]) => Object.values(status.types).reduce((n, c) => n + c[key], 0);
    const all = /All\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/.exec(results)!;
    t.truthy(all, results);
    t.deepEqual(all.slice(1).map(Number), [sum('total'), sum('migrated'), sum('warnings'), sum('failed'), sum('skipped'), sum('pending'), sum('referenced')]);
    t.true(sum('warnings') > 0, 'the demo has records migrated with warnings (Task types, inline images, an oversized attachment)');
    t.true(sum('referenced') > 0, 'the demo pulls contacts and organizations in as references');

    // On to a verified demo and one failure fixed and retried, from the console alone.
    const verified = await press(term, 'v', (s) => /Checked \d+ migrated records/.test(s.replace(/\s*\n\s*/g, ' ')), 'verify from Results', keys);
    t.regex(verified.replace(/\s*\n\s*/g, ' '), /: 0 differences, 0 missing on the target/);
    await press(term, 'Escape', (s) => s.includes('Record type'), 'back to Results', keys);
    // The advice sends the operator to Fields, which opens on the row to fix.
    await press(term, '5', (s) => /› Product \(required/.test(s), 'Fields on the required Product row', keys);
    await press(term, 'Enter', (s) => s.includes('Default for "Product"'), 'the choice of a default', keys);
    await press(term, 'Enter', (s) => !s.includes('Default for "Product"') && /Product \(required[^\n]*Harbor/.test(s), 'the default chosen', keys);
    await press(term, 'F', (s) => /\[F:Failures\]/.test(s) && s.includes('Failed ('), 'the Failures screen', keys);
    await press(term, 'A', (s) => s.includes('Last retry: finished'), 'the retry to finish', keys);
    // The list follows the journal a moment after the retry ends: the fixed ticket leaves it.
    const retried = await term.waitFor((s) => s.includes('Last retry: finished') && !/tickets\s+20011/.test(s), 'the fixed failure gone from the list', 30_000);
    t.regex(retried, /Failed \(2\)/);
    const walkSeconds = (Date.now() - started) / 1000;
    t.log(`${size.columns}x${size.rows}: ${keys.keys} keys and ${walkSeconds.toFixed(1)} s from start to a verified demo with one failure fixed and retried`);
    t.true(keys.keys <= 15, `${keys.keys} keys`);

    await checkEveryScreen(t, term, size.columns, size.rows);
  });
}
