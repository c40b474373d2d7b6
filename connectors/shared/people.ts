// What of a person or organization a target could not hold, said as one warning on the record
// (never containing "; ", which joins the warnings in a record's reason)
// (issue 20 rule 4: nothing is dropped silently). Each target writes what its API can hold and
// passes what it wrote here; the rest is named.
import type {Organization, Person, PersonFieldValue} from '../../source/contracts/model.js';
import {emailsOf, phonesOf} from '../../source/contracts/model.js';

export {filledFields, matchPersonFields, type TargetPersonField} from '../../source/contracts/model.js';

/**
 * The warning for what a target left out of a person: emails and phones beyond what it holds
 * (`emails`/`phones`: how many it keeps, the first ones), and custom fields it had no field for.
 * Undefined when nothing was left out.
 */
export function personLeftOut(person: Person, holds: {emails: number; phones: number; fieldsLeftOut: string[]; fieldsWhy?: string}): string | undefined {
  const parts: string[] = [];
  const emails = emailsOf(person).slice(holds.emails);
  const phones = phonesOf(person).slice(holds.phones);
  if (emails.length) parts.push(`${emails.length === 1 ? 'email' : 'emails'} ${emails.join(' and ')}`);
  if (phones.length) parts.push(`${phones.length === 1 ? 'phone' : 'phones'} ${phones.join(' and ')}`);
  if (holds.fieldsLeftOut.length) parts.push(`custom ${holds.fieldsLeftOut.length === 1 ? 'field' : 'fields'} ${holds.fieldsLeftOut.map((name) => `"${name}"`).join(' and ')}${holds.fieldsWhy ? ` (${holds.fieldsWhy})` : ''}`);
  return parts.length ? `left out of the contact: ${parts.join(', ')}` : undefined;
}

/** The warning for an organization's custom fields the target had no field for. */
export function organizationLeftOut(org: Organization, fieldsLeftOut: string[], why?: string): string | undefined {
  void org;
  if (!fieldsLeftOut.length) return undefined;
  return `left out of the organization: custom ${fieldsLeftOut.length === 1 ? 'field' : 'fields'} ${fieldsLeftOut.map((name) => `"${name}"`).join(' and ')}${why ? ` (${why})` : ''}`;
}

/** A source's custom values as the neutral `customFields`: text, numbers, booleans and lists of text that hold a value; undefined when none does. */
export function personFieldsFrom(values: Record<string, unknown> | null | undefined): Record<string, PersonFieldValue> | undefined {
  const kept = Object.entries(values ?? {}).filter(
    ([, value]) => (typeof value === 'string' && value !== '') || typeof value === 'number' || typeof value === 'boolean' || (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')),
  );
  return kept.length ? (Object.fromEntries(kept) as Record<string, PersonFieldValue>) : undefined;
}
