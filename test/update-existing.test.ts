// Issue 20 Rule 1: options.updateExisting updates the contacts and organizations ferry linked
// (same email or name) with the source's values: only the fields that differ, once, in full
// and delta runs, and never a target record ferry did not link. Without it they stay as the
// target has them, in a delta too.
import test from 'ava';
import {runMigration} from '../source/app/migration.js';
import {findConnector} from '../source/app/registry.js';
import {testBed, type Bed} from './helpers/migration.js';
import {smallDemoAccount} from '../demo-data/generate.js';
import {hasWarning} from '../source/engine/outcomes.js';

const base = smallDemoAccount(40);
const byEmail = (email: string) => base.source.contacts.find((c) => c.email === email)!;

/** The demo target with differences to update and records ferry must not touch. */
function account() {
  const copy = structuredClone(base);
  const emma = copy.target.contacts.find((c) => c.name === 'Emma Williams')!;
  emma.name = 'Emma W.';
  emma.phone = '+44 20 7946 0000'; // the source has no phone for her: the target's stays
  copy.target.organizations.push({id: '9299', name: 'Unrelated Ltd', domains: ['unrelated.test'], notes: 'not in the source', createdAt: '2024-06-01T09:00:00Z', updatedAt: '2024-06-01T09:00:00Z'});
  copy.target.contacts.push({id: '9399', name: 'Nobody Else', email: 'nobody@unrelated.test', role: 'end-user', active: true, createdAt: '2024-06-01T09:00:00Z', updatedAt: '2024-06-01T09:00:00Z'});
  return copy;
}

async function bed(t: any, updateExisting: boolean) {
  const b = await testBed({account: account()});
  t.teardown(() => b.close());
  b.savePlan((plan) => (plan.options.updateExisting = updateExisting));
  return b;
}

const find = async (b: Bed, type: 'contacts' | 'organizations', id: string) => (await b.targetRecords(type)).find((r) => r.id === id);

async function changeSourceOrganization(b: Bed, id: string, notes: string) {
  const source = b.demo.source;
  const headers = findConnector('zendesk')!.authHeaders({baseUrl: source.url, authKind: source.authKind, credentials: source.credentials});
  await new Promise((resolve) => setTimeout(resolve, 1100)); // a second after the last run's bookmark
  const answer = await fetch(`${source.url}/api/v2/organizations/${id}.json`, {method: 'PUT', headers: {...headers, 'content-type': 'application/json'}, body: JSON.stringify({organization: {notes}})});
  if (answer.status !== 200) throw new Error(`${answer.status} ${await answer.text()}`);
}

test.serial('full: linked records take the source values, only the fields that differ; equal and unlinked records are not written', async (t) => {
  const b = await bed(t, true);
  const result = await runMigration({dir: b.dir, mode: 'full', env: b.env});
  t.is(result.status, 'finished', result.message);
  const northwind = base.source.organizations.find((o) => o.name === 'Northwind Logistics')!;
  t.is((await find(b, 'organizations', '9201')).notes, northwind.notes);
  const tomasz = await find(b, 'contacts', '9303');
  t.is(tomasz.phone, byEmail('tclark@northwind-logistics.test').phone);
  const emma = await find(b, 'contacts', '9301');
  t.is(emma.name, 'Emma Williams');
  t.is(emma.phone, '+44 20 7946 0000', 'a value the source does not hold stays');
  t.regex(b.journal((j) => j.record('contacts', byEmail('emma.williams@northwind-logistics.test').id))!.reason!, /^linked to existing target contact #9301 \(same email\); updated from the source: name$/);
  t.regex(b.journal((j) => j.record('contacts', byEmail('tclark@northwind-logistics.test').id))!.reason!, /; updated from the source: phone$/);
  // Already equal: linked, not written.
  const aarav = await find(b, 'contacts', '9302');
  t.is(aarav.updatedAt, '2024-06-01T09:00:00Z');
  t.is(b.journal((j) => j.record('contacts', byEmail('aschmidt@bluepeak.test').id))!.reason, 'linked to existing target contact #9302 (same email)');
  // Never a record ferry did not link.
  t.is((await find(b, 'organizations', '9299')).updatedAt, '2024-06-01T09:00:00Z');
  t.is((await find(b, 'contacts', '9399')).updatedAt, '2024-06-01T09:00:00Z');
  // Linking and updating are no warning.
  t.false(hasWarning(b.journal((j) => j.record('contacts', byEmail('tclark@northwind-logistics.test').id))!));
  const stamp = (await find(b, 'contacts', '9301')).updatedAt;
  t.is((await runMigration({dir: b.dir, mode: 'full', env: b.env})).status, 'finished');
  t.is((await find(b, 'contacts', '9301')).updatedAt, stamp, 'a second run writes nothing again');
});

test.serial('delta: a linked organization changed in the source is updated once; without the option it stays as the target has it', async (t) => {
  for (const updateExisting of [true, false]) {
    const b = await bed(t, updateExisting);
    t.is((await runMigration({dir: b.dir, mode: 'full', env: b.env})).status, 'finished');
    const before = await find(b, 'organizations', '9202');
    await changeSourceOrganization(b, '3002', 'Moved to the annual plan.');
    const delta = await runMigration({dir: b.dir, mode: 'delta', env: b.env});
    t.is(delta.status, 'finished', delta.message);
    const after = await find(b, 'organizations', '9202');
    if (!updateExisting) {
      t.deepEqual(after, before, 'left as the target has it');
      continue;
    }
    t.is(after.notes, 'Moved to the annual plan.');
    t.regex(b.journal((j) => j.record('organizations', '3002'))!.reason!, /^linked to existing target organization #9202 \(same name\); updated from the source: notes$/);
    const again = await runMigration({dir: b.dir, mode: 'delta', env: b.env});
    t.is(again.status, 'finished');
    t.is((await find(b, 'organizations', '9202')).updatedAt, after.updatedAt, 'not written twice');
  }
});
