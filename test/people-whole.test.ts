// Issue 20 rule 4: people and organizations arrive whole. A contact with two emails, two phones and a
// custom field, and an organization with a custom field, go from each platform (once as source) to
// each platform (once as target); the target holds exactly what its API can, and what it cannot is a
// warning on the record naming what was left out.
import test from 'ava';
import {migrate, EXTRA_EMAIL, PHONES} from './helpers/people.js';
import {emailsOf, phonesOf} from '../source/contracts/model.js';
import {hasWarning} from '../source/engine/outcomes.js';

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

test.serial('Freshservice as source and as target: secondary emails, both phones and the requester field move', async (t) => {
  t.timeout(240_000);
  const {read, contactRow, contact} = await migrate(t, 'freshservice', 'freshservice');
  t.deepEqual(emailsOf(read).slice(1), [EXTRA_EMAIL]);
  t.deepEqual(phonesOf(read), PHONES);
  t.deepEqual(read.customFields, {tier: 'Gold'});
  t.deepEqual(emailsOf(contact!), emailsOf(read));
  t.deepEqual(phonesOf(contact!), PHONES);
  t.deepEqual(contact!.customFields, {tier: 'Gold'});
  t.false(hasWarning(contactRow), contactRow.reason ?? '');
});

test.serial('Freshservice as target without the requester field: the contact says which custom field was left out', async (t) => {
  t.timeout(240_000);
  const {contactRow, contact} = await migrate(t, 'zendesk', 'freshservice', false);
  t.deepEqual(phonesOf(contact!), PHONES);
  t.is(contact!.customFields, undefined);
  t.regex(contactRow.reason ?? '', /left out of the contact: custom field "tier" \(no requester field of that name on the target\)/);
});

test.serial('Help Scout as target: every email and phone goes into the customer lists; the custom field into the customer property of that name', async (t) => {
  t.timeout(240_000);
  const {bed, contactRow, contact} = await migrate(t, 'zendesk', 'helpscout');
  t.deepEqual(emailsOf(contact!).slice(1), [EXTRA_EMAIL]);
  t.deepEqual(phonesOf(contact!), PHONES);
  const raw = (await (await fetch(`${bed.demo.target.url}/__emulator/raw/customers`)).json()) as Array<{id: number; properties: Record<string, unknown>}>;
  t.deepEqual(raw.find((customer) => String(customer.id) === contactRow.targetId)!.properties, {tier: 'Gold'});
  t.notRegex(contactRow.reason ?? '', /left out of the contact/);
});

test.serial('Help Scout as target without the customer property: the contact says which custom field was left out', async (t) => {
  t.timeout(240_000);
  const {contactRow} = await migrate(t, 'zendesk', 'helpscout', false);
  t.regex(contactRow.reason ?? '', /left out of the contact: custom field "tier" \(no customer property of that name in the account\)/);
});

test.serial('Front as target: every email and phone becomes a handle; the custom fields are named as left out', async (t) => {
  t.timeout(240_000);
  const {contactRow, orgRow, contact} = await migrate(t, 'zendesk', 'front');
  t.deepEqual(emailsOf(contact!).slice(1), [EXTRA_EMAIL]);
  t.deepEqual(phonesOf(contact!), PHONES);
  t.regex(contactRow.reason ?? '', /left out of the contact: custom field "tier" \(ferry does not write Front contact custom fields\)/);
  t.regex(orgRow!.reason ?? '', /left out of the organization: custom field "region" \(ferry does not write Front account custom fields\)/);
});

test.serial('Intercom as target: one email, one phone and the custom attributes are kept; the second email and phone are named as left out', async (t) => {
  t.timeout(240_000);
  const {contactRow, contact, orgRow, organization} = await migrate(t, 'zendesk', 'intercom');
  t.deepEqual(phonesOf(contact!), [PHONES[0]]);
  t.deepEqual(contact!.customFields, {tier: 'Gold'});
  t.deepEqual(organization!.customFields, {region: 'EMEA'});
  t.is(contactRow.reason ?? '', `left out of the contact: email ${EXTRA_EMAIL}, phone ${PHONES[1]}`);
  t.false(hasWarning(orgRow!), orgRow!.reason ?? '');
});

test.serial('Intercom as target without the data attributes: the contact and the company say which custom field was left out', async (t) => {
  t.timeout(240_000);
  const {contactRow, orgRow, contact} = await migrate(t, 'zendesk', 'intercom', false);
  t.is(contact!.customFields, undefined);
  t.regex(contactRow.reason ?? '', /custom field "tier" \(no contact data attribute of that name in the workspace\)/);
  t.regex(orgRow!.reason ?? '', /left out of the organization: custom field "region" \(no company data attribute of that name in the workspace\)/);
});
