import test from 'ava';
import {createStore, goBack, goTo} from '../source/app/console/store.js';
import {initialState, runIsLive} from '../source/app/console/state.js';
import {parseStartTime} from '../source/app/console/runner.js';
import {buildChecklist} from '../source/prepare/checklist.js';
import {globalCommand, listCommand} from '../views/keys.js';
import {demoPlan} from './console-helpers.js';

test('updates notify listeners at most once per throttle window', (t) => {
  // A clock the test moves: how long the machine takes between two lines does not matter.
  let now = 1_000;
  const due: Array<{at: number; run: () => void}> = [];
  const timers = {
    now: () => now,
    setTimeout: (run: () => void, ms: number) => {
      const timer = {at: now + ms, run};
      due.push(timer);
      return timer;
    },
    clearTimeout: (timer: unknown) => {
      const index = due.indexOf(timer as (typeof due)[number]);
      if (index >= 0) due.splice(index, 1);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const timer of due.filter((d) => d.at <= now)) {
      due.splice(due.indexOf(timer), 1);
      timer.run();
    }
  };
  const store = createStore(initialState(), 50, timers);
  let notified = 0;
  store.subscribe(() => notified++);
  for (let i = 0; i < 1000; i++) store.update((s) => ({...s, notice: {kind: 'info', text: String(i)}}));
  t.is(notified, 1, 'the first change is drawn at once, the next 999 wait for the window');
  advance(49);
  t.is(notified, 1);
  advance(1);
  t.is(notified, 2, 'one redraw when the window ends');
  t.is(store.getState().notice?.text, '999');
  store.update((s) => ({...s, help: true}));
  t.is(notified, 2, 'within the next window: waits');
  store.flush();
  t.is(notified, 3, 'flush draws at once');
  advance(1000);
  t.is(notified, 3, 'and leaves no redraw behind');
});

test('navigation keeps a history for Esc', (t) => {
  let state = initialState();
  state = goTo(goTo(state, 'connect'), 'agents');
  t.is(state.screen, 'agents');
  state = goBack(state);
  t.is(state.screen, 'connect');
  state = goBack(goBack(state));
  t.is(state.screen, 'start');
});

test('a run counts as live only while its process runs and it has not ended', (t) => {
  const live = {runId: 1, mode: 'demo' as const, state: 'running' as const, pid: 1, startedAt: 0, updatedAt: 0, types: {}, http: {source: {requestsLastMinute: 0, limitPerMinute: 1, retries: 0, requests: 0}, target: {requestsLastMinute: 0, limitPerMinute: 1, retries: 0, requests: 0}}, failures: []};
  t.true(runIsLive({live, alive: true, runCounts: {}, overall: {}}));
  t.false(runIsLive({live, alive: false, runCounts: {}, overall: {}}));
  t.false(runIsLive({live: {...live, state: 'finished'}, alive: true, runCounts: {}, overall: {}}));
  t.true(runIsLive({alive: false, runCounts: {}, overall: {}, scheduled: {at: 1, mode: 'full', pid: 2}}));
});

test('start times: HH:MM is the next such time, dates parse, nonsense is refused', (t) => {
  const now = new Date(2026, 0, 10, 18, 0, 0);
  t.is(parseStartTime('22:30', now), new Date(2026, 0, 10, 22, 30).getTime());
  t.is(parseStartTime('07:00', now), new Date(2026, 0, 11, 7, 0).getTime());
  t.is(parseStartTime('2026-02-01T03:00:00Z', now), Date.parse('2026-02-01T03:00:00Z'));
  t.is(parseStartTime('25:00', now), undefined);
  t.is(parseStartTime('soon', now), undefined);
});

test('the checklist names unmatched agents and missing required values, and keeps ticks', (t) => {
  const plan = demoPlan();
  const unchecked = buildChecklist(plan, {}, {});
  t.false(unchecked.find((i) => i.id === 'agents-exist')!.done);
  const items = buildChecklist(plan, {unmatchedAgents: ['Lucas Moreau'], requiredTargetFieldsWithoutValue: []}, {'target-notifications-off': true});
  const agents = items.find((i) => i.id === 'agents-exist')!;
  t.false(agents.done);
  t.is(agents.how, 'api');
  t.regex(agents.detail ?? '', /Lucas Moreau/);
  t.true(items.find((i) => i.id === 'required-fields')!.done);
  t.true(items.find((i) => i.id === 'target-notifications-off')!.done);
  t.regex(items.find((i) => i.id === 'target-notifications-off')!.text, /Freshdesk/);
  t.regex(items.find((i) => i.id === 'source-token-expiry')!.text, /Zendesk/);
  t.truthy(items.find((i) => i.id === 'target-back-on'));
});

test('keys map to named commands', (t) => {
  t.is(listCommand('j', {}), 'down');
  t.is(listCommand('', {upArrow: true}), 'up');
  t.is(listCommand('G', {}), 'end');
  t.deepEqual(globalCommand('9', {}), {screen: 'run'});
  t.deepEqual(globalCommand('F', {}), {screen: 'failures'});
  t.is(globalCommand('', {escape: true}), 'back');
  t.is(globalCommand('q', {}), 'quit');
  t.is(globalCommand('x', {}), undefined);
});
