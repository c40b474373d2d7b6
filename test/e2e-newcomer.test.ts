// The console walked again as a newcomer (issue 23), in a real terminal (tmux) at 80x24 and
// 60x16: no key trap on a screen with nothing open, a start time in the past refused as
// typed, pause and cancel in the footer during a run, and after a cancelled full run the
// console reopened in another terminal shows the full mode and that s resumes it.
import test from 'ava';
import {existsSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {FERRY, withTmux, terminal, type Terminal} from './e2e-helpers.js';

const inTmux = withTmux(test);

function stopDemoHost(dir: string) {
  if (existsSync(path.join(dir, 'demo-host.json'))) writeFileSync(path.join(dir, 'demo-host.stop'), 'stop\n');
}

const tabLine = (s: string) => s.split('\n')[1] ?? '';
const footer = (s: string) => s.trimEnd().split('\n').at(-1) ?? '';
const flat = (s: string) => s.replace(/\s*\n\s*/g, ' ');

/** Sends a key and waits for the screen to match; sent again only if the screen did not change at all (the app not listening yet): p and c toggle. */
async function press(term: Terminal, key: string, until: (s: string) => boolean, what: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = term.screen();
    term.keys(key);
    const changed = await term.waitFor((s) => s !== before, what, 15_000).then(() => true, () => false);
    if (changed || attempt === 2) return term.waitFor((s) => until(s) && s !== before, what, 120_000);
  }
  throw new Error(what);
}

for (const size of [{columns: 80, rows: 24}, {columns: 60, rows: 16}]) {
  inTmux(`a newcomer at ${size.columns}x${size.rows}: no key trap, a past start time refused, pause and cancel offered, the cancelled full run's mode kept`, async (t) => {
    t.timeout(300_000);
    const term = terminal({FERRY_DEMO_TICKETS: '40'});
    const dir = path.join(term.cwd, 'ferry-demo');
    t.teardown(() => {
      stopDemoHost(dir);
      term.kill();
    });
    // 1. Nothing open (an empty folder): t on Run opens no hidden field; 2 still jumps.
    term.start(`node ${FERRY}`, size);
    await term.waitFor((s) => s.includes('Try the demo'), 'the Start screen', 60_000);
    await press(term, '9', (s) => /\[9:Run\]/.test(tabLine(s)), 'the Run tab');
    const refused = await press(term, 't', (s) => flat(s).includes('Connect a source and a target first (2).') && !s.includes('Start at'), 't refused');
    t.notRegex(refused, /Start at/);
    await press(term, '2', (s) => /\[2:Conn/.test(tabLine(s)), 'the Connect tab after t on Run');
    await press(term, 'q', (s) => s.includes('EXITED'), 'q quits');
    term.kill();

    // The demo, as ferry demo opens it.
    const run = terminal({FERRY_DEMO_TICKETS: '40'});
    t.teardown(() => run.kill());
    run.start(`node ${FERRY} demo --dir ${dir}`, size);
    await run.waitFor((s) => s.includes("the demo's, kept in its folder"), 'the Connect screen with the demo filled in', 90_000);
    await press(run, '9', (s) => s.includes('No run yet'), 'the Run screen');
    // 2. A start time in the past is refused when typed; nothing starts.
    await press(run, 't', (s) => s.includes('Start at'), 'the start-time field');
    run.type('2020-01-01T00:00');
    await run.waitFor((s) => s.includes('2020-01-01T00:00'), 'the typed time');
    const past = await press(run, 'Enter', (s) => flat(s).includes('is in the past'), 'the past time refused');
    t.regex(flat(past), /2020-01-01T00:00 is in the past/);
    t.notRegex(past, /Run 1/);
    await press(run, 'Escape', (s) => !s.includes('Start at'), 'the field closed');
    // 9. A full run: the footer offers pause and cancel, not start.
    await press(run, 'm', (s) => /\[demo\]/.test(s) === false && /\[full\]/.test(s), 'full mode');
    const running = await press(run, 's', (s) => /Run 1 \(full\): running/.test(s), 'the full run running');
    t.regex(footer(running), /p pause\/resume · c cancel/);
    t.notRegex(footer(running), /s \/ Enter start/);
    // 7. Time left is never "at least" nor negative.
    t.notRegex(running, /at least|-\d+:\d\d left/);
    // 7. The time left stands still while paused. At the demo's
    // real limits a full run may still say what it waits for ("known once … has started"): the
    // same words must stay, whichever.
    const paused = await press(run, 'p', (s) => /Run 1 \(full\): paused · \d+:\d\d · /.test(flat(s)), 'the run paused');
    const clock = (s: string) => /Run 1 \(full\): paused · (\d+):(\d\d) · (.+?) Record type/.exec(flat(s));
    t.truthy(clock(paused), paused);
    const left0 = clock(paused)![3];
    t.notRegex(left0!, /at least|-\d+:\d\d/);
    // Something that must not change is watched for a while (a loaded machine can only make this weaker).
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const later = run.screen();
    t.is(clock(later)![3], left0, `7 at ${size.columns}x${size.rows}: time left moved while paused:\n${later}`);
    await press(run, 'p', (s) => /Run 1 \(full\): running/.test(s), 'the run resumed');
    await press(run, 'c', (s) => s.includes('Cancel the run?'), 'the cancel question');
    await press(run, 'y', (s) => /Run 1 \(full\): cancelled/.test(s), 'the run cancelled');
    await press(run, 'q', (s) => s.includes('EXITED'), 'q quits');
    run.kill();

    // 8. Reopened in another terminal: the last run's mode, and s resumes it.
    const again = terminal();
    t.teardown(() => again.kill());
    again.start(`sh -c 'cd ${dir} && exec node ${FERRY}'`, size);
    const resumeHint = (s: string) => flat(s).includes('s: resume the full run where it stopped');
    const reopened = await again.waitFor((s) => /Run 1 \(full\): cancelled/.test(s) && (resumeHint(s) || s.includes('more below')), 'the console reopened on the cancelled run', 60_000);
    t.regex(reopened, /Mode:\s+demo\s+\[full\]\s+delta/);
    t.notRegex(reopened, /\[demo\]/);
    // A short terminal scrolls the screen (it says what is below): G shows its end.
    const end = resumeHint(reopened) ? reopened : await press(again, 'G', resumeHint, 'the end of the Run screen');
    t.true(resumeHint(end), end);
  });
}
