// The console walked as a newcomer (issue 23): no key leaves the keyboard in a mode
// nobody can see, the Run screen counts as Results does, and what it says about time
// and mode belongs to the live or last run.
import test from 'ava';
import {KEYS, demoPlan, renderConsole, waitFor} from './console-helpers.js';
import type {OutcomeCounts, CountsByType} from '../source/engine/outcomes.js';
import type {LiveProgress} from '../source/engine/live-progress.js';
import type {RunRow} from '../source/engine/journal.js';
import type {TicketField} from '../source/contracts/model.js';
import {connectionWords} from '../source/app/console/advice.js';
import {tierLimit} from '../views/screens/Connect.js';
import {KEYMAP, type KeyInfo} from '../views/keymap.js';
import {SCREENS, SCREEN_KEYS} from '../source/app/console/state.js';

/** Every printable key a screen's own table reads. */
function screenChars(screen: (typeof SCREENS)[number]): string[] {
  const chars = Array.from({length: 95}, (_, i) => String.fromCharCode(32 + i));
  return chars.filter((c) => KEYMAP[screen].some((binding) => binding.match?.(c, {} as KeyInfo)));
}

test('with no folder open, no screen key opens a hidden field: the jump keys still work after each', async (t) => {
  for (const screen of SCREENS.filter((s) => s !== 'start')) {
    for (const char of screenChars(screen)) {
      const {app, store, press, frame} = renderConsole({screen});
      await press(char);
      const other = screen === 'connect' ? 'records' : 'connect';
      // With nothing open no screen has a field to type in: the jump key must act.
      await press(SCREEN_KEYS[other]);
      t.is(store.getState().screen, other, `${screen}, after "${char}": ${SCREEN_KEYS[other]} did not jump\n${frame()}`);
      app.unmount();
    }
  }
});


const plan = demoPlan();
const http = {source: {requestsLastMinute: 1, limitPerMinute: 400, retries: 0, requests: 1}, target: {requestsLastMinute: 1, limitPerMinute: 200, retries: 0, requests: 1}};
const oc = (c: Partial<OutcomeCounts>): OutcomeCounts => ({total: 0, migrated: 0, failed: 0, skipped: 0, pending: 0, warnings: 0, referenced: 0, ...c});
function live(change: Partial<LiveProgress> = {}): LiveProgress {
  const now = Date.now();
  return {runId: 2, mode: 'full', state: 'running', pid: process.pid, startedAt: now - 60_000, updatedAt: now, types: {}, http, failures: [], ...change};
}

