// Intents: everything the console does besides drawing. Views call these; these
// talk to the plan, the journal, the connectors and the background runner, and
// put what they learn into the store. Secrets typed on Connect stay in this
// closure (never in the store, the plan, the journal or a log) and reach a run
// only through its environment.
// Over 400 lines because the secrets typed this session live in this one closure: what can
// move out without them has (intents-run.ts, intents-referral.ts).
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {defaultPlan, loadPlan, savePlan, type Endpoint, type Plan} from '../../plan/plan.js';
import {isMigrationFolder} from '../migration.js';
import {findConnector} from '../registry.js';
import {openSide, openSides} from '../sides.js';
import {credentialTokenStore, storeSecret} from '../../plan/credentials.js';
import {maskSecrets, PlanError, RunStopError} from '../../contracts/errors.js';
import {findTicketInScope, hasTicketFilters, missingDemoTickets, missingDemoTicketsMessage, readSourceNames, resolveScope, zeroTicketsMessage} from '../../engine/scope.js';
import {connectionWords, inConsoleWords} from './advice.js';
import {verifyFromConsole} from './intents-verify.js';
import {RECORD_TYPES, type RecordType} from '../../contracts/model.js';
import {goBack, goTo, notify, type Store} from './store.js';
import {runIsLive, type ConsoleState, type ScreenId, type Side} from './state.js';
import {createRunIntents, type RunIntents} from './intents-run.js';
import {createMapIntents, type MapIntents} from './intents-map.js';
import {demoStopFile, folderKey, readDemoHost} from './demo-host.js';
import {demoSettingsFromEnv, isDemoFolder, prepareDemoFolder, readDemoSpec} from '../demo-folder.js';
import {ensureDemoServices} from '../demo-services.js';
import {createReferralActions, type ReferralActions} from '../../referral/actions.js';
import {createReferralIntents, type ReferralIntents, type TypedAdvocate} from './intents-referral.js';
import type {AdvocateTarget} from './referral-state.js';
import {estimateForCounts, estimateForFolder} from '../estimate.js';
import {parseCounts} from '../../estimate/counts.js';
import {openAdvocateClient} from '../advocate.js';
import {completePath} from '../path-complete.js';
import {readSettings, recentPaths, rememberPaths, updateSettings} from '../settings.js';
import type {Clock} from '../../platform/rate-gate.js';
import {defaultDemoDir} from '../demo.js';

/** What the Connect form hands over: the endpoint without secrets, and the secrets apart. */
export interface EndpointDraft {
  platform: string;
  url: string;
  tier: string;
  authKind: string;
  /** Non-secret credential values */
  values: Record<string, string>;
  /** Secret values typed now (empty: keep what the plan names) */
  secrets: Record<string, string>;
}

export type Remember = 'session' | 'without-secret' | 'with-secret';

/** What views call; the run's part is in intents-run.ts, the mapping screens' in intents-map.ts. */
export interface Intents extends RunIntents, MapIntents {
  go(screen: ScreenId): void;
  back(): void;
  toggleHelp(): void;
  setConfirmQuit(open: boolean): void;
  dismissNotice(): void;
  openFolder(dir: string): Promise<void>;
  createFolder(dir: string): Promise<void>;
  /** Opens the demo in `dir` as it was left (its emulators' accounts and journal), or creates one; `fresh` sets an earlier one aside first. */
  /** The built-in demo in `dir`; platforms default to Zendesk and Freshdesk (ferry demo --source/--target) */
  startDemo(dir: string, options?: {fresh?: boolean; sourcePlatform?: string; targetPlatform?: string}): Promise<void>;
  testConnection(side: Side, draft: EndpointDraft): Promise<void>;
  saveConnection(drafts: Record<Side, EndpointDraft>, remember: Remember): Promise<boolean>;
  updatePlan(change: (plan: Plan) => Plan): void;
  loadCounts(): Promise<void>;
  /** The duration estimate (counts, samples, budgets, calibration from a demo run); with
   * `typedCounts` ("tickets=100000,contacts=30000"), for those counts on the plan's pair, without connecting */
  loadEstimate(typedCounts?: string): Promise<void>;
  /** ferry verify from the console: up to `sample` migrated records per type read back from the target and compared */
  verify(sample?: number): Promise<void>;
  /** The referral import's actions, writing into outDir; with `typed`, loading into that Advocate account. */
  referralActions(outDir: string, typed?: TypedAdvocate): ReferralActions & {advocate?: AdvocateTarget};
  /** The referral wizard (views/referral/ReferralFlow) on the store's `referral` slice */
  referral: ReferralIntents;
  /** Called on quit: stops the demo emulators when no run needs them. */
  shutdown(): void;
}

