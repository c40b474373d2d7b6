// What must hold before a migration writes anything, checked in one place: `ferry check`
// prints every check, and the engine runs the same ones first and stops, writing nothing,
// at a failed one. Both connections, the rights each side needs (each connector says what
// its platform requires), the plan's names against both accounts, and filters that select
// no ticket.
import type {AccountCheck, SourceSession, TargetLimits, TargetSession} from '../contracts/connector.js';
import type {Person, TicketField, Group} from '../contracts/model.js';
import type {Plan} from '../plan/plan.js';
import {PlanError, RunStopError} from '../contracts/errors.js';
import {findTicketInScope, hasTicketFilters, readSourceNames, resolveScope, zeroTicketsMessage, missingDemoTickets, missingDemoTicketsMessage, type TicketScope} from './scope.js';
import {decideField} from './mapping.js';

export interface PreflightCheck {
  id: 'source-connection' | 'target-connection' | 'source-rights' | 'target-rights' | 'plan-source' | 'plan-target' | 'selection';
  label: string;
  ok: boolean;
  /** What was found, or what to fix */
  detail: string;
}

export interface Preflight {
  ok: boolean;
  checks: PreflightCheck[];
  source?: AccountCheck;
  target?: AccountCheck;
  /** What was read on the way, for the run that follows */
  read: {sourceAgents: Person[]; targetAgents: Person[]; targetGroups: Group[]; targetFields: TicketField[]; sourceFields: TicketField[]; scope: TicketScope};
}

export interface PreflightSides {
  source: SourceSession;
  target: TargetSession;
  sourceLabel: string;
  targetLabel: string;
  /** The target connector's limits: whether it can create the CC field */
  limits?: TargetLimits;
}

const LABELS: Record<PreflightCheck['id'], string> = {
  'source-connection': 'Source connection',
  'target-connection': 'Target connection',
  'source-rights': 'Source rights',
  'target-rights': 'Target rights',
  'plan-source': 'Plan against the source',
  'plan-target': 'Plan against the target',
  selection: 'Tickets the filters select',
};

// A stop carries what to do about it (rejected credentials: where to fix them).
const errorText = (error: unknown) => (error instanceof RunStopError ? `${error.message}. ${error.hint}` : error instanceof Error ? error.message : String(error));
const norm = (text: string) => text.trim().toLowerCase();

/**
 * Runs every check (a check that cannot run because an earlier one failed says so).
 * `selection`: whether to look for a ticket the filters select (full and demo runs, ferry check).
 */
export async function preflight(plan: Plan, sides: PreflightSides, options: {selection: boolean; signal?: AbortSignal}): Promise<Preflight> {
  const checks: PreflightCheck[] = [];
  const add = (id: PreflightCheck['id'], ok: boolean, detail: string) => checks.push({id, label: LABELS[id], ok, detail});
  const read: Preflight['read'] = {sourceAgents: [], targetAgents: [], targetGroups: [], targetFields: [], sourceFields: [], scope: {customFields: []}};
  const [source, target] = await Promise.all([sides.source.check().catch((error: unknown) => error as Error), sides.target.check().catch((error: unknown) => error as Error)]);
  const account = (side: 'source' | 'target', result: AccountCheck | Error) => {
    const label = side === 'source' ? sides.sourceLabel : sides.targetLabel;
    if (result instanceof Error) {
      add(`${side}-connection`, false, `${label}: ${errorText(result)}`);
      add(`${side}-rights`, false, 'not checked: the connection failed');
      return undefined;
    }
    add(`${side}-connection`, true, result.description);
    add(`${side}-rights`, result.problems.length === 0, result.problems.length ? result.problems.join(' ') : `${label}: the rights a migration needs`);
    return result;
  };
  const sourceCheck = account('source', source);
  const targetCheck = account('target', target);
  const connected = Boolean(sourceCheck && targetCheck);
  if (!connected) {
    add('plan-source', false, 'not checked: a connection failed');
    add('plan-target', false, 'not checked: a connection failed');
    return {ok: false, checks, read};
  }

  const wantsFields = plan.recordTypes.includes('ticket_fields') || plan.recordTypes.includes('tickets');
  [read.sourceAgents, read.targetAgents, read.targetGroups, read.targetFields, read.sourceFields] = await Promise.all([
    all(sides.source.read('agents', {filter: {}})),
    sides.target.list('agents'),
    sides.target.list('groups'),
    sides.target.list('ticket_fields'),
    wantsFields ? all(sides.source.read('ticket_fields', {filter: {}})) : Promise.resolve([] as TicketField[]),
  ]);

  let sourceOk = true;
  try {
    const names = await readSourceNames(plan, sides.source);
    read.scope = resolveScope(plan, {...names, agents: names.agents ?? read.sourceAgents, fields: names.fields ?? read.sourceFields}, sides.sourceLabel);
    const missing = await missingDemoTickets(sides.source, plan.demo.ticketIds);
    if (missing.length) throw new PlanError(missingDemoTicketsMessage(missing, sides.sourceLabel), 'demo.ticketIds');
    add('plan-source', true, `every group, organization, agent and field the plan names is in the source${plan.demo.ticketIds ? `, and the ${plan.demo.ticketIds.length} demo ticket(s)` : ''}`);
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    sourceOk = false;
    add('plan-source', false, error.message);
  }

  const targetProblems = planProblemsOnTarget(plan, read, sides.limits);
  if (plan.options.fallbackRequester) {
    const email = plan.options.fallbackRequester;
    const found = (await sides.target.findExisting('contacts', {email})) ?? read.targetAgents.find((agent) => agent.email && norm(agent.email) === norm(email))?.id;
    if (!found) targetProblems.push(`options.fallbackRequester "${email}" is neither a contact nor an agent on the target: create it there first`);
  }
  add('plan-target', targetProblems.length === 0, targetProblems.length ? targetProblems.map((p) => `plan.json: ${p}`).join('; ') : 'every agent, group and field the plan names is on the target');

  if (options.selection && sourceOk && plan.recordTypes.includes('tickets') && hasTicketFilters(plan.filters)) {
    const {found, read: count} = await findTicketInScope(sides.source, plan.filters, read.scope, options.signal);
    add('selection', found, found ? 'the filters select tickets' : zeroTicketsMessage(plan.filters, count));
  }
  return {ok: checks.every((check) => check.ok), checks, source: sourceCheck, target: targetCheck, read};
}

