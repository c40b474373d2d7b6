// ferry verify compares what people and organizations carry (issue 20 rule 4): a contact's emails and
// phones as sets (then the primary), and contact and organization custom fields. A value the target
// left out is expected when the record's own warning names it; one changed on the target behind
// ferry's back is a difference (exit 3) that names the field and both values.
import test from 'ava';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Writable} from 'node:stream';
import {migrate, EXTRA_EMAIL, PHONES} from './helpers/people.js';
import {verifyCommand} from '../source/cli/verify.js';
import {leftOutNamed, type VerifyResult} from '../source/prepare/verify.js';

async function verify(dir: string, env: NodeJS.ProcessEnv, ...args: string[]) {
  let text = '';
  const stream = new Writable({write: (chunk, _encoding, done) => ((text += String(chunk)), done())});
  const code = await verifyCommand(['--dir', dir, ...args], {stdout: stream, stderr: new Writable({write: (_c, _e, done) => done()}), env, cwd: os.tmpdir()});
  return {code, text};
}

const json = async (dir: string, env: NodeJS.ProcessEnv) => {
  const run = await verify(dir, env, '--json');
  return {code: run.code, result: JSON.parse(run.text) as VerifyResult};
};

test('a left-out warning is read back as what it names', (t) => {
  t.deepEqual(leftOutNamed(`left out of the contact: email ${EXTRA_EMAIL}, phones ${PHONES[0]} and ${PHONES[1]}, custom fields "tier" and "plan, level" (ferry does not write Intercom custom attributes)`), {
    of: 'contact',
    emails: [EXTRA_EMAIL],
    phones: PHONES,
    fields: ['tier', 'plan, level'],
  });
  t.deepEqual(leftOutNamed('left out of the organization: custom field "region" (RT has no organizations)'), {of: 'organization', emails: [], phones: [], fields: ['region']});
  t.is(leftOutNamed('Help Scout conversations have no priority: "urgent" was not kept.'), undefined);
});

test.serial('Zendesk -> Freshdesk: the whole contact verifies; a second email changed on the target is a difference naming both lists (exit 3)', async (t) => {
  t.timeout(300_000);
  const {bed, read, contactRow} = await migrate(t, 'zendesk', 'freshdesk');
  bed.env.FERRY_HOME = mkdtempSync(path.join(os.tmpdir(), 'ferry-verify-people-'));
  const clean = await json(bed.dir, bed.env);
  t.is(clean.code, 0, JSON.stringify(clean.result.differences).slice(0, 2000));
  t.true(clean.result.checked > 0);
  t.deepEqual(clean.result.expected.filter((d) => d.type === 'contacts' || d.type === 'organizations'), []);

  // The contact's other email changed in Freshdesk behind ferry's back (Update a Contact).
  const changed = 'changed.on.target@people-whole.test';
  const response = await fetch(`${bed.demo.target.url}/api/v2/contacts/${contactRow.targetId}`, {
    method: 'PUT',
    headers: {authorization: `Basic ${Buffer.from(`${bed.demo.target.credentials.apiKey}:X`).toString('base64')}`, 'content-type': 'application/json'},
    body: JSON.stringify({other_emails: [changed]}),
  });
  t.true(response.ok, await response.text());
  const differs = await verify(bed.dir, bed.env);
  t.is(differs.code, 3, differs.text);
  t.true(differs.text.includes(`contacts #${read.id} -> #${contactRow.targetId}  emails: source "${read.email}, ${EXTRA_EMAIL}", target "${read.email}, ${changed}"\n`), differs.text);
  const again = await json(bed.dir, bed.env);
  t.deepEqual(
    again.result.differences.map((d) => [d.type, d.sourceId, d.field]),
    [['contacts', read.id, 'emails']],
  );

  // Both emails back, but the other one made primary: the same set, another primary.
  const swapped = await fetch(`${bed.demo.target.url}/api/v2/contacts/${contactRow.targetId}`, {
    method: 'PUT',
    headers: {authorization: `Basic ${Buffer.from(`${bed.demo.target.credentials.apiKey}:X`).toString('base64')}`, 'content-type': 'application/json'},
    body: JSON.stringify({email: EXTRA_EMAIL, other_emails: [read.email]}),
  });
  t.true(swapped.ok, await swapped.text());
  const primary = await json(bed.dir, bed.env);
  t.is(primary.code, 3);
  t.deepEqual(
    primary.result.differences.map((d) => [d.type, d.sourceId, d.field, d.source, d.target]),
    [['contacts', read.id, 'email', read.email, EXTRA_EMAIL]],
  );
});

