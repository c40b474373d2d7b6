// Pure rules behind the console's screens: time left that never climbs while nothing
// moves, tabs that keep the current one visible, footers that never cut a key in
// half, keys that say why they do nothing, and one key table for every screen.
import test from 'ava';
import {overallRemaining, remainingMs, trackEta, type EtaTrack} from '../source/app/console/eta.js';
import {tabItems, hintLine} from '../views/App.js';
import {runKeyRefusal, DELTA_NEEDS_FULL} from '../source/app/console/run-rules.js';
import {failuresKeyRefusal} from '../views/screens/Failures.js';
import {commandOf, helpRows, KEYMAP} from '../views/keymap.js';
import {SCREENS, SCREEN_TITLES} from '../source/app/console/state.js';
import {cutCells, columnWidths} from '../views/components/Table.js';
import type {RunView} from '../source/app/console/state.js';

test('an ETA counts down while nothing moves, and is renewed only when records settle', (t) => {
  let track: EtaTrack | undefined;
  track = trackEta(track, 0, 0, 100);
  track = trackEta(track, 10_000, 10, 100); // 1 record/s: 90 s left
  t.is(remainingMs(track, 10_000), 90_000);
  // A 30 s rate-limit wait: nothing settles, the rate over the window falls, the ETA must not climb.
  let previous = remainingMs(track, 10_000)!;
  for (let at = 11_000; at <= 40_000; at += 1000) {
    track = trackEta(track, at, 10, 100);
    const left = remainingMs(track, at)!;
    t.true(left <= previous, `at ${at} ms the ETA went from ${previous} to ${left}`);
    previous = left;
  }
  t.is(remainingMs(track, 40_000), 60_000);
  track = trackEta(track, 41_000, 20, 100); // moving again: renewed from the rate
  t.true(remainingMs(track, 41_000)! > 0);
});

test('the overall ETA sums the unfinished types, and names the type it waits for instead of a part passed off as the whole', (t) => {
  t.deepEqual(overallRemaining([{type: 'contacts', finished: true, total: 3}, {type: 'tickets', finished: false, remaining: 60_000, total: 9}]), {ms: 60_000});
  t.deepEqual(overallRemaining([{type: 'tickets', finished: false, remaining: 60_000, total: 9}, {type: 'kb_articles', finished: false, total: 0}]), {waitingFor: 'kb_articles'});
  // Records pulled in as references (no total) take their referrers' time.
  t.deepEqual(overallRemaining([{type: 'tickets', finished: false, remaining: 5000, total: 9}, {type: 'contacts', finished: false}]), {ms: 5000});
});

test('time left stands still while the run is paused, and the pause is not counted as slowness afterwards', (t) => {
  let track: EtaTrack | undefined;
  track = trackEta(track, 0, 0, 100);
  track = trackEta(track, 10_000, 10, 100); // 1 record/s: 90 s left
  track = trackEta(track, 11_000, 10, 100, true); // paused at 11 s: 89 s left
  t.is(remainingMs(track, 11_000), 89_000);
  t.is(remainingMs(track, 300_000), 89_000, 'frozen while paused');
  track = trackEta(track, 311_000, 10, 100); // resumed after 300 s
  t.is(remainingMs(track, 311_000), 89_000);
  track = trackEta(track, 321_000, 20, 100); // 1 record/s again: 80 s left, not the rate over the pause
  t.is(remainingMs(track, 321_000), 80_000);
});

test('tabs: the current tab is whole and visible at every width, marked where tabs are left out', (t) => {
  for (const width of [100, 80, 60, 40]) {
    for (const screen of SCREENS) {
      const items = tabItems(screen, width);
      const line = items.map((item) => item.label).join(' ');
      t.true(line.length <= width, `${screen} at ${width}: ${line}`);
      t.true(line.includes(`[`) && line.includes(SCREEN_TITLES[screen]), `${screen} at ${width}: ${line}`);
    }
  }
  t.regex(tabItems('failures', 60).map((i) => i.label).join(' '), /^‹ .*\[F:Failures\]$/);
  t.false(tabItems('start', 80).some((i) => i.label.endsWith('…')));
});

test('footers show whole hints only and send the rest to ?', (t) => {
  for (const width of [80, 60, 40]) {
    for (const screen of SCREENS) {
      const line = hintLine(screen, false, width);
      t.true(line.trimEnd().length <= width);
      t.false(line.includes('…'), `${screen} at ${width}: ${line}`);
      t.regex(line, /\? (more )?keys · q quit/);
    }
  }
  t.regex(hintLine('failures', false, 60), /\? more keys/);
});

test('? lists every key of every screen and of the referral wizard, from the one table', (t) => {
  const rows = helpRows('run');
  t.is(rows[0]!.area, 'Run');
  for (const screen of SCREENS) t.true(rows.some((row) => row.area === SCREEN_TITLES[screen]), screen);
  for (const step of ['Referral: files', 'Referral: columns', 'Referral: preview', 'Referral: write/load']) t.true(rows.some((row) => row.area === step), step);
  t.is(rows.length, Object.values(KEYMAP).reduce((n, list) => n + list.length, 0));
  t.is(commandOf('failures', 's', {}), 'skip');
  t.is(commandOf('run', '', {return: true}), 'start');
});

test('Run keys that do nothing now say why', (t) => {
  const idle: RunView = {alive: false, runCounts: {}, overall: {}, deltaReady: false};
  t.is(runKeyRefusal('start', idle, 'delta'), DELTA_NEEDS_FULL);
  t.is(runKeyRefusal('start', {...idle, deltaReady: true}, 'delta'), undefined);
  t.regex(runKeyRefusal('pause', idle, 'full')!, /nothing to pause/);
  t.regex(runKeyRefusal('cancel', idle, 'full')!, /nothing to cancel/);
  const live: RunView = {...idle, alive: true, live: {runId: 1, mode: 'full', state: 'running', pid: process.pid, startedAt: 0, updatedAt: 0, types: {}, http: {source: {requestsLastMinute: 0, limitPerMinute: 1, retries: 0, requests: 0}, target: {requestsLastMinute: 0, limitPerMinute: 1, retries: 0, requests: 0}}, failures: []}};
  t.regex(runKeyRefusal('start', live, 'demo')!, /full run is going on/);
  t.regex(runKeyRefusal('mode', live, 'full')!, /live run is a full run/);
  t.is(runKeyRefusal('pause', live, 'full'), undefined);
});

test('Failures keys that do nothing now say why', (t) => {
  t.regex(failuresKeyRefusal('skip', 'warnings', 1, 1, false)!, /on the target already/);
  t.regex(failuresKeyRefusal('retryAll', 'failed', 0, 3, true)!, /run is going on/);
  t.regex(failuresKeyRefusal('skip', 'failed', 0, 0, false)!, /list is empty/);
  t.is(failuresKeyRefusal('skip', 'failed', 1, 1, false), undefined);
});

test('a cell cut to fit its column is given whole for the detail under the table', (t) => {
  const columns = [{title: 'Source'}, {title: 'Target'}, {title: 'Note'}];
  const widths = columnWidths(columns, 60);
  const note = 'Freshdesk has no "Task" ticket type: the type is left empty';
  t.deepEqual(cutCells(columns, widths, ['task', 'task', note]), [`Note: ${note}`]);
  t.deepEqual(cutCells(columns, widths, ['task', 'task', 'same']), []);
});
