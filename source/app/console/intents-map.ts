// The mapping screens' intents: agents and their matches, ticket fields and groups,
// the dry run of the run's ticket mapping over sample tickets (Fields), the audit
// and the Prepare checklist, kept in step with every plan edit.
import {existsSync} from 'node:fs';
import path from 'node:path';
import {matchAgents, runFieldLinks} from '../../engine/mapping.js';
import {Journal} from '../../engine/journal.js';
import {platformLimitations} from '../../engine/outcomes.js';
import {requiredWithoutValue} from './required-fields.js';
import {auditFolder} from '../../prepare/audit.js';
import {collect, findRequesterOnTarget} from '../../engine/engine.js';
import type {openSides} from '../sides.js';
import type {Plan} from '../../plan/plan.js';
import type {Ticket} from '../../contracts/model.js';
import type {TargetLimits} from '../../contracts/connector.js';
import {previewTicketMapping, targetWriteNotes, type WriteNotes} from './mapping-preview.js';
import type {Store} from './store.js';
import type {ConsoleState} from './state.js';
import {buildChecklist, loadTicks, saveTicks, type ChecklistFacts} from '../../prepare/checklist.js';

export interface MapIntentContext {
  store: Store;
  set(change: (state: ConsoleState) => ConsoleState): void;
  say(kind: 'info' | 'error', text: string): void;
  needPlan(): Plan | undefined;
  /** Both sides of the plan, with the session's secrets */
  sides(): ReturnType<typeof openSides>;
  /** The same, failing at once when a side does not answer (checks, not runs) */
  checkSides(): ReturnType<typeof openSides>;
  /** Saves a plan edit (plan.json) and refreshes what depends on it */
  updatePlan(change: (plan: Plan) => Plan): void;
}

export interface MapIntents {
  loadAgents(): Promise<void>;
  loadFields(): Promise<void>;
  runAudit(): Promise<void>;
  refreshChecklist(): Promise<void>;
  tick(id: string): void;
  /** Sets options.fallbackRequester once the target is found to have that person (the run's own look-up); empty clears it. */
  setFallbackRequester(email: string): Promise<void>;
}

