// The people-whole set-up (issue 20 rule 4): the small demo account with one contact made whole (two
// emails, two phones, a custom field) and one organization with a custom field, migrated on the emulators.
import {testBed, type Bed} from './migration.js';
import {runMigration} from '../../source/app/migration.js';
import {smallDemoAccount} from '../../demo-data/generate.js';
import type {DemoAccount} from '../../demo-data/account.js';
import type {Organization, Person} from '../../source/contracts/model.js';

export const EXTRA_EMAIL = 'second.address@people-whole.test';
export const PHONES = ['+1 555 0100', '+1 555 0101'];

/** The small demo account with one contact and one organization made whole, and the fields they use on both sides. */
export function account(targetHasFields: boolean): {account: DemoAccount; person: Person; org: Organization} {
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

/** `edit`: a change to the accounts before the emulators start (a third phone, the target's field keys). */
export async function migrate(t: any, sourcePlatform: string, targetPlatform: string, targetHasFields = true, edit?: (made: ReturnType<typeof account>) => void) {
  const made = account(targetHasFields);
  edit?.(made);
  const bed: Bed = await testBed({sourcePlatform, targetPlatform, account: made.account});
  t.teardown(() => bed.close());
  const result = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(result.status, 'finished', result.message);
  // The source's reading of the person: what the run had to carry (every email and phone, the field).
  const read = (await bed.sourceRecords<Person>('contacts')).find((c) => c.email?.toLowerCase() === made.person.email!.toLowerCase())!;
  const contactRow = bed.journal((j) => j.record('contacts', read.id))!;
  // A source without organizations (Help Scout) has none to carry.
  const readOrg = (await bed.sourceRecords<Organization>('organizations')).find((o) => o.name === made.org.name);
  const orgRow = readOrg ? bed.journal((j) => j.record('organizations', readOrg.id)) : undefined;
  const contact = (await bed.targetRecords<Person>('contacts')).find((c) => c.id === contactRow.targetId);
  const organization = orgRow?.targetId ? (await bed.targetRecords<Organization>('organizations')).find((o) => o.id === orgRow.targetId) : undefined;
  return {bed, made, read, contactRow, orgRow, contact, organization};
}