/** The plan's references to target records that the target does not have, each as what to fix. */
export function planProblemsOnTarget(plan: Plan, read: Pick<Preflight['read'], 'targetAgents' | 'targetGroups' | 'targetFields' | 'sourceFields'>, limits?: Pick<TargetLimits, 'ticketFieldCreateRefusal'>): string[] {
  const problems: string[] = [];
  const agent = (ref: string) => read.targetAgents.some((a) => a.id === ref || (a.email && norm(a.email) === norm(ref)));
  const group = (ref: string) => read.targetGroups.some((g) => g.id === ref || norm(g.name) === norm(ref));
  const field = (ref: string) => read.targetFields.some((f) => f.id === ref || norm(f.title) === norm(ref) || f.key === ref);
  if (plan.agentMap.fallback && !agent(plan.agentMap.fallback)) problems.push(`agentMap.fallback "${plan.agentMap.fallback}" is not an agent on the target`);
  for (const [from, to] of Object.entries(plan.agentMap.manual)) if (!agent(to)) problems.push(`agentMap.manual.${from} "${to}" is not an agent on the target`);
  for (const [from, to] of Object.entries(plan.groupMap)) if (!group(to)) problems.push(`groupMap.${from} "${to}" is not a group on the target`);
  for (const [from, to] of Object.entries(plan.fieldMap.fields)) if (to !== 'create' && to !== 'skip' && !field(to)) problems.push(`fieldMap.fields.${from} "${to}" is not a ticket field on the target (or write "create" or "skip")`);
  // fieldMap.defaults is not checked: a default for a field the target lacks is never used, and
  // one plan serves several targets (the demo's "Region" default, a Request Tracker target).
  // A CC field the target lacks is created by the run (ccFieldToCreate), where the target can.
  const ccField = ccFieldToCreate(plan, read);
  const refusal = ccField && limits?.ticketFieldCreateRefusal?.(ccField);
  if (ccField && refusal)
    problems.push(`options.ccField "${ccField.title}" is not a ticket field on the target, and the target cannot create it (${refusal}): create a text field "${ccField.title}" on the target by hand, or set options.ccTo to "note"`);
  return problems;
}

/**
 * The field options.ccField names when the run must create it: CCs go to a field, tickets
 * move, and neither the target nor a source field the run creates has that title.
 */
export function ccFieldToCreate(plan: Plan, read: Pick<Preflight['read'], 'targetFields' | 'sourceFields'>): TicketField | undefined {
  const {ccTo, ccField} = plan.options;
  if (ccTo !== 'field' || !ccField || !plan.recordTypes.includes('tickets')) return undefined;
  if (read.targetFields.some((f) => f.id === ccField || norm(f.title) === norm(ccField) || f.key === ccField)) return undefined;
  const fromSource = plan.recordTypes.includes('ticket_fields') && read.sourceFields.some((f) => norm(f.title) === norm(ccField) && decideField(f, read.targetFields, plan.fieldMap).action === 'create');
  if (fromSource) return undefined;
  const now = new Date().toISOString();
  // A paragraph field: a ticket's CC list can be longer than a one-line text field holds.
  return {id: 'ferry-cc-field', title: ccField, key: '', type: 'textarea', required: false, active: true, createdAt: now, updatedAt: now};
}

async function all<T>(pages: AsyncIterable<{records: T[]}>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page.records);
  return out;
}

/** The failed checks in words, for a run that stops. */
export function preflightFailure(result: Preflight): string {
  return result.checks
    .filter((check) => !check.ok && !check.detail.startsWith('not checked'))
    .map((check) => `${check.label}: ${check.detail}`)
    .join('\n');
}
