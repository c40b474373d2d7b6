// Issue 20 rule 4: people and organizations arrive whole. A contact with two emails, two phones and a
// custom field, and an organization with a custom field, go from each platform (once as source) to
// each platform (once as target); the target holds exactly what its API can, and what it cannot is a
// warning on the record naming what was left out.
import test from 'ava';
import {testBed, type Bed} from './helpers/migration.js';
import {runMigration} from '../source/app/migration.js';
import {smallDemoAccount} from '../demo-data/generate.js';
import type {DemoAccount} from '../demo-data/account.js';
import type {Organization, Person} from '../source/contracts/model.js';
import {emailsOf, phonesOf} from '../source/contracts/model.js';
import {hasWarning} from '../source/engine/outcomes.js';

const EXTRA_EMAIL = 'second.address@people-whole.test';
const PHONES = ['+1 555 0100', '+1 555 0101'];

/** The small demo account with one contact and one organization made whole, and the fields they use on both sides. */
function account(targetHasFields: boolean): {account: DemoAccount; person: Person; org: Organization} {
  const base = smallDemoAccount(12);
  const copy = structuredClone(base);
  const org = copy.source.organizations.find((o) => !copy.target.organizations.some((other) => other.name.toLowerCase() === o.name.toLowerCase()))!;
  org.customFields = {region: 'EMEA'};
  // One the target does not have yet (a linked contact keeps the target's values: update-existing.test.ts).
  const fresh = (c: Person) => c.email && c.active && !copy.target.contacts.some((other) => other.email?.toLowerCase() === c.email!.toLowerCase());
  const person = copy.source.contacts.find((c) => fresh(c) && c.organizationId === org.id) ?? copy.source.contacts.find(fresh)!;
  person.emails = [person.email!, EXTRA_EMAIL];
  person.phones = [...PHONES];
  person.phone = PHONES[0];
  person.customFields = {tier: 'Gold'};
  copy.source.contactFields = [{key: 'tier', title: 'Tier'}];
  copy.source.organizationFields = [{key: 'region', title: 'Region'}];
  if (targetHasFields) {
    copy.target.contactFields = [{key: 'tier', title: 'Tier'}];
    copy.target.organizationFields = [{key: 'region', title: 'Region'}];
  }
  return {account: copy, person, org};
}

async function migrate(t: any, sourcePlatform: string, targetPlatform: string, targetHasFields = true) {
  const made = account(targetHasFields);
  const bed: Bed = await testBed({sourcePlatform, targetPlatform, account: made.account});
  t.teardown(() => bed.close());
  const result = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(result.status, 'finished', result.message);
  // The source's reading of the person: what the run had to carry (every email and phone, the field).
  const read = (await bed.sourceRecords<Person>('contacts')).find((c) => c.email?.toLowerCase() === made.person.email!.toLowerCase())!;
  const contactRow = bed.journal((j) => j.record('contacts', read.id))!;
  const readOrg = (await bed.sourceRecords<Organization>('organizations')).find((o) => o.name === made.org.name)!;
  const orgRow = bed.journal((j) => j.record('organizations', readOrg.id));
  const contact = (await bed.targetRecords<Person>('contacts')).find((c) => c.id === contactRow.targetId);
  const organization = orgRow?.targetId ? (await bed.targetRecords<Organization>('organizations')).find((o) => o.id === orgRow.targetId) : undefined;
  return {read, contactRow, orgRow, contact, organization};
}

test.serial('Freshdesk as target: every email and phone, the contact field and the company field land; a source Freshdesk reads them all', async (t) => {
  t.timeout(240_000);
  const {read, contactRow, contact, organization} = await migrate(t, 'freshdesk', 'freshdesk');
  t.deepEqual(emailsOf(read).slice(1), [EXTRA_EMAIL]);
  t.deepEqual(phonesOf(read), PHONES);
  t.deepEqual(read.customFields, {tier: 'Gold'});
  t.deepEqual(emailsOf(contact!), emailsOf(read));
  t.deepEqual(phonesOf(contact!), PHONES);
  t.deepEqual(contact!.customFields, {tier: 'Gold'});
  t.deepEqual(organization!.customFields, {region: 'EMEA'});
  t.false(hasWarning(contactRow), contactRow.reason ?? '');
});