test.serial('Zendesk -> Freshdesk without the fields: a third phone and the custom fields the warnings name are expected (exit 0)', async (t) => {
  t.timeout(300_000);
  // Freshdesk keeps a phone and a mobile: the third number is left out, and the warning says so.
  const third = '+1 555 0102';
  const {bed, read, contactRow, orgRow} = await migrate(t, 'zendesk', 'freshdesk', false, ({person}) => person.phones!.push(third));
  bed.env.FERRY_HOME = mkdtempSync(path.join(os.tmpdir(), 'ferry-verify-people-'));
  const {code, result} = await json(bed.dir, bed.env);
  t.is(code, 0, JSON.stringify(result.differences).slice(0, 2000));
  const warning = `left out of the contact: phone ${third}, custom field "tier" (no contact field of that name on the target)`;
  t.is(contactRow.reason, warning);
  const people = result.expected.filter((d) => d.type === 'contacts' || d.type === 'organizations').map((d) => [d.type, d.sourceId, d.field, d.source, d.target, d.expected]);
  t.deepEqual(
    people.sort(),
    [
      ['contacts', read.id, 'phones', [...PHONES, third].join(', '), PHONES.join(', '), warning],
      ['contacts', read.id, 'custom field "tier"', 'Gold', 'none', warning],
      ['organizations', orgRow!.sourceId, 'custom field "region"', 'EMEA', 'none', orgRow!.reason],
    ].sort(),
  );
  const text = await verify(bed.dir, bed.env);
  t.true(text.text.includes(`contacts #${read.id} -> #${contactRow.targetId}  phones: source "${[...PHONES, third].join(', ')}", target "${PHONES.join(', ')}"  expected: ${warning}\n`), text.text);
});

test.serial('Freshdesk -> Zendesk, fields matched by title: the values verify where the write put them; values changed on the target are differences (exit 3)', async (t) => {
  t.timeout(300_000);
  // The target's fields have other keys than the source's: the write matches them by title.
  const {bed, read, contactRow, orgRow, contact, organization} = await migrate(t, 'freshdesk', 'zendesk', true, ({account}) => {
    account.target.contactFields = [{key: 'customer_tier', title: 'Tier'}];
    account.target.organizationFields = [{key: 'sales_region', title: 'Region'}];
  });
  t.deepEqual(contact!.customFields, {customer_tier: 'Gold'});
  t.deepEqual(organization!.customFields, {sales_region: 'EMEA'});
  bed.env.FERRY_HOME = mkdtempSync(path.join(os.tmpdir(), 'ferry-verify-people-'));
  const clean = await json(bed.dir, bed.env);
  t.is(clean.code, 0, JSON.stringify(clean.result.differences).slice(0, 2000));
  t.deepEqual(clean.result.expected.filter((d) => d.type === 'contacts' || d.type === 'organizations'), []);

  // Both values changed in Zendesk behind ferry's back (Update User, Update Organization).
  const {email, apiToken} = bed.demo.target.credentials;
  const put = async (url: string, body: unknown) => {
    const response = await fetch(`${bed.demo.target.url}${url}`, {
      method: 'PUT',
      headers: {authorization: `Basic ${Buffer.from(`${email}/token:${apiToken}`).toString('base64')}`, 'content-type': 'application/json'},
      body: JSON.stringify(body),
    });
    t.true(response.ok, await response.text());
  };
  await put(`/api/v2/users/${contactRow.targetId}.json`, {user: {user_fields: {customer_tier: 'Silver'}}});
  await put(`/api/v2/organizations/${orgRow!.targetId}.json`, {organization: {organization_fields: {sales_region: 'APAC'}}});
  const differs = await json(bed.dir, bed.env);
  t.is(differs.code, 3);
  t.deepEqual(
    differs.result.differences.map((d) => [d.type, d.sourceId, d.field, d.source, d.target]).sort(),
    [
      ['contacts', read.id, 'custom field "customer_tier"', 'Gold', 'Silver'],
      ['organizations', orgRow!.sourceId, 'custom field "sales_region"', 'EMEA', 'APAC'],
    ].sort(),
  );
});

// The targets whose writes now place contact custom fields (Freshservice requester fields, Intercom data
// attributes, Help Scout customer properties): verify reads each value back where the write put it, so a
// migrated contact's field is no difference, and a value changed on the target is one.
for (const target of ['freshservice', 'intercom', 'helpscout'] as const) {
  test.serial(`Zendesk -> ${target}: the contact's custom field verifies where the write put it (no difference on it)`, async (t) => {
    t.timeout(300_000);
    const {bed, read} = await migrate(t, 'zendesk', target);
    bed.env.FERRY_HOME = mkdtempSync(path.join(os.tmpdir(), 'ferry-verify-people-'));
    const {result} = await json(bed.dir, bed.env);
    const onField = [...result.differences, ...result.expected].filter((d) => d.type === 'contacts' && d.sourceId === read.id && /custom field/.test(d.field));
    t.deepEqual(onField, [], JSON.stringify(onField));
  });
}