test('Run counts as Results does: skipped and pending in their own columns, and a type an earlier run finished reads full, not 0/8', async (t) => {
  const runCounts: CountsByType = {agents: oc({total: 8, migrated: 7, skipped: 1}), contacts: oc({total: 276, migrated: 267, failed: 1, skipped: 4, pending: 4})};
  const overall: CountsByType = {...runCounts, ticket_fields: oc({total: 8, migrated: 8})};
  const progress = live({types: {
    ticket_fields: {total: 8, migrated: 0, failed: 0, skipped: 0, finished: true},
    agents: {total: 8, migrated: 8, failed: 0, skipped: 0, finished: true},
    contacts: {total: 300, migrated: 272, failed: 1, skipped: 0, finished: false},
  }});
  const {app, frame} = renderConsole({screen: 'run', plan, dir: '/tmp/x', run: {live: progress, alive: true, runCounts, overall}});
  await waitFor(() => frame().includes('Run 2'), frame);
  t.regex(frame(), /Agents\s+\[#+\]\s+8\/8\s+done\s+7\s+0\s+0\s+1\s+0\s+0$/m);
  t.regex(frame(), /Contacts\s+\[#+-+\]\s+272\/300\s+\S*\s+267\s+0\s+1\s+4\s+4\s+0$/m);
  t.regex(frame(), /Ticket fields\s+\[#+\]\s+earlier\s+done/);
  t.notRegex(frame(), /0\/8/);
  app.unmount();
});

test('Run at 60 columns keeps every column (the bar gives way), and no line is wider than the terminal', async (t) => {
  const runCounts: CountsByType = {tickets: oc({total: 1000, migrated: 996, failed: 3, skipped: 1, warnings: 41})};
  const progress = live({types: {tickets: {total: 1000, migrated: 996, failed: 3, skipped: 1, finished: true}}, state: 'finished'});
  const {app, frame} = renderConsole({screen: 'run', plan, dir: '/tmp/x', run: {live: progress, alive: false, runCounts, overall: runCounts}}, {columns: 60, rows: 16});
  await waitFor(() => frame().includes('Run 2'), frame);
  t.regex(frame(), /Tickets\s+1000\/1000\s+done\s+996\s+41\s+3\s+1\s+0\s+0$/m);
  t.true(frame().split('\n').every((line) => line.length <= 60), frame());
  app.unmount();
});

test('time left is the whole run: while tickets are still to come it says so instead of "at least 0:00"', async (t) => {
  const progress = live({mode: 'demo', types: {ticket_fields: {total: 8, migrated: 8, failed: 0, skipped: 0, finished: true}, groups: {total: 4, migrated: 4, failed: 0, skipped: 0, finished: true}}});
  const runCounts: CountsByType = {ticket_fields: oc({total: 8, migrated: 8}), groups: oc({total: 4, migrated: 4})};
  const {app, frame} = renderConsole({screen: 'run', plan, dir: '/tmp/x', run: {live: progress, alive: true, runCounts, overall: runCounts}});
  await waitFor(() => frame().includes('Run 2'), frame);
  t.regex(frame(), /time left: known once Agents has started/);
  t.notRegex(frame(), /at least|finishing/);
  app.unmount();
});

test('paused, time left stands still; the footer during a run shows pause and cancel at 80 columns', async (t) => {
  const now = Date.now();
  const runCounts: CountsByType = {tickets: oc({total: 10, migrated: 10})};
  const progress = live({mode: 'delta', types: {tickets: {total: 100, migrated: 10, failed: 0, skipped: 0, finished: false}}, updatedAt: now - 10_000});
  // Only tickets in the plan: nothing else is still to come.
  const {app, frame, store} = renderConsole({screen: 'run', plan: {...plan, recordTypes: ['tickets']}, dir: '/tmp/x', run: {live: progress, alive: true, runCounts, overall: runCounts}});
  await waitFor(() => frame().includes('Run 2'), frame);
  t.regex(frame().split('\n').at(-1)!, /p pause\/resume · c cancel/);
  t.notRegex(frame().split('\n').at(-1)!, /s \/ Enter start/);
  // 10 more records 10 s later: 1 record/s, 80 left.
  store.update((s) => ({...s, run: {...s.run, live: {...progress, updatedAt: now}, runCounts: {tickets: oc({total: 20, migrated: 20})}}}));
  store.flush();
  // About 80 s from `now` (1 record/s): the screen counts down on the wall clock, so on a slow machine it may already show less.
  await waitFor(() => /about [01]:\d\d left/.test(frame()), frame);
  store.update((s) => ({...s, run: {...s.run, live: {...s.run.live!, state: 'paused', updatedAt: now + 1}}}));
  store.flush();
  await waitFor(() => frame().includes('stands still while paused'), frame);
  const shown = /about (\d+:\d+) left/.exec(frame())![1];
  await new Promise((r) => setTimeout(r, 2100));
  store.update((s) => ({...s, run: {...s.run, inFlight: 0}}));
  store.flush();
  await waitFor(() => true);
  t.is(/about (\d+:\d+) left/.exec(frame())![1], shown, 'the time left did not move while paused');
  app.unmount();
});

test('after a cancelled full run the mode shown is full, and s says it resumes it', async (t) => {
  const progress = live({state: 'cancelled', mode: 'full', types: {tickets: {total: 100, migrated: 10, failed: 0, skipped: 0, finished: false}}});
  const lastRun = {id: 2, mode: 'full' as const, status: 'cancelled' as const, startedAt: new Date().toISOString(), endedAt: null, message: null} as unknown as RunRow;
  const {app, frame, press, calls} = renderConsole({screen: 'run', plan, dir: '/tmp/x', run: {live: progress, alive: false, lastRun, runCounts: {}, overall: {}}});
  await waitFor(() => frame().includes('Run 2'), frame);
  t.regex(frame(), /Mode:\s+demo \[full\] delta/);
  t.regex(frame(), /s: resume the full run where it stopped/);
  await press('s', () => calls.some(([name]) => name === 'startRun'));
  t.deepEqual(calls.find(([name]) => name === 'startRun'), ['startRun', 'full']);
  app.unmount();
});

test('m then s typed at once start the mode m chose', async (t) => {
  const {app, frame, calls} = renderConsole({screen: 'run', plan, dir: '/tmp/x'});
  await waitFor(() => frame().includes('No run yet'), frame);
  app.stdin.write('m');
  app.stdin.write('s');
  await waitFor(() => calls.some(([name]) => name === 'startRun'), frame);
  t.deepEqual(calls.find(([name]) => name === 'startRun'), ['startRun', 'full']);
  app.unmount();
});

test('a start time in the past is refused as typed, and nothing starts', async (t) => {
  const {app, frame, press, calls} = renderConsole({screen: 'run', plan, dir: '/tmp/x'});
  await waitFor(() => frame().includes('No run yet'), frame);
  await press('t', (f) => f.includes('Start at'));
  await press('2020-01-01T00:00', (f) => f.includes('2020-01-01T00:00'));
  await press(KEYS.enter, (f) => f.includes('is in the past'));
  t.regex(frame().replace(/\s+/g, ' '), /2020-01-01T00:00 is in the past \(it is now .*\): type a later time/);
  t.false(calls.some(([name]) => name === 'startRun'));
  t.regex(frame(), /Start at/, 'the field stays open with what was typed');
  app.unmount();
});

test('text and Enter that arrive in one read (a paste ending in a line break, keys coalesced over SSH) are the text, then Enter', async (t) => {
  const {app, frame, press, calls} = renderConsole({screen: 'run', plan, dir: '/tmp/x'});
  await waitFor(() => frame().includes('No run yet'), frame);
  await press('t', (f) => f.includes('Start at'));
  await press('2020-01-01T00:00\r', (f) => f.includes('is in the past'));
  t.regex(frame().replace(/\s+/g, ' '), /2020-01-01T00:00 is in the past/);
  t.false(calls.some(([name]) => name === 'startRun'));
  app.unmount();
});

test('Options: a typed fallback requester goes to the look-up on the target, never straight into the plan', async (t) => {
  const {app, frame, press, calls} = renderConsole({screen: 'options', plan, dir: '/tmp/x'});
  await waitFor(() => frame().includes('Fallback requester'), frame);
  await press('G', (f) => /› Fallback requester/.test(f));
  await press(KEYS.enter);
  await press('support@harborlight.test', (f) => f.includes('support@harborlight.test'));
  await press(KEYS.enter, () => calls.some(([name]) => name === 'setFallbackRequester'));
  t.deepEqual(calls.find(([name]) => name === 'setFallbackRequester'), ['setFallbackRequester', 'support@harborlight.test']);
  t.false(calls.some(([name]) => name === 'updatePlan'));
  app.unmount();
});

test('Start: while a folder is typed, arrows leave the list alone (one cursor), and Tab keeps the typed folder', async (t) => {
  const {app, frame, press} = renderConsole({screen: 'start'});
  await waitFor(() => frame().includes('Try the demo'), frame);
  await press(KEYS.enter, (f) => f.includes('Folder'));
  await press('-mine', (f) => f.includes('ferry-demo-mine'));
  await press(KEYS.down);
  t.is(frame().match(/›/g)?.length, 1, frame());
  await press(KEYS.tab, (f) => f.includes('Enter goes with this folder'));
  t.regex(frame(), /Folder\s+ferry-demo-mine/);
  app.unmount();
});

test('Start: the demo\'s pair is chosen with s and t, and a fresh demo starts that pair', async (t) => {
  const {app, frame, press, calls} = renderConsole({screen: 'start'});
  await waitFor(() => frame().includes('Zendesk → Freshdesk'), frame);
  await press('s', (f) => !f.includes('Zendesk → Freshdesk'));
  const shown = /(\S[^\n]*?) → (\S[^\n(]*?) \(s, t/.exec(frame())!;
  t.not(shown[1], 'Zendesk');
  await press('G', (f) => /› Start a fresh demo/.test(f));
  await press(KEYS.enter, (f) => f.includes('Folder'));
  await press(KEYS.enter, () => calls.some(([name]) => name === 'startDemo'));
  const [, , options] = calls.find(([name]) => name === 'startDemo')! as [string, string, {fresh: boolean; sourcePlatform: string; targetPlatform: string}];
  t.true(options.fresh);
  t.not(options.sourcePlatform, 'zendesk');
  t.is(options.targetPlatform, 'freshdesk');
  app.unmount();
});

test('Start: a fresh demo in a console open on a Help Scout → Freshservice demo keeps that pair', async (t) => {
  const hsfs = {...plan, source: {...plan.source, platform: 'helpscout'}, target: {...plan.target, platform: 'freshservice'}};
  const {app, frame, press, calls} = renderConsole({screen: 'start', plan: hsfs, dir: '/tmp/x', demo: {pid: 1, sourceUrl: '', targetUrl: ''}});
  await waitFor(() => frame().includes('Help Scout → Freshservice'), frame);
  await press('G', (f) => /› Start a fresh demo/.test(f));
  await press(KEYS.enter, (f) => f.includes('Folder'));
  await press(KEYS.enter, () => calls.some(([name]) => name === 'startDemo'));
  t.like(calls.find(([name]) => name === 'startDemo')![2] as object, {fresh: true, sourcePlatform: 'helpscout', targetPlatform: 'freshservice'});
  app.unmount();
});

test('Start: while the demo starts the screen says so and that Connect opens by itself; keys wait', async (t) => {
  const {app, frame, press, calls} = renderConsole({screen: 'start', startingDemo: '/tmp/ferry-demo'});
  await waitFor(() => frame().includes('Starting the demo in /tmp/ferry-demo… Connect opens by itself'), frame);
  await press(KEYS.enter, (f) => f.includes('wait until the folder is open'));
  t.false(calls.some(([name]) => name === 'startDemo'));
  app.unmount();
});

test('Connect: a secret with a space is refused as typed; a failed test of one platform is not shown under another', async (t) => {
  const failedCheck = {state: 'failed' as const, platform: 'zendesk', problems: ['Zendesk: 401 Couldn\'t authenticate you']};
  const {app, frame, press, calls} = renderConsole({screen: 'connect', plan, dir: '/tmp/x', connection: {source: failedCheck, target: {state: 'untested', problems: []}}});
  await waitFor(() => frame().includes('[Source]'), frame);
  t.regex(frame(), /source ✗ failed/);
  t.regex(frame(), /Plan tier\s+professional \(\d+ requests\/min\)/);
  for (const row of ['URL', 'Plan tier', 'Sign in with', 'Admin email', 'API token']) await press('j', (f) => f.includes(`› ${row}`));
  await press(KEYS.enter, (f) => !f.includes('or typed here'));
  await press('abc def', (f) => f.includes('•••'));
  await press(KEYS.enter, (f) => f.includes('has a space in it'));
  await press(KEYS.escape, (f) => f.includes('or typed here'));
  await press('t', () => calls.some(([name]) => name === 'testConnection'));
  const [, , draft] = calls.find(([name]) => name === 'testConnection')!;
  t.false('apiToken' in (draft as {secrets: Record<string, string>}).secrets && /\s/.test((draft as {secrets: Record<string, string>}).secrets.apiToken!), 'the secret with a space was not kept');
  // Another platform on the source: the Zendesk failure is not this one's.
  await press('g', (f) => f.includes('› Platform'));
  await press(KEYS.enter, (f) => !/Platform \(Enter: next\)\s+Zendesk/.test(f));
  t.regex(frame(), /source untested/);
  t.notRegex(frame(), /Couldn't authenticate/);
  app.unmount();
});

test('Connect: the connection test speaks the screen\'s words: an empty secret is typed here, a web page is not the API, a self-hosted tier has no limit', (t) => {
  t.is(
    connectionWords('apiToken comes from the environment variable FERRY_SOURCE_API_TOKEN, which is not set. Export it before running ferry.', {platform: 'zendesk'}),
    'API token is empty: type it here (Enter on "API token"; it is masked), or set $FERRY_SOURCE_API_TOKEN before starting ferry.',
  );
  const page = 'Help Scout answered 404 <!DOCTYPE html><html><head><title>Page not found · Example</title></head><body>' + 'x'.repeat(5000);
  const said = connectionWords(page, {platform: 'helpscout'});
  t.regex(said, /^The URL answered 404 with a web page \("Page not found · Example"\), not Help Scout's API: check the URL/);
  t.true(said.length < 300);
  t.is(tierLimit(Number.POSITIVE_INFINITY), 'no limit');
  t.is(tierLimit(700), '700 requests/min');
});

test('Failures: o goes on to the skipped records, each with why; retry and skip there say why not', async (t) => {
  const overall: CountsByType = {agents: oc({total: 8, migrated: 7, skipped: 1}), tickets: oc({total: 9, migrated: 7, failed: 2, warnings: 3})};
  const skippedAgent = {type: 'agents' as const, sourceId: '8', status: 'skipped' as const, reason: 'no agent on the target with this email and no fallback agent', attempts: 1, targetId: null, label: 'Lucas Moreau', matchKey: null, sourceUpdatedAt: null, needsRefill: false, firstRunId: 1, lastRunId: 1, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z'};
  const {app, frame, press, calls, store} = renderConsole({screen: 'failures', plan, dir: '/tmp/x', failures: {state: 'ready', value: []}, run: {alive: false, runCounts: overall, overall}});
  await waitFor(() => frame().includes('Failed (2)'), frame);
  store.update((s) => ({...s, failuresOutcome: 'warnings'}));
  store.flush();
  await waitFor(() => frame().includes('o shows the skipped (1)'), frame);
  await press('o', () => calls.some(([name, outcome]) => name === 'loadFailures' && outcome === 'skipped'));
  store.update((s) => ({...s, failuresOutcome: 'skipped', failures: {state: 'ready', value: [skippedAgent]}}));
  store.flush();
  await waitFor(() => frame().includes('Skipped (1)'), frame);
  t.regex(frame(), /agents\s+8\s+Lucas Moreau\s+no agent on the target/);
  await press('r', (f) => f.includes('These records were skipped'));
  await press(KEYS.enter, (f) => f.includes('Why it was skipped'));
  app.unmount();
});

test('Results: v verifies from the console; the differences are listed, each opens whole, Esc goes back', async (t) => {
  const counts: CountsByType = {tickets: oc({total: 2, migrated: 2})};
  const lastRun = {id: 1, mode: 'demo', status: 'finished', startedAt: new Date().toISOString()} as unknown as RunRow;
  const {app, frame, press, calls, store} = renderConsole({screen: 'results', plan, dir: '/tmp/x', run: {alive: false, lastRun, runCounts: counts, overall: counts}});
  await waitFor(() => frame().includes('Record type'), frame);
  await press('v', () => calls.some(([name]) => name === 'verify'));
  const value = {checked: 2, missing: 0, duplicates: 0, sample: 200,
    differences: [{type: 'tickets' as const, sourceId: '7', targetId: '70', field: 'subject', source: 'Refund for unused seats', target: 'Refund'}],
    expected: [{type: 'tickets' as const, sourceId: '8', targetId: '80', field: 'type', source: 'task', target: '', expected: 'Freshdesk has no "Task" ticket type: the type was left empty'}]};
  store.update((s) => ({...s, verify: {state: 'ready', value}}));
  store.flush();
  await waitFor(() => frame().replace(/\s*\n\s*/g, ' ').includes('Checked 2 migrated records (up to 200 per type): 1 difference, 0 missing on the target (and 1 expected'), frame);
  t.regex(frame(), /tickets\s+7\s+subject/);
  // The footer gives the list's own keys, not Results' (Enter opens a difference here).
  await waitFor(() => /Enter open it whole · v verify again · Esc back to Results/.test(frame().split('\n').at(-1)!), frame);
  t.regex(frame(), /tickets\s+8\s+type\s+expected/);
  await press(KEYS.enter, (f) => f.includes('Source: Refund for unused seats'));
  t.regex(frame(), /Target: Refund/);
  await press(KEYS.escape, (f) => f.includes('Source → target'));
  await press('j', (f) => /› tickets\s+8/.test(f));
  await press(KEYS.enter, (f) => f.includes('Expected: Freshdesk has no "Task" ticket type'));
  await press(KEYS.escape, (f) => f.includes('Source → target'));
  await press(KEYS.escape, (f) => f.includes('Record type'));
  await waitFor(() => /Enter failures/.test(frame().split('\n').at(-1)!), frame);
  t.regex(frame().replace(/\s*\n\s*/g, ' '), /Verify: Checked 2 migrated records/);
  t.is(store.getState().screen, 'results');
  app.unmount();
});

test('Failures, with warnings: the row leads with the real warning, not the default the plan filled in', async (t) => {
  const overall: CountsByType = {tickets: oc({total: 1, migrated: 1, warnings: 1})};
  const warned = {type: 'tickets' as const, sourceId: '5', status: 'migrated' as const, reason: 'required field "Product" set to its default "Other"; attachment big.bin (30.0 MB) is larger than the target accepts (20.0 MB): left out', attempts: 1, targetId: '50', label: '#5', matchKey: null, sourceUpdatedAt: null, needsRefill: false, firstRunId: 1, lastRunId: 1, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z'};
  const {app, frame} = renderConsole({screen: 'failures', plan, dir: '/tmp/x', failuresOutcome: 'warnings', failures: {state: 'ready', value: [warned]}, run: {alive: false, runCounts: overall, overall}});
  await waitFor(() => frame().includes('Migrated with warnings (1)'), frame);
  t.regex(frame(), /tickets\s+5\s+#5\s+attachment big\.bin/);
  t.notRegex(frame(), /required field "Product" set/);
  app.unmount();
});

test('Fields reads the fields again when a run ends, so a field the run created no longer says "create it"', async (t) => {
  const data = {sourceFields: [], targetFields: [], sourceGroups: [], targetGroups: []};
  const running = {id: 3, mode: 'full', status: 'running', startedAt: new Date().toISOString()} as unknown as RunRow;
  const {app, frame, calls, store} = renderConsole({screen: 'fields', plan, dir: '/tmp/x', fields: {state: 'ready', value: data}, run: {alive: true, lastRun: running, runCounts: {}, overall: {}}});
  await waitFor(() => frame().includes('Ticket fields'), frame);
  const before = calls.filter(([name]) => name === 'loadFields').length;
  store.update((s) => ({...s, run: {...s.run, lastRun: {...running, status: 'finished'} as RunRow}}));
  store.flush();
  await waitFor(() => calls.filter(([name]) => name === 'loadFields').length > before, frame);
  t.pass();
  app.unmount();
});

test('14. at 70x20, lines that arrive before they are measured (c on Run) never draw over the notice: every frame, not only the last', async (t) => {
  const now = Date.now();
  const done = (total: number) => ({total, migrated: total, failed: 0, skipped: 0, finished: true});
  const progress = live({
    types: {groups: done(4), organizations: done(8), agents: done(8), contacts: {total: 300, migrated: 20, failed: 1, skipped: 0, finished: false}},
    failures: [{type: 'contacts', sourceId: '10196', label: 'Maria Gonzalez <maria.gonzalez@@example>', reason: 'invalid email address "maria.gonzalez@@example"; correct it in zendesk and retry', at: now}],
  });
  const {app, frame, press} = renderConsole({screen: 'run', plan, dir: '/tmp/x', run: {live: progress, alive: true, runCounts: {}, overall: {}}, notice: {kind: 'info', text: 'Resumed.'}}, {columns: 70, rows: 20});
  await waitFor(() => frame().includes('Latest failure'), frame);
  // The screen fits the body until c adds its question: then it scrolls.
  t.notRegex(frame(), /more below/);
  await press('c', (f) => f.includes('Cancel the run?') && f.includes('more below'));
  for (const shown of app.frames) {
    const lines = shown.split('\n');
    const notice = lines.at(-2) ?? '';
    t.is(notice.trimEnd(), 'Resumed.', `a frame drew over the notice:\n${shown}`);
    t.is(lines.length, 19, shown);
  }
  app.unmount();
});

test('13. Fields at 60x16: a note longer than the room under the list says "d shows it all", and d shows it whole', async (t) => {
  const product = {id: 'f1', title: 'Product', type: 'dropdown', required: false, active: true, options: [{value: 'a', label: 'A'}]} as TicketField;
  const refusal = `Freshservice's API cannot create ticket fields: add "Product" by hand (Admin > Field Manager > Ticket Fields), then run again; tickets until then say their value was left out.`;
  const fields = {state: 'ready' as const, value: {sourceFields: [product], targetFields: [], sourceGroups: [], targetGroups: [], createRefusals: {f1: refusal}}};
  const {app, frame, press} = renderConsole({screen: 'fields', plan, dir: '/tmp/x', fields, fieldsPreview: {state: 'idle'}}, {columns: 60, rows: 16});
  await waitFor(() => frame().includes('Product (dropdown)'), frame);
  await press('j', (f) => /› Product \(dropdown\)/.test(f));
  t.regex(frame(), /… d shows it all/);
  t.false(frame().replace(/\s+/g, ' ').includes('then run again; tickets until then say their value was left out.'), 'the note does not fit under the list');
  await press('d', (f) => f.includes('Esc, Enter or d: back to the list'));
  t.true(frame().replace(/\s+/g, ' ').includes(`Note: ⚠ ${refusal}`), frame());
  await press(KEYS.escape, (f) => f.includes('… d shows it all'));
  t.regex(frame(), /\[5:Fiel/);
  app.unmount();
});