/** The ticket fields the folder's journal has linked or created, without creating a journal where there is none. */
function fieldLinksOf(dir: string | undefined): Record<string, string> | undefined {
  if (!dir || !existsSync(path.join(dir, 'journal.sqlite'))) return undefined;
  const journal = Journal.inFolder(dir);
  try {
    return runFieldLinks(journal.records({type: 'ticket_fields'}));
  } finally {
    journal.close();
  }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createMapIntents(context: MapIntentContext): MapIntents & {afterPlanEdit(): void} {
  const {store, set, say, needPlan, sides} = context;
  const dirOf = () => store.getState().dir;
  const planOf = () => store.getState().plan;

  const checklistFacts: ChecklistFacts = {};
  const rebuildChecklist = () => {
    const plan = planOf();
    const dir = dirOf();
    if (!plan || !dir) return;
    set((s) => ({...s, checklist: buildChecklist(plan, checklistFacts, loadTicks(dir))}));
  };

  const intents: MapIntents & {afterPlanEdit(): void} = {
    async loadAgents() {
      const plan = needPlan();
      if (!plan) return;
      set((s) => ({...s, agents: {state: 'loading'}}));
      try {
        const {sourceSession, targetSession} = sides();
        const [sourceAgents, targetAgents] = await Promise.all([collect(sourceSession.read('agents', {filter: {}})), targetSession.list('agents')]);
        const matches = matchAgents(sourceAgents, targetAgents, planOf()!.agentMap);
        checklistFacts.unmatchedAgents = matches.filter((m) => m.how === 'none').map((m) => `${m.sourceName}${m.sourceEmail ? ` <${m.sourceEmail}>` : ''}`);
        set((s) => ({...s, agents: {state: 'ready', value: {matches, targetAgents}}}));
        rebuildChecklist();
      } catch (error) {
        set((s) => ({...s, agents: {state: 'failed', error: errorText(error)}}));
      }
    },

    async loadFields() {
      if (!needPlan()) return;
      set((s) => ({...s, fields: {state: 'loading'}}));
      try {
        const {sourceSession, targetSession, target} = sides();
        const [sourceFields, targetFields, sourceGroups, targetGroups] = await Promise.all([
          collect(sourceSession.read('ticket_fields', {filter: {}})),
          targetSession.list('ticket_fields'),
          collect(sourceSession.read('groups', {filter: {}})),
          targetSession.list('groups'),
        ]);
        // Fields an earlier run linked or created stay linked, as the run keeps them (decideField).
        const runLinks = fieldLinksOf(dirOf());
        // A target that cannot create ticket fields says why, in the words the run journals (engine.ts fieldTarget).
        const refusal = target.connector.limits.ticketFieldCreateRefusal;
        const createRefusals = refusal ? Object.fromEntries(sourceFields.map((field) => [field.id, refusal(field)])) : undefined;
        set((s) => ({...s, fields: {state: 'ready', value: {sourceFields, targetFields, sourceGroups, targetGroups, runLinks, createRefusals}}}));
        updateFieldFacts();
      } catch (error) {
        set((s) => ({...s, fields: {state: 'failed', error: errorText(error)}}));
        return;
      }
      // The first page of tickets is the sample the run's mapping is tried on.
      set((s) => ({...s, fieldsPreview: {state: 'loading'}}));
      try {
        const {sourceSession, target, targetSession} = sides();
        const pages = sourceSession.read('tickets', {filter: {}})[Symbol.asyncIterator]();
        const first = await pages.next();
        await pages.return?.(undefined);
        const writeNotes = await targetWriteNotes(targetSession, target.connector);
        previewSample = {tickets: first.done ? [] : first.value.records.slice(0, 50), limits: target.connector.limits, writeNotes, limitations: platformLimitations(target.connector)};
        await refreshPreview();
      } catch (error) {
        set((s) => ({...s, fieldsPreview: {state: 'failed', error: errorText(error)}}));
      }
    },

    async runAudit() {
      const plan = needPlan();
      if (!plan) return;
      set((s) => ({...s, audit: {state: 'loading', detail: 'starting'}}));
      try {
        const {sourceSession, targetSession} = sides();
        const findings = await auditFolder(dirOf(), plan, sourceSession, targetSession, (detail) => set((s) => ({...s, audit: {state: 'loading', detail}})));
        set((s) => ({...s, audit: {state: 'ready', value: findings}}));
      } catch (error) {
        set((s) => ({...s, audit: {state: 'failed', error: errorText(error)}}));
      }
    },

    async refreshChecklist() {
      const plan = needPlan();
      if (!plan) return;
      rebuildChecklist();
      try {
        const {sourceSession, targetSession} = context.checkSides();
        const [sourceCheck, targetCheck] = await Promise.all([sourceSession.check(), targetSession.check()]);
        checklistFacts.problems = [...sourceCheck.problems.map((p) => `source: ${p}`), ...targetCheck.problems.map((p) => `target: ${p}`)];
        checklistFacts.advice = [...(sourceCheck.advice ?? []).map((p) => `source: ${p}`), ...(targetCheck.advice ?? []).map((p) => `target: ${p}`)];
        await Promise.all([intents.loadAgents(), intents.loadFields()]);
      } catch (error) {
        say('error', `Checking through the API failed: ${errorText(error)}`);
      }
      rebuildChecklist();
    },

    async setFallbackRequester(email) {
      const plan = needPlan();
      if (!plan) return;
      const value = email.trim();
      const save = (change: (options: Plan['options']) => Plan['options']) => context.updatePlan((p) => ({...p, options: change({...p.options})}));
      if (!value) {
        save((options) => (delete options.fallbackRequester, options));
        return say('info', 'No fallback requester: tickets whose requester cannot be migrated fail.');
      }
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return say('error', `"${value}" is not an email address: the fallback requester is a contact or agent on the target, by email.`);
      say('info', `Looking for ${value} on the target…`);
      try {
        const {targetSession, target} = context.checkSides();
        const found = await findRequesterOnTarget(targetSession, value);
        if (!found) return say('error', `${value} is neither a contact nor an agent on the target (${target.connector.label}): type the email of someone it has (Agents, 4, lists its agents). Not saved.`);
        save((options) => ({...options, fallbackRequester: value}));
        say('info', `Fallback requester: ${value} (found on the target). Tickets whose requester could not be migrated get it: retry them on Failures (F, then A).`);
      } catch (error) {
        say('error', `Could not look ${value} up on the target: ${errorText(error)}. Not saved.`);
      }
    },
    tick(id) {
      const dir = dirOf();
      if (!dir) return;
      const ticks = loadTicks(dir);
      ticks[id] = !ticks[id];
      saveTicks(dir, ticks);
      rebuildChecklist();
      store.flush();
    },

    afterPlanEdit() {
    updateFieldFacts();
    void refreshPreview();
    const agents = store.getState().agents;
    const plan = planOf();
    if (plan && agents.state === 'ready') {
      const sourceAgents = agents.value.matches.map((m) => ({id: m.sourceId, email: m.sourceEmail, name: m.sourceName, role: 'agent' as const, active: true, createdAt: '', updatedAt: ''}));
      const matches = matchAgents(sourceAgents, agents.value.targetAgents, plan.agentMap);
      checklistFacts.unmatchedAgents = matches.filter((m) => m.how === 'none').map((m) => `${m.sourceName}${m.sourceEmail ? ` <${m.sourceEmail}>` : ''}`);
      set((s) => ({...s, agents: {state: 'ready', value: {...agents.value, matches}}}));
      rebuildChecklist();
    }
    },
  };

  let previewSample: {tickets: Ticket[]; limits: TargetLimits; writeNotes?: WriteNotes; limitations: string[]} | undefined;
  async function refreshPreview() {
    const plan = planOf();
    const fields = store.getState().fields;
    if (!plan || !previewSample || fields.state !== 'ready') return;
    const {sourceFields, targetFields} = fields.value;
    try {
      const value = await previewTicketMapping(previewSample.tickets, sourceFields, targetFields, plan, previewSample.limits, plan.source.platform, {writeNotes: previewSample.writeNotes, runLinks: fields.value.runLinks, limitations: previewSample.limitations});
      set((s) => ({...s, fieldsPreview: {state: 'ready', value}}));
    } catch (error) {
      // Called after plan edits too: a failure here must reach the screen, never the process.
      set((s) => ({...s, fieldsPreview: {state: 'failed', error: errorText(error)}}));
    }
  }

  function updateFieldFacts() {
    const plan = planOf();
    const fields = store.getState().fields;
    if (!plan || fields.state !== 'ready') return;
    const {sourceFields, targetFields} = fields.value;
    checklistFacts.requiredTargetFieldsWithoutValue = requiredWithoutValue(sourceFields, targetFields, plan, fields.value.runLinks).map((f) => f.title);
    rebuildChecklist();
  }

  return intents;
}