export interface IntentOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  pollMs?: number;
  /** The connection tests' clock (their retries' pauses); tests move it by hand */
  clock?: Clock;
}

const secretEnvName = (side: Side, key: string) => `FERRY_${side.toUpperCase()}_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createIntents(store: Store, options: IntentOptions): Intents & {stopFollowing(): void} {
  const secretEnv: Record<string, string> = {};
  const set = (change: (state: ConsoleState) => ConsoleState) => store.update(change);
  const say = (kind: 'info' | 'error', text: string) => set((s) => notify(s, kind, maskSecrets(text, Object.values(secretEnv))));
  const env = () => ({...options.env, ...secretEnv});
  const dirOf = () => store.getState().dir;
  const planOf = () => store.getState().plan;

  let releaseDemo = () => undefined as void;
  const useFolder = (dir: string, plan: Plan | undefined) => {
    run.closeJournal();
    const demo = readDemoHost(dir);
    set((s) => ({...s, dir, plan, demo: demo ? {pid: demo.pid, sourceUrl: demo.sourceUrl ?? '', targetUrl: demo.targetUrl ?? ''} : undefined, counts: {state: 'idle'}, agents: {state: 'idle'}, fields: {state: 'idle'}, fieldsPreview: {state: 'idle'}, audit: {state: 'idle'}, failures: {state: 'idle'}}));
    if (plan) run.startFollowing();
  };

  const needPlan = (): Plan | undefined => {
    const plan = planOf();
    if (!plan) say('error', 'Connect a source and a target first (Connect screen, key 2).');
    return plan;
  };

  const run = createRunIntents({store, set, say, secretEnv, needPlan, pollMs: options.pollMs});

  const sides = () => openSides(needPlanOrThrow(), {env: env()});
  const needPlanOrThrow = () => {
    const plan = planOf();
    if (!plan) throw new Error('Connect a source and a target first.');
    return plan;
  };

  const endpointFrom = (side: Side, draft: EndpointDraft, remember: Remember, dir: string | undefined): Endpoint => {
    const connector = findConnector(draft.platform);
    if (!connector) throw new Error(`Unknown platform ${draft.platform}`);
    const previous = planOf()?.[side];
    const credentials: Endpoint['credentials'] = {};
    for (const spec of connector.credentials) {
      if (spec.authKinds && !spec.authKinds.includes(draft.authKind)) continue;
      if (!spec.secret) {
        if (draft.values[spec.key]) credentials[spec.key] = {value: draft.values[spec.key]!};
        continue;
      }
      const typed = draft.secrets[spec.key];
      if (!typed) {
        const kept = previous?.platform === draft.platform ? previous.credentials[spec.key] : undefined;
        if (kept) credentials[spec.key] = kept;
        else credentials[spec.key] = {env: secretEnvName(side, spec.key)};
        continue;
      }
      if (remember === 'with-secret' && dir) {
        const name = `${folderKey(dir)}-${side}-${spec.key}`;
        storeSecret(name, typed, options.env);
        credentials[spec.key] = {store: name};
      } else {
        secretEnv[secretEnvName(side, spec.key)] = typed;
        credentials[spec.key] = {env: secretEnvName(side, spec.key)};
      }
    }
    const url = draft.url.trim().replace(/\/$/, '');
    // A custom limit set in plan.json stays while the account stays the same.
    const keep = previous && previous.platform === draft.platform && previous.url === url && previous.requestsPerMinute !== undefined ? {requestsPerMinute: previous.requestsPerMinute} : {};
    return {platform: draft.platform, url, tier: draft.tier || connector.defaultTier, authKind: draft.authKind, credentials, ...keep};
  };

  const persist = (plan: Plan) => {
    const dir = dirOf();
    if (!dir) return;
    savePlan(dir, plan);
  };

  /** In a demo folder: its emulators back (held while the console is open), their addresses and demo credentials in the plan. */
  const withDemoServices = async (dir: string, plan: Plan): Promise<Plan> => {
    if (!isDemoFolder(dir)) return plan;
    releaseDemo();
    const services = await ensureDemoServices(dir, plan, env());
    releaseDemo = services.release;
    for (const [name, value] of Object.entries(services.env)) if (name.startsWith('FERRY_DEMO_') && value !== undefined) secretEnv[name] = value;
    return services.plan;
  };

  const map = createMapIntents({store, set, say, needPlan, sides, checkSides: () => openSides(needPlanOrThrow(), {env: env(), failFastOnUnreachable: true}), updatePlan: (change) => intents.updatePlan(change)});

  const intents: Intents & {stopFollowing(): void} = {
    go: (screen) => {
      set((s) => goTo(s, screen));
      store.flush();
    },
    back: () => {
      set(goBack);
      store.flush();
    },
    toggleHelp: () => {
      set((s) => ({...s, help: !s.help}));
      store.flush();
    },
    setConfirmQuit: (open) => {
      set((s) => ({...s, confirmQuit: open}));
      store.flush();
    },
    dismissNotice: () => set((s) => ({...s, notice: undefined})),

    async openFolder(dir) {
      const resolved = path.resolve(options.cwd, dir);
      if (!isMigrationFolder(resolved)) return say('error', `${resolved} has no plan.json: create a migration there instead (c), or pick another folder.`);
      try {
        const plan = await withDemoServices(resolved, loadPlan(resolved));
        useFolder(resolved, plan);
        const live = store.getState().run;
        set((s) => notify(goTo(s, runIsLive(live) || live.lastRun ? 'run' : 'connect'), 'info', `Opened ${resolved}`));
      } catch (error) {
        say('error', errorText(error));
      }
    },

    async createFolder(dir) {
      const resolved = path.resolve(options.cwd, dir);
      if (isMigrationFolder(resolved)) return intents.openFolder(resolved);
      mkdirSync(resolved, {recursive: true});
      useFolder(resolved, undefined);
      set((s) => notify(goTo(s, 'connect'), 'info', `New migration folder ${resolved}: connect a source and a target.`));
      store.flush();
    },

    async startDemo(dir, demoOptions = {}) {
      const resolved = path.resolve(options.cwd, dir);
      // A demo of another pair is there: said in the console's words (the CLI's say --fresh).
      const earlier = readDemoSpec(resolved);
      if (earlier && !demoOptions.fresh) {
        for (const side of ['source', 'target'] as const) {
          const wanted = side === 'source' ? demoOptions.sourcePlatform : demoOptions.targetPlatform;
          if (wanted && wanted !== earlier[side].platform)
            return say('error', `${resolved} holds a demo with ${findConnector(earlier[side].platform)?.label ?? earlier[side].platform} as its ${side}: choose "Start a fresh demo" to set it aside and start this pair, or s and t back to its pair to reopen it.`);
        }
      }
      say('info', demoOptions.fresh ? 'Setting the earlier demo aside and starting a new one…' : 'Starting the demo emulators…');
      set((s) => ({...s, startingDemo: resolved}));
      store.flush();
      try {
        // This console lets go of the demo it shows (emulators, journal), so a fresh start can set it aside.
        if (demoOptions.fresh && dirOf() === resolved) releaseDemo(), run.stopFollowing();
        // An earlier demo here is reopened as it was left; only an explicit fresh start sets it aside.
        const prepared = await prepareDemoFolder(resolved, {env: options.env, fresh: demoOptions.fresh, sourcePlatform: demoOptions.sourcePlatform, targetPlatform: demoOptions.targetPlatform, ...demoSettingsFromEnv(options.env)});
        useFolder(resolved, await withDemoServices(resolved, prepared.plan));
        const live = store.getState().run;
        const text = prepared.reopened
          ? `Demo reopened in ${resolved} as it was left (its emulators' records and its journal). To start over: Start (1), "Start a fresh demo".`
          : `Demo ready in ${resolved}: ${platformLabel(prepared.plan.source.platform)} and ${platformLabel(prepared.plan.target.platform)} are running on loopback, with their credentials filled in. Test both connections (a).${prepared.aside ? ` The earlier demo is kept in ${prepared.aside}.` : ''}`;
        set((s) => notify(goTo({...s, startingDemo: undefined}, prepared.reopened && (runIsLive(live) || live.lastRun) ? 'run' : 'connect'), 'info', text));
      } catch (error) {
        set((s) => ({...s, startingDemo: undefined}));
        say('error', errorText(error));
      }
      store.flush();
    },

    async testConnection(side, draft) {
      const platform = draft.platform;
      // "Test both connections (a)" and the like are done with once a test runs.
      set((s) => ({...s, notice: s.notice?.kind === 'info' && /\(a\)\.?$/.test(s.notice.text) ? undefined : s.notice, connection: {...s.connection, [side]: {state: 'testing', platform, problems: []}}}));
      store.flush();
      try {
        const endpoint = endpointFrom(side, draft, 'session', undefined);
        const opened = openSide(endpoint, side, {env: env(), failFastOnUnreachable: true, clock: options.clock});
        const session = side === 'source' ? opened.connector.openSource(opened.settings, opened.http) : opened.connector.openTarget(opened.settings, opened.http);
        const check = await session.check();
        set((s) => ({...s, connection: {...s.connection, [side]: {state: check.problems.length ? 'failed' : 'ok', platform, description: check.description, problems: check.problems.map((p) => connectionWords(p, draft))}}}));
      } catch (error) {
        // The hint says what to change (the URL's scheme, a CA certificate): the Connect screen is where it is changed.
        const text = error instanceof RunStopError ? `${error.message} ${error.hint}` : errorText(error);
        set((s) => ({...s, connection: {...s.connection, [side]: {state: 'failed', platform, problems: [maskSecrets(connectionWords(text, draft), Object.values({...draft.secrets, ...secretEnv}))]}}}));
      }
      store.flush();
    },

    async saveConnection(drafts, remember) {
      const dir = dirOf();
      if (!dir) {
        say('error', 'Open or create a migration folder first (Start screen).');
        return false;
      }
      try {
        const source = endpointFrom('source', drafts.source, remember, dir);
        const target = endpointFrom('target', drafts.target, remember, dir);
        const previous = planOf();
        const plan = previous ? {...previous, source, target} : defaultPlan(source, target);
        persist(plan);
        set((s) => ({...s, plan}));
        if (!previous) run.startFollowing();
        const where = remember === 'with-secret' ? 'secrets in your credential store (readable only by you)' : remember === 'without-secret' ? 'without secrets (ferry asks for them again next time, or reads them from the environment)' : 'for this session';
        say('info', `Connection saved ${where}.`);
        return true;
      } catch (error) {
        say('error', errorText(error));
        return false;
      }
    },

    updatePlan(change) {
      const plan = planOf();
      if (!plan) return void needPlan();
      const next = change(plan);
      try {
        persist(next);
        // Other filters: the counts (and whether they select any ticket) are read again.
        // Other demo tickets: whether the source has them is read again with the counts.
        const refilter = JSON.stringify(next.filters) !== JSON.stringify(plan.filters) || next.recordTypes.includes('tickets') !== plan.recordTypes.includes('tickets') || JSON.stringify(next.demo.ticketIds) !== JSON.stringify(plan.demo.ticketIds);
        set((s) => ({...s, plan: next, ...(refilter && s.counts.state !== 'idle' ? {counts: {state: 'idle'}, ticketSelection: undefined, demoSelection: undefined} : {})}));
      } catch (error) {
        say('error', errorText(error));
      }
    },

    verify: (sample = CONSOLE_VERIFY_SAMPLE) => verifyFromConsole({store, set, needPlan, dirOf, env, secrets: () => Object.values(secretEnv)}, sample),

    async loadEstimate(typedCounts?: string) {
      if (!needPlan()) return;
      set((s) => ({...s, estimate: {state: 'loading'}}));
      try {
        const plan = needPlanOrThrow();
        const value = typedCounts !== undefined ? {...estimateForCounts(parseCounts(typedCounts), {source: plan.source, target: plan.target}, plan), counts: typedCounts} : await estimateForFolder(dirOf() ?? options.cwd, plan, env());
        set((s) => ({...s, estimate: {state: 'ready', value}}));
      } catch (error) {
        set((s) => ({...s, estimate: {state: 'failed', error: errorText(error)}}));
      }
    },
    async loadCounts() {
      if (!needPlan()) return;
      set((s) => ({...s, counts: {state: 'loading'}}));
      try {
        const opened = sides();
        const {sourceSession} = opened;
        const counts: Partial<Record<RecordType, number | undefined>> = {};
        for (const type of RECORD_TYPES) {
          counts[type] = await sourceSession.count(type, {}).catch(() => undefined);
          set((s) => ({...s, counts: {state: 'loading', detail: type}}));
        }
        // The run's own test, before it writes: filters that select no ticket, or name what the source lacks.
        const plan = planOf()!;
        let ticketSelection: string | undefined;
        if (plan.recordTypes.includes('tickets') && hasTicketFilters(plan.filters)) {
          try {
            const scope = resolveScope(plan, await readSourceNames(plan, sourceSession), plan.source.platform);
            const probe = await findTicketInScope(sourceSession, plan.filters, scope);
            if (!probe.found) ticketSelection = `${zeroTicketsMessage(plan.filters, probe.read)} A run would stop before writing.`;
          } catch (error) {
            if (!(error instanceof PlanError)) throw error;
            ticketSelection = error.message;
          }
        }
        // The demo's chosen tickets, with the run's own check.
        const missing = await missingDemoTickets(sourceSession, plan.demo.ticketIds);
        const demoSelection = missing.length ? `${inConsoleWords(missingDemoTicketsMessage(missing, opened.source.connector.label))}.` : undefined;
        set((s) => ({...s, counts: {state: 'ready', value: counts}, ticketSelection, demoSelection}));
      } catch (error) {
        set((s) => ({...s, counts: {state: 'failed', error: errorText(error)}, ticketSelection: undefined, demoSelection: undefined}));
      }
    },

    ...map,

    ...run,

    referralActions(outDir, typed) {
      const resolved = path.resolve(options.cwd, outDir);
      mkdirSync(resolved, {recursive: true});
      const account = advocateAccount(options.env, typed);
      const actions = createReferralActions({outDir: resolved, tenant: account?.tenant, apiKey: account?.apiKey, baseUrl: account?.url, openClient: openAdvocateClient});
      // Typed paths complete from the working folder and are remembered per output folder.
      return {
        ...actions,
        advocate: account ? {tenant: account.tenant, url: account.url, keyFrom: account.keyFrom} : undefined,
        completePath: (typed) => completePath(typed, options.cwd),
        recentPaths: (kind) => recentPaths(resolved, kind, options.env),
        rememberPaths: (files) => {
          try {
            rememberPaths(resolved, files, options.env);
          } catch {
            // Remembering is a convenience: an unwritable config folder must not stop the import.
          }
        },
      };
    },

    shutdown() {
      releaseDemo();
      const state = store.getState();
      if (state.dir && state.demo && !runIsLive(state.run)) writeFileSync(demoStopFile(state.dir), 'stop\n');
      intents.stopFollowing();
    },

    stopFollowing: run.stopFollowing,

    referral: createReferralIntents(store, (outDir, typed) => intents.referralActions(outDir, typed)),
  };

  // Plan edits can change what the checklist, the agents and the Fields dry run say.
  const updatePlan = intents.updatePlan;
  intents.updatePlan = (change) => {
    updatePlan(change);
    map.afterPlanEdit();
  };

  return intents;
}

