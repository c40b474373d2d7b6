// The console's verify (Results, v): `ferry verify`'s own comparison (source/prepare/verify.ts, with
// the same options), on up to `sample` migrated records per type, into the store.
import type {Plan} from '../../plan/plan.js';
import {Journal} from '../../engine/journal.js';
import {verifyMigration, verifyOptionsFor} from '../../prepare/verify.js';
import {maskSecrets} from '../../contracts/errors.js';
import {openSides} from '../sides.js';
import type {Store} from './store.js';
import type {ConsoleState} from './state.js';

export interface VerifyDeps {
  store: Store;
  set(change: (state: ConsoleState) => ConsoleState): void;
  needPlan(): Plan | undefined;
  dirOf(): string | undefined;
  env(): NodeJS.ProcessEnv;
  secrets(): string[];
}

export async function verifyFromConsole({store, set, needPlan, dirOf, env, secrets}: VerifyDeps, sample: number): Promise<void> {
  const plan = needPlan();
  const dir = dirOf();
  if (!plan || !dir) return;
  if (store.getState().verify.state === 'loading') return;
  set((s) => ({...s, verify: {state: 'loading'}}));
  store.flush();
  let journal: Journal | undefined;
  try {
    const {sourceSession, targetSession} = openSides(plan, {env: env(), failFastOnUnreachable: true});
    journal = Journal.inFolder(dir);
    const result = await verifyMigration(journal, sourceSession, targetSession, sample, verifyOptionsFor(plan));
    set((s) => ({...s, verify: {state: 'ready', value: {...result, sample}}}));
  } catch (error) {
    set((s) => ({...s, verify: {state: 'failed', error: maskSecrets(error instanceof Error ? error.message : String(error), secrets())}}));
  } finally {
    journal?.close();
  }
  store.flush();
}
