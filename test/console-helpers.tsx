// Shared by the console tests: a store with fake data, intents that record what
// the views asked for, and waitFor (poll, then let useInput re-subscribe).
import React from 'react';
import {render} from 'ink-testing-library';
import {App} from '../views/App.js';
import {ReferralFlow} from '../views/referral/ReferralFlow.js';
import {createStore, goBack, goTo, type Store} from '../source/app/console/store.js';
import {initialState, type ConsoleState} from '../source/app/console/state.js';
import type {Intents} from '../source/app/console/intents.js';
import {createReferralIntents} from '../source/app/console/intents-referral.js';
import type {ReferralActions} from '../source/referral/actions.js';
import {defaultPlan, type Plan} from '../source/plan/plan.js';

export const KEYS = {up: '\u001B[A', down: '\u001B[B', right: '\u001B[C', left: '\u001B[D', enter: '\r', escape: '\u001B', tab: '\t', space: ' ', pageUp: '\u001B[5~', pageDown: '\u001B[6~', end: '\u001B[F', home: '\u001B[H'};

export async function waitFor(check: () => boolean, describe = () => '', {timeoutMs = 30_000, settleMs = 30} = {}) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`waitFor: timed out\n${describe()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, settleMs));
}

export function demoPlan(): Plan {
  return defaultPlan(
    {platform: 'zendesk', url: 'http://127.0.0.1:1', tier: 'professional', authKind: 'token', credentials: {email: {value: 'admin@acme.test'}, apiToken: {env: 'FERRY_SOURCE_API_TOKEN'}}},
    {platform: 'freshdesk', url: 'http://127.0.0.1:2', tier: 'growth', authKind: 'apikey', credentials: {apiKey: {store: 'acme-target-apiKey'}}},
  );
}

export type Call = [string, ...unknown[]];

/** Intents that record calls; navigation works for real so keys can be followed. */
/** `referralActions`: the referral import's actions (the wizard's intents are the real ones over them). */
export function fakeIntents(store: Store, calls: Call[], referralActions?: (outDir: string) => ReferralActions): Intents {
  const record = (name: string) => (...args: unknown[]) => {
    calls.push([name, ...args]);
  };
  const asyncRecord = (name: string) => async (...args: unknown[]) => {
    calls.push([name, ...args]);
  };
  referralActions ??= (outDir) => {
    calls.push(['referralActions', outDir]);
    throw new Error('no referral import in these tests');
  };
  return {
    go: (screen) => (calls.push(['go', screen]), store.update((s) => goTo(s, screen)), store.flush()),
    back: () => (store.update(goBack), store.flush()),
    toggleHelp: () => (store.update((s) => ({...s, help: !s.help})), store.flush()),
    setConfirmQuit: (open) => (store.update((s) => ({...s, confirmQuit: open})), store.flush()),
    dismissNotice: record('dismissNotice'),
    undoRun: record('undoRun'),
    openFolder: asyncRecord('openFolder'),
    createFolder: asyncRecord('createFolder'),
    startDemo: asyncRecord('startDemo'),
    testConnection: asyncRecord('testConnection'),
    saveConnection: async (...args) => (calls.push(['saveConnection', ...args]), true),
    updatePlan: (change) => {
      const plan = store.getState().plan;
      if (plan) store.update((s) => ({...s, plan: change(plan)}));
      store.flush();
      calls.push(['updatePlan']);
    },
    loadCounts: asyncRecord('loadCounts'),
    loadEstimate: asyncRecord('loadEstimate'),
    verify: asyncRecord('verify'),
    loadAgents: asyncRecord('loadAgents'),
    loadFields: asyncRecord('loadFields'),
    runAudit: asyncRecord('runAudit'),
    refreshChecklist: asyncRecord('refreshChecklist'),
    tick: record('tick'),
    setFallbackRequester: asyncRecord('setFallbackRequester'),
    startRun: record('startRun'),
    cancelSchedule: record('cancelSchedule'),
    pause: record('pause'),
    resume: record('resume'),
    cancelRun: record('cancelRun'),
    loadFailures: record('loadFailures'),
    retry: record('retry'),
    markSkipped: record('markSkipped'),
    writeReports: record('writeReports'),
    shutdown: record('shutdown'),
    referralActions,
    referral: createReferralIntents(store, referralActions),
  };
}

export function renderConsole(state: Partial<ConsoleState>, size = {columns: 80, rows: 24}) {
  const store = createStore({...initialState(), ...state}, 0);
  const calls: Call[] = [];
  const intents = fakeIntents(store, calls);
  const app = render(<App store={store} intents={intents} size={size} />);
  const frame = () => app.lastFrame() ?? '';
  const press = async (key: string, until?: (frame: string) => boolean) => {
    app.stdin.write(key);
    if (until) await waitFor(() => until(frame()), frame);
    else await new Promise((r) => setTimeout(r, 80));
  };
  return {app, store, calls, frame, press};
}

/** The referral wizard alone, on a store of its own and the real referral intents over `actions`. */
export function renderReferral(actions: ReferralActions, files: Record<string, string> = {}, size = {width: 100, height: 30}) {
  const store = createStore(initialState(), 0);
  const intents = createReferralIntents(store, () => actions);
  intents.open(actions.outDir, files);
  const view = render(<ReferralFlow store={store} intents={intents} width={size.width} height={size.height} />);
  return {view, store, intents};
}
