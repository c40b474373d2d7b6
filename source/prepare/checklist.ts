// The preparation checklist for a source and target: what each platform needs
// before and after a migration. Items the API can answer are checked through it
// (facts gathered by the Prepare intent); the rest are ticked by hand. Ticks are
// kept in <dir>/checklist.json so they survive a restart.
import {existsSync, readFileSync, writeFileSync, renameSync} from 'node:fs';
import path from 'node:path';
import type {Plan} from '../plan/plan.js';

export interface ChecklistItem {
  id: string;
  text: string;
  /** 'api': ferry checked it; 'manual': the operator ticks it */
  how: 'api' | 'manual';
  done: boolean;
  /** What the API check found, or why the item matters */
  detail?: string;
}

/** What the API told us; undefined means "not checked yet". */
export interface ChecklistFacts {
  unmatchedAgents?: string[];
  requiredTargetFieldsWithoutValue?: string[];
  sourceAuthKind?: string;
  targetAuthKind?: string;
  problems?: string[];
}

interface ItemSpec {
  id: string;
  text: string;
  detail?: string;
}

/** Per-platform manual items for the target (before the run, and after it). */
const TARGET_ITEMS: Record<string, ItemSpec[]> = {
  zendesk: [
    {id: 'target-notifications-off', text: 'Zendesk: deactivate triggers that email requesters or CCs (Admin Center > Objects and rules > Triggers)', detail: 'Otherwise every imported ticket and comment can send an email to your customers.'},
    {id: 'target-automations-off', text: 'Zendesk: deactivate automations and SLA policies that act on time (they would close or escalate imported tickets)'},
    {id: 'target-webhooks-off', text: 'Zendesk: pause webhooks and apps that react to new tickets (CRM sync, Slack)'},
    {
      id: 'target-delta-triggers',
      text: 'Zendesk: before delta runs, add "Tags contains none of ferry-migrated" to triggers that email requesters',
      // Imports do not fire triggers, but an update of an imported ticket does (docs/platforms/zendesk.md);
      // ferry sends only the changed fields in one update, and the tag lets a trigger leave it alone.
      detail: 'A full migration imports tickets, which fires no trigger; a delta run updates them, which does. ferry sends only what changed, in one update per ticket.',
    },
  ],
  freshdesk: [
    {id: 'target-notifications-off', text: 'Freshdesk: turn off email notifications to requesters and agents (Admin > Email Notifications)', detail: 'Otherwise every imported ticket sends "ticket received" emails.'},
    {id: 'target-automations-off', text: 'Freshdesk: deactivate automations (ticket creation, time triggers, ticket updates) and SLA reminders'},
    {id: 'target-webhooks-off', text: 'Freshdesk: pause apps and webhooks that react to new tickets'},
  ],
};

const AFTER_ITEMS: ItemSpec[] = [{id: 'target-back-on', text: 'After the migration: turn notifications, triggers, automations and webhooks back on'}];

function tokenItems(platform: string, side: 'source' | 'target', authKind: string | undefined): ItemSpec[] {
  if (platform === 'zendesk' && authKind !== 'oauth')
    return [
      {
        id: `${side}-token-expiry`,
        text: `Zendesk ${side}: API tokens are being retired; make sure the token lasts the whole migration, or switch to OAuth`,
        // Followed: support.zendesk.com article 10840968198042 (API token retirement: tokens unused 30 days
        // deactivate from 28 Jul 2026, no new tokens from 27 Oct 2026, all deactivated 30 Apr 2027).
        detail: 'Zendesk deactivates API tokens unused for 30 days, stops new tokens from 27 Oct 2026 and ends them on 30 Apr 2027.',
      },
    ];
  if (platform === 'zendesk')
    return [{id: `${side}-token-expiry`, text: `Zendesk ${side}: OAuth client id, secret and refresh token are set; ferry renews access tokens and keeps them only in the credential store`}];
  if (platform === 'freshdesk')
    return [{id: `${side}-token-expiry`, text: `Freshdesk ${side}: the API key belongs to one agent; it stops working if that agent is deactivated or resets the key`}];
  return [];
}

export function buildChecklist(plan: Plan, facts: ChecklistFacts, ticked: Record<string, boolean>): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  const unmatched = facts.unmatchedAgents;
  items.push({
    id: 'agents-exist',
    how: 'api',
    text: unmatched === undefined ? 'Agent profiles for every source agent on the target (not checked yet)' : unmatched.length ? `Create ${unmatched.length} agent profile(s) on the target, or map them by hand` : 'Every source agent has an agent on the target',
    done: unmatched !== undefined && unmatched.length === 0,
    detail: unmatched?.length ? unmatched.join(', ') : undefined,
  });
  const required = facts.requiredTargetFieldsWithoutValue;
  items.push({
    id: 'required-fields',
    how: 'api',
    text: required === undefined ? 'Required target fields get a value (not checked yet)' : required.length ? `Give ${required.length} required target field(s) a default on the Fields screen` : 'Every required target field gets a value',
    done: required !== undefined && required.length === 0,
    detail: required?.length ? required.join(', ') : undefined,
  });
  if (facts.problems !== undefined)
    items.push({id: 'rights', how: 'api', text: facts.problems.length ? 'Fix the account rights the connection test reported' : 'Both accounts have the rights a migration needs', done: facts.problems.length === 0, detail: facts.problems.join('; ') || undefined});
  const manual = [
    ...(TARGET_ITEMS[plan.target.platform] ?? []),
    ...tokenItems(plan.source.platform, 'source', facts.sourceAuthKind ?? plan.source.authKind),
    ...tokenItems(plan.target.platform, 'target', facts.targetAuthKind ?? plan.target.authKind),
    ...AFTER_ITEMS,
  ];
  for (const spec of manual) items.push({...spec, how: 'manual', done: Boolean(ticked[spec.id])});
  return items;
}

const checklistFile = (dir: string) => path.join(dir, 'checklist.json');

export function loadTicks(dir: string): Record<string, boolean> {
  const file = checklistFile(dir);
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, boolean>;
  } catch {
    return {}; // a damaged file only loses ticks, which the operator can redo
  }
}

export function saveTicks(dir: string, ticks: Record<string, boolean>) {
  const file = checklistFile(dir);
  writeFileSync(file + '.tmp', JSON.stringify(ticks, null, 2) + '\n');
  renameSync(file + '.tmp', file);
}
