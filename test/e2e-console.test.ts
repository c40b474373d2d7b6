// End to end in a real terminal (tmux): the whole demo migration by keystrokes,
// 80x24 with a resize and SIGTERM, and a terminal killed mid-run.
import test from 'ava';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {FERRY, withTmux, paneProgramPid, terminal, type Terminal} from './e2e-helpers.js';

const inTmux = withTmux(test);
import {Journal} from '../source/engine/journal.js';
import {readLiveProgress, isAlive} from '../source/engine/live-progress.js';

const FAST = {FERRY_DEMO_FAST: '1', FERRY_DEMO_TICKETS: '60'};

function stopDemoHost(dir: string) {
  if (existsSync(path.join(dir, 'demo-host.json'))) writeFileSync(path.join(dir, 'demo-host.stop'), 'stop\n');
}

async function openDemoAndConnect(term: Terminal) {
  await term.waitFor((s) => s.includes('› Try the demo'), 'the Start screen');
  await pressUntil(term, 'Enter', (s) => s.includes('Folder') && s.includes('ferry-demo'), 'the folder prompt', 5);
  term.keys('Enter');
  await term.waitFor((s) => s.includes('[Source]') && s.includes("the demo's, kept in its folder"), 'the Connect screen with the demo filled in', 40_000);
  term.keys('a');
  await term.waitFor((s) => s.includes('source ✓ ok') && s.includes('target ✓ ok'), 'both connections tested');
  term.keys('s');
  await term.waitFor((s) => s.includes('[3:Records]'), 'the Records screen');
}

async function targetState(dir: string): Promise<Record<string, number>> {
  const host = JSON.parse(readFileSync(path.join(dir, 'demo-host.json'), 'utf8')) as {targetUrl: string};
  const response = await fetch(`${host.targetUrl}/__emulator/state`);
  return (await response.json()) as Record<string, number>;
}

/** Presses a key one at a time, waiting for each press to show, until the screen matches. */
async function pressUntil(term: Terminal, key: string, check: (s: string) => boolean, what: string, max = 40) {
  for (let i = 0; i < max; i++) {
    const before = term.screen();
    if (check(before)) return;
    term.keys(key);
    // A key sent before the app listens (a loaded machine) changes nothing: press again.
    await term.waitFor((s) => s !== before, `${what} (after pressing ${key})`, 3000).catch(() => undefined);
  }
  await term.waitFor(check, what, 30_000);
}