test.serial('Freshdesk as target without the fields: the contact and the company say which custom field was left out', async (t) => {
  t.timeout(240_000);
  const {contactRow, orgRow, contact} = await migrate(t, 'freshdesk', 'freshdesk', false);
  t.deepEqual(phonesOf(contact!), PHONES);
  t.is(contact!.customFields, undefined);
  t.regex(contactRow.reason ?? '', /left out of the contact: custom field "tier" \(no contact field of that name on the target\)/);
  t.regex(orgRow!.reason ?? '', /left out of the organization: custom field "region" \(no company field of that name on the target\)/);
});

test.serial('Zendesk as source and as target: identities, user fields and organization fields move both ways', async (t) => {
  t.timeout(240_000);
  const {read, contactRow, contact, organization} = await migrate(t, 'zendesk', 'zendesk');
  t.deepEqual(emailsOf(read).slice(1), [EXTRA_EMAIL], 'the source reads the side-loaded identities');
  t.deepEqual(phonesOf(read), PHONES);
  t.deepEqual(read.customFields, {tier: 'Gold'});
  t.deepEqual(emailsOf(contact!), emailsOf(read));
  t.deepEqual(phonesOf(contact!), PHONES);
  t.deepEqual(contact!.customFields, {tier: 'Gold'});
  t.deepEqual(organization!.customFields, {region: 'EMEA'});
  t.false(hasWarning(contactRow), contactRow.reason ?? '');
});

test.serial('Zendesk as target without the fields: the user and the organization name the field left out', async (t) => {
  t.timeout(240_000);
  const {contactRow, orgRow, contact} = await migrate(t, 'freshdesk', 'zendesk', false);
  t.deepEqual(phonesOf(contact!), PHONES);
  t.is(contact!.customFields, undefined);
  t.regex(contactRow.reason ?? '', /left out of the contact: custom field "tier" \(no user field of that key or title on the target\)/);
  t.regex(orgRow!.reason ?? '', /left out of the organization: custom field "region" \(no organization field of that key or title on the target\)/);
});

test.serial('Freshservice as source and as target: secondary emails and both phones move; requester fields are named as left out', async (t) => {
  t.timeout(240_000);
  const {read, contactRow, contact} = await migrate(t, 'freshservice', 'freshservice');
  t.deepEqual(emailsOf(read).slice(1), [EXTRA_EMAIL]);
  t.deepEqual(phonesOf(read), PHONES);
  t.deepEqual(read.customFields, {tier: 'Gold'});
  t.deepEqual(emailsOf(contact!), emailsOf(read));
  t.deepEqual(phonesOf(contact!), PHONES);
  t.regex(contactRow.reason ?? '', /left out of the contact: custom field "tier" \(ferry does not write Freshservice requester fields\)/);
});

test.serial('Help Scout as target: every email and phone goes into the customer lists; custom fields are named as left out', async (t) => {
  t.timeout(240_000);
  const {contactRow, contact} = await migrate(t, 'zendesk', 'helpscout');
  t.deepEqual(emailsOf(contact!).slice(1), [EXTRA_EMAIL]);
  t.deepEqual(phonesOf(contact!), PHONES);
  t.regex(contactRow.reason ?? '', /left out of the contact: custom field "tier" \(ferry does not write Help Scout customer properties\)/);
});

test.serial('Front as target: every email and phone becomes a handle; the custom fields are named as left out', async (t) => {
  t.timeout(240_000);
  const {contactRow, orgRow, contact} = await migrate(t, 'zendesk', 'front');
  t.deepEqual(emailsOf(contact!).slice(1), [EXTRA_EMAIL]);
  t.deepEqual(phonesOf(contact!), PHONES);
  t.regex(contactRow.reason ?? '', /left out of the contact: custom field "tier" \(ferry does not write Front contact custom fields\)/);
  t.regex(orgRow!.reason ?? '', /left out of the organization: custom field "region" \(ferry does not write Front account custom fields\)/);
});

test.serial('Intercom as target: one email and one phone are kept; the second email, the second phone and the custom field are named as left out', async (t) => {
  t.timeout(240_000);
  const {contactRow, contact} = await migrate(t, 'zendesk', 'intercom');
  t.deepEqual(phonesOf(contact!), [PHONES[0]]);
  t.is(contactRow.reason ?? '', `left out of the contact: email ${EXTRA_EMAIL}, phone ${PHONES[1]}, custom field "tier" (ferry does not write Intercom custom attributes)`);
});
