// The Prepare checklist gathers Front's own steps for each pair it is in: as a target, rules paused,
// teammates invited and custom fields made by hand, the marker tags; as a source, trashed conversations
// and what is not migrated; for either side, the token's inboxes and the company-wide rate limit.
import test from 'ava';
import '../source/app/registry.js';
import {buildChecklist} from '../source/prepare/checklist.js';
import {defaultPlan, type Endpoint} from '../source/plan/plan.js';

const endpoint = (platform: string): Endpoint => ({platform, url: `https://x.${platform}.test`, tier: platform === 'front' ? 'starter' : 'enterprise', authKind: 'token', credentials: {}});
const items = (source: string, target: string) => buildChecklist(defaultPlan(endpoint(source), endpoint(target)), {}, {});

test('Front as a target: rules paused, teammates and custom fields made by hand, the marker tags, the token', (t) => {
  const list = items('zendesk', 'front');
  const ids = list.map((item) => item.id);
  for (const id of ['target-rules-off', 'target-teammates-invited', 'target-custom-fields', 'target-marker-tags', 'target-token-scopes', 'target-token-rate']) t.true(ids.includes(id), id);
  t.false(ids.includes('source-trashed'));
  t.true(list.some((item) => /Front does not keep private note dates/.test(item.text)), 'the limitations are said once there');
});

test('Front as a source: trashed conversations and what is not migrated', (t) => {
  const ids = items('front', 'zendesk').map((item) => item.id);
  for (const id of ['source-trashed', 'source-teams', 'source-token-scopes']) t.true(ids.includes(id), id);
  t.false(ids.includes('target-rules-off'));
});