inTmux('a whole demo migration by keystrokes: connect, map an agent, run, fix a failure, retry it, quit', async (t) => {
  const term = terminal(FAST);
  const dir = path.join(term.cwd, 'ferry-demo');
  t.teardown(() => {
    stopDemoHost(dir);
    term.kill();
  });
  term.start(`node ${FERRY}`);
  await openDemoAndConnect(term);
  const before = await targetState(dir);

  term.keys('4');
  let screen = await term.waitFor((s) => s.includes('1 unmatched'), 'the Agents screen');
  t.regex(screen, /! Lucas Moreau .*UNMATCHED/);
  term.keys('G');
  await term.waitFor((s) => /› Lucas Moreau/.test(s), 'the cursor on Lucas');
  term.keys('Enter');
  await term.waitFor((s) => s.includes('Target agent for Lucas Moreau'), 'the agent picker');
  term.keys('j');
  await term.waitFor((s) => /› Marcus Webb/.test(s), 'the cursor on Marcus');
  term.keys('Enter');
  screen = await term.waitFor((s) => s.includes('all matched'), 'the manual match');
  t.regex(screen, /Lucas Moreau .*marcus\.webb@harborlight\.test\s+by hand/);
  t.deepEqual(JSON.parse(readFileSync(path.join(dir, 'plan.json'), 'utf8')).agentMap.manual, {'1008': 'marcus.webb@harborlight.test'});

  term.keys('9');
  await term.waitFor((s) => s.includes('[9:Run]') && s.includes('No run yet'), 'the Run screen');
  term.keys('s');
  // Finished, and drawn whole (a frame may still be measuring its new lines).
  screen = await term.waitFor((s) => /Run 1 \(demo\): finished/.test(s) && /Latest failure [\s\S]*has no value/.test(s), 'the demo run to finish', 90_000);
  t.regex(screen, /Tickets\s+\[#+\]\s+60\/60/);
  // The demo account's problems among these tickets: an invalid requester email (its contact
  // and its ticket fail) and two tickets without the required Product.
  // Run's columns are Results': migrated, warnings, failed, skipped, pending, refs.
  t.regex(screen, /Contacts .*done\s+\d+\s+\d+\s+1\s+\d+\s+\d+\s+\d+/);
  t.regex(screen, /Tickets .*60\/60\s+done\s+\d+\s+\d+\s+3\s+\d+\s+\d+\s+\d+/);
  t.regex(screen, /Latest failure .*tickets:20051 [\s\S]*"Product" has no value/);

  term.keys('F');
  screen = await term.waitFor((s) => /4 of 4 failed/.test(s) && /tickets\s+20051/.test(s), 'the Failures screen');
  t.regex(screen, /contacts\s+\d+\s+Maria Gonzalez.*invalid email address/);
  await pressUntil(term, 'j', (s) => /› tickets\s+20051/.test(s), 'the cursor on ticket 20051');
  term.keys('Enter');
  screen = await term.waitFor((s) => s.includes('Attempts: 1'), 'the failure details');
  t.regex(screen, /required target field "Product" has no value/);
  term.keys('Escape');
  await term.waitFor((s) => /› tickets\s+20051/.test(s), 'back on the list');

  // Fix the cause on the Fields screen, then retry that one record.
  term.keys('5');
  // Once the screen has loaded what it reads (it then puts the cursor on the first row that needs
  // the operator), go to the top and down to Product: the cursor never passes it whatever the timing.
  await term.waitFor((s) => s.includes('Product (required)') && s.includes("The run's mapping"), 'the Fields screen');
  const firstRowSelected = (s: string) => {
    const lines = s.split('\n');
    const header = lines.findIndex((line) => /Source\s+Target\s+Note/.test(line));
    return header >= 0 && /^\s*›/.test(lines[header + 1] ?? '');
  };
  await pressUntil(term, 'g', firstRowSelected, 'the cursor on the first row', 5);
  await pressUntil(term, 'j', (s) => /› Product \(required\)/.test(s), 'the cursor on Product (required)');
  term.keys('Enter');
  await term.waitFor((s) => s.includes('Default for "Product"'), 'the value picker');
  term.keys('Enter');
  await term.waitFor((s) => /Product \(required\)\s+Harbor Web/.test(s), 'the default set');
  term.keys('F');
  await term.waitFor((s) => /tickets\s+20051/.test(s), 'the Failures screen again');
  await pressUntil(term, 'j', (s) => /› tickets\s+20051/.test(s), 'the cursor on ticket 20051 again');
  term.keys('r');
  screen = await term.waitFor((s) => s.replace(/\s+/g, ' ').includes('Last retry: finished, 1 record retried: 1 migrated, 0 failed again') && /3 of 3 failed/.test(s), 'the retry to finish', 60_000);
  t.notRegex(screen, /tickets\s+20051/);

  const after = await targetState(dir);
  t.is(after.tickets! - before.tickets!, 58, 'every demo ticket reached the target, the retried one too, but the two still failing');
  const tickets = (await (await fetch(`${JSON.parse(readFileSync(path.join(dir, 'demo-host.json'), 'utf8')).targetUrl}/__emulator/records/tickets`)).json()) as Array<{subject: string}>;
  t.true(tickets.some((ticket) => ticket.subject.includes('Sending reports automatically to the team')));

  term.keys('q');
  screen = await term.waitFor((s) => s.includes('EXITED 0'), 'ferry to quit');
  const normal = term.tmux('capture-pane', '-p', '-t', 'app', '-S', '-100'); // with what scrolled up
  t.regex(normal, /ferry: Demo: Zendesk to Freshdesk in /);
  t.regex(normal, /Last run 2 \(retry\): finished/);
  // Total, migrated, of them with warnings, failed, skipped, (pending,) referenced: the journal's numbers.
  t.regex(screen, /All\s+185\s+181\s+\d+\s+3\s+1\s/);
  t.is(term.tmux('display', '-p', '-t', 'app', '#{alternate_on}').trim(), '0');
  // Nothing is running, so quitting stopped the demo emulators (a hang bound: a loaded machine is slow to stop them).
  const deadline = Date.now() + 60_000;
  while (existsSync(path.join(dir, 'demo-host.json')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  t.false(existsSync(path.join(dir, 'demo-host.json')));
});

inTmux('80x24, a resize to 60x16, then SIGTERM restores the normal screen', async (t) => {
  const term = terminal();
  t.teardown(() => term.kill());
  term.start(`node ${FERRY}`, {columns: 80, rows: 24});
  let screen = await term.waitFor((s) => s.includes('› Try the demo'), 'the Start screen');
  const lines = screen.split('\n');
  t.regex(lines[1]!, /\[1:Start\]/);
  t.regex(lines[22]!, /q quit/, 'the keys on the last row (ink keeps the very last one free)');
  t.is(term.tmux('display', '-p', '-t', 'app', '#{alternate_on}').trim(), '1');
  term.tmux('resize-window', '-t', 'app', '-x', '60', '-y', '16');
  screen = await term.waitFor((s) => s.startsWith('ferry ·') && s.includes('Try the demo') && /q quit\s*$/.test(s.split('\n')[14] ?? ''), 'the console redrawn at 60x16');
  t.true(screen.split('\n').every((line) => line.length <= 60));
  t.regex(screen, /Try the demo/);
  term.keys('2');
  await term.waitFor((s) => s.includes('[2:Connect]'), 'the Connect tab at 60 columns');
  process.kill(paneProgramPid(term), 'SIGTERM');
  await term.waitFor((s) => s.includes('EXITED 143'), 'ferry to stop on SIGTERM');
  t.is(term.tmux('display', '-p', '-t', 'app', '#{alternate_on}').trim(), '0');
});

test.serial('without a terminal it refuses and says how to run headless', async (t) => {
  const {spawnSync} = await import('node:child_process');
  const result = spawnSync(process.execPath, [FERRY], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
  t.is(result.status, 2);
  t.regex(result.stderr, /needs a terminal/);
  t.regex(result.stderr, /ferry run --mode/);
});

inTmux('the terminal killed mid-run: the migration carries on, and a new ferry shows it', async (t) => {
  // Real API limits (no FERRY_DEMO_FAST): the run lasts long enough to kill the terminal under it.
  const term = terminal({FERRY_DEMO_TICKETS: '20'});
  const dir = path.join(term.cwd, 'ferry-demo');
  let runnerPid: number | undefined;
  t.teardown(async () => {
    // Cancel through the journal as the console does, then make sure it is gone (the journal
    // stays consistent at any instant, so a kill loses nothing).
    if (runnerPid && isAlive(runnerPid)) {
      const control = Journal.inFolder(dir);
      control.setMeta('control', 'cancel');
      control.close();
      const deadline = Date.now() + 5000;
      while (isAlive(runnerPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (isAlive(runnerPid)) process.kill(runnerPid, 'SIGKILL');
    }
    stopDemoHost(dir);
    term.kill();
  });
  term.start(`node ${FERRY}`);
  await openDemoAndConnect(term);
  term.keys('9');
  await term.waitFor((s) => s.includes('No run yet'), 'the Run screen');
  term.keys('s');
  await term.waitFor((s) => /Run 1 \(demo\): running/.test(s), 'the run to start', 30_000);
  term.kill(); // the terminal goes away (SIGHUP to ferry), as with a dropped SSH connection

  const journal = Journal.inFolder(dir);
  t.teardown(() => journal.close());
  const done = () => Object.values(journal.countsAll()).reduce((n, c) => n + (c ? c.migrated + c.failed + c.skipped : 0), 0);
  const first = done();
  const live = readLiveProgress(journal)!;
  runnerPid = live.pid;
  const deadline = Date.now() + 30_000;
  while (done() <= first && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  t.true(done() > first, 'the journal keeps advancing after the terminal died');
  t.true(isAlive(live.pid));

  const again = terminal();
  t.teardown(() => again.kill());
  again.tmux('new-session', '-d', '-s', 'app', '-x', '100', '-y', '30', '-c', dir, `env -u CI FERRY_HOME=${term.home} node ${FERRY}; echo "EXITED $?"; sleep 60`);
  const screen = await again.waitFor((s) => /Run 1 \(demo\): (running|finished)/.test(s), 'the second ferry to show the run', 30_000);
  t.regex(screen, /\[9:Run\]/);
  // It follows the live run: the counts move on this screen as the detached run settles records.
  await again.waitFor((s) => /Ticket fields\s+\[#+\]\s+8\/8/.test(s), 'the ticket fields to be done on the second ferry', 30_000);
  again.keys('q');
  await again.waitFor((s) => s.includes('Quit? (y/n)') || s.includes('EXITED'), 'the quit question');
  again.keys('y');
  const summary = await again.waitFor((s) => s.includes('EXITED 0'), 'ferry to quit');
  t.regex(summary, /still running in the background|finished/);
});
