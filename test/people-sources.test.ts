// Issue 20 rule 4 from the sources people-whole.test.ts does not read: Help Scout, Front and Intercom.
// The person with two emails, two phones and a custom field (and the organization with one), seeded
// in each source's own shapes, arrives whole on Zendesk, which holds all of it: the target's contact
// and organization are compared whole with the account the source was seeded from.
import test from 'ava';
import {migrate, EXTRA_EMAIL, PHONES} from './helpers/people.js';
import {emailsOf, phonesOf, type Organization, type Person} from '../source/contracts/model.js';
import {hasWarning} from '../source/engine/outcomes.js';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Writable} from 'node:stream';
import {verifyCommand} from '../source/cli/verify.js';
import type {VerifyResult} from '../source/prepare/verify.js';
import type {Bed} from './helpers/migration.js';

/** `ferry verify --json`'s findings about people and organizations (other record types are other tests' business). */
async function peopleVerified(bed: Bed) {
  let text = '';
  const stream = new Writable({write: (chunk, _encoding, done) => ((text += String(chunk)), done())});
  bed.env.FERRY_HOME = mkdtempSync(path.join(os.tmpdir(), 'ferry-people-sources-'));
  await verifyCommand(['--dir', bed.dir, '--json'], {stdout: stream, stderr: new Writable({write: (_c, _e, done) => done()}), env: bed.env, cwd: os.tmpdir()});
  const result = JSON.parse(text) as VerifyResult;
  const people = (list: VerifyResult['differences']) => list.filter((d) => d.type === 'contacts' || d.type === 'organizations');
  return {differences: people(result.differences), expected: people(result.expected)};
}

/** What of a contact a test compares: its name, every email and phone in order, its custom fields, its organization. */
const whole = (person: Person) => ({name: person.name, emails: emailsOf(person), phones: phonesOf(person), customFields: person.customFields, organizationId: person.organizationId});
const wholeOrg = (org: Organization) => ({name: org.name, customFields: org.customFields});

test.serial('Help Scout as source: both emails and both phones of a customer land on Zendesk (customer properties are not read)', async (t) => {
  t.timeout(240_000);
  const {bed, made, contactRow, contact} = await migrate(t, 'helpscout', 'zendesk');
  t.deepEqual(whole(contact!), {name: made.person.name, emails: [made.person.email!, EXTRA_EMAIL], phones: PHONES, customFields: undefined, organizationId: undefined});
  t.false(hasWarning(contactRow), contactRow.reason ?? '');
  t.deepEqual(await peopleVerified(bed), {differences: [], expected: []}, 'ferry verify finds the people whole');
});

test.serial('Front as source: every email and phone handle and the contact and account custom fields land on Zendesk', async (t) => {
  t.timeout(240_000);
  const {bed, made, read, contactRow, orgRow, contact, organization} = await migrate(t, 'front', 'zendesk');
  // Front keys custom fields by their names ("Tier"); Zendesk's field of that title (key "tier") takes the value.
  t.deepEqual(read.customFields, {Tier: 'Gold'});
  t.deepEqual(whole(contact!), {name: made.person.name, emails: [made.person.email!, EXTRA_EMAIL], phones: PHONES, customFields: {tier: 'Gold'}, organizationId: orgRow!.targetId!});
  t.deepEqual(wholeOrg(organization!), {name: made.org.name, customFields: {region: 'EMEA'}});
  t.false(hasWarning(contactRow), contactRow.reason ?? '');
  t.false(hasWarning(orgRow!), orgRow!.reason ?? '');
  t.deepEqual(await peopleVerified(bed), {differences: [], expected: []}, 'ferry verify finds the people whole');
});

test.serial('Intercom as source: its one email and one phone and the contact and company custom attributes land on Zendesk', async (t) => {
  t.timeout(240_000);
  const {bed, made, read, contactRow, orgRow, contact, organization} = await migrate(t, 'intercom', 'zendesk');
  // An Intercom contact holds one email and one phone (intercom.md: people): the source has no more to give.
  t.deepEqual([emailsOf(read), phonesOf(read)], [[made.person.email!], [PHONES[0]]]);
  t.deepEqual(whole(contact!), {name: made.person.name, emails: [made.person.email!], phones: [PHONES[0]], customFields: {tier: 'Gold'}, organizationId: orgRow!.targetId!});
  t.deepEqual(wholeOrg(organization!), {name: made.org.name, customFields: {region: 'EMEA'}});
  t.false(hasWarning(contactRow), contactRow.reason ?? '');
  t.false(hasWarning(orgRow!), orgRow!.reason ?? '');
  t.deepEqual(await peopleVerified(bed), {differences: [], expected: []}, 'ferry verify finds the people whole');
});
