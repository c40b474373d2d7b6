// The Prepare checklist gathers Freshservice's own steps for each pair it is in: as a target,
// notifications, the Workflow Automator and Supervisor Rules off (and the fields and agents the API
// cannot create); as a source, the custom view issue 14's checklist asks for, and changes/problems.
import test from 'ava';
import '../source/app/registry.js';
import {buildChecklist} from '../source/prepare/checklist.js';
import {defaultPlan, type Endpoint} from '../source/plan/plan.js';

const endpoint = (platform: string): Endpoint => ({platform, url: `https://x.${platform}.test`, tier: platform === 'freshservice' ? 'growth' : 'enterprise', authKind: platform === 'zendesk' ? 'token' : 'apikey', credentials: {}});
const ids = (source: string, target: string) => buildChecklist(defaultPlan(endpoint(source), endpoint(target)), {}, {}).map((item) => item.id);

test('as a target: notifications, Workflow Automator and Supervisor Rules off, fields and agents made by hand', (t) => {
  const items = ids('zendesk', 'freshservice');
  for (const id of ['target-notifications-off', 'target-workflow-automator-off', 'target-supervisor-rules-off', 'target-ticket-fields', 'target-agents-invited', 'target-token-expiry']) t.true(items.includes(id), id);
  t.false(items.includes('source-custom-view'));
});

test('as a source: the custom view set up first, changes and problems as tickets, the primary workspace', (t) => {
  const items = ids('freshservice', 'zendesk');
  for (const id of ['source-custom-view', 'source-changes-problems', 'source-workspaces', 'source-token-expiry']) t.true(items.includes(id), id);
  t.false(items.includes('target-workflow-automator-off'));
});