/** The credential store's entry for an Advocate tenant's API key. */
export const advocateKeyEntry = (tenant: string) => `advocate-${tenant}-apiKey`;

/**
 * The Advocate account the referral import loads into: one typed in the console (its key kept
 * in the 0600 store when asked), else FERRY_ADVOCATE_TENANT / _API_KEY / _URL, else the account
 * typed before (the tenant and URL in settings.json, the key in the credential store).
 */
function advocateAccount(env: NodeJS.ProcessEnv, typed: TypedAdvocate | undefined): {tenant: string; url?: string; apiKey: string; keyFrom: AdvocateTarget['keyFrom']} | undefined {
  if (typed) {
    const tenant = typed.tenant.trim();
    const url = typed.url?.trim() || undefined;
    if (!tenant) throw new PlanError('Type the Advocate tenant (the name in your Advocate address).');
    if (!typed.apiKey) throw new PlanError('Type the Advocate API key.');
    if (/\s/.test(typed.apiKey) || /\s/.test(tenant)) throw new PlanError('The tenant or API key has a space in it: they have none. Type them again.');
    if (url && !/^https?:\/\//.test(url)) throw new PlanError(`The Advocate URL must start with https:// (or http:// for an emulator on this machine): "${url}".`);
    if (typed.remember) {
      storeSecret(advocateKeyEntry(tenant), typed.apiKey, env);
      updateSettings((settings) => ({...settings, advocate: {tenant, ...(url ? {url} : {})}}), env);
    }
    return {tenant, url, apiKey: typed.apiKey, keyFrom: typed.remember ? 'store' : 'session'};
  }
  if (env.FERRY_ADVOCATE_TENANT && env.FERRY_ADVOCATE_API_KEY) return {tenant: env.FERRY_ADVOCATE_TENANT, url: env.FERRY_ADVOCATE_URL, apiKey: env.FERRY_ADVOCATE_API_KEY, keyFrom: 'environment'};
  const saved = readSettings(env).advocate;
  if (!saved?.tenant) return undefined;
  let apiKey: string | undefined;
  try {
    apiKey = credentialTokenStore(env).load(advocateKeyEntry(saved.tenant));
  } catch {
    return undefined; // an unreadable store: the account is typed again
  }
  return apiKey ? {tenant: saved.tenant, url: saved.url, apiKey, keyFrom: 'store'} : undefined;
}

/** Records per type the console's verify reads back (ferry verify reads them all, or --sample N). */
export const CONSOLE_VERIFY_SAMPLE = 200;

const platformLabel = (platform: string) => (platform === 'request-tracker' ? 'the local Request Tracker' : `the ${findConnector(platform)?.label ?? platform} emulator`);

/** Opens the folder ferry was started in, if it is one, and shows its run where it stands. */
export async function openInitialFolder(intents: Intents, cwd: string, argv: string[]): Promise<void> {
  if (argv.includes('--demo')) {
    const flag = (name: string) => (argv.indexOf(name) >= 0 ? argv[argv.indexOf(name) + 1] : undefined);
    await intents.startDemo(flag('--dir') ?? defaultDemoDir(cwd), {fresh: argv.includes('--fresh'), sourcePlatform: flag('--source'), targetPlatform: flag('--target')});
    return;
  }
  if (isMigrationFolder(cwd)) await intents.openFolder(cwd);
}
