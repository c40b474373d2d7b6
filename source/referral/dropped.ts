// Mapped columns the conversion leaves out although the operator mapped them. The
// run (engine.ts) and the console's Columns and Preview steps all ask this one
// function, so a screen can never promise a column the run then drops.
import {CUSTOM_FIELD_MAX_COUNT, CUSTOM_FIELD_NAME, type IssueCode} from './fields.js';
import type {FileMapping} from './mapping.js';
import {advise, type Audience} from './advice.js';

export interface DroppedColumn {
  /** The file's header */
  column: string;
  /** The Advocate field it was mapped to, e.g. customFields.my-field */
  field: string;
  /** The custom field name (the part after customFields.) */
  name: string;
  code: IssueCode;
  /** The whole message, for the error report */
  message: string;
  /** Why, without the column: what columns dropped for one reason share */
  why: string;
}

/** Which mapped columns will not reach Advocate, and why; in mapping order. */
export function droppedColumns(headers: readonly string[], mapping: FileMapping, audience: Audience = 'cli'): DroppedColumn[] {
  const dropped: DroppedColumn[] = [];
  let kept = 0;
  for (const [name, column] of Object.entries(mapping.customFields)) {
    // A header missing from the file stops the file (MISSING_HEADER): that is not a drop.
    if (!headers.includes(column)) continue;
    const drop = (message: string, why: string) => dropped.push({column, field: `customFields.${name}`, name, code: 'CUSTOM_FIELD_NAME', message, why});
    if (!CUSTOM_FIELD_NAME.test(name)) drop(`custom field name "${name}" must be 1-64 letters, digits or _; the column is left out (${advise('renameCustomField', audience)})`, `custom field names must be 1-64 letters, digits or _ (${advise('renameCustomField', audience)})`);
    else if (++kept > CUSTOM_FIELD_MAX_COUNT) drop(`custom field "${name}" is over Advocate's ${CUSTOM_FIELD_MAX_COUNT} custom fields; the column is left out`, `over Advocate's ${CUSTOM_FIELD_MAX_COUNT} custom fields`);
  }
  return dropped;
}

/**
 * One line per reason: the columns (the first `listed`, then "… and N more") and why.
 * A 5,000-column export past the custom-field limit is a line, not a screenful.
 */
export function summariseDropped(dropped: readonly DroppedColumn[], listed = 6): string[] {
  const byWhy = new Map<string, DroppedColumn[]>();
  for (const drop of dropped) byWhy.set(drop.why, [...(byWhy.get(drop.why) ?? []), drop]);
  return [...byWhy].map(([why, drops]) => {
    const names = drops.slice(0, listed).map((drop) => `${drop.field} ← "${drop.column}"`);
    const more = drops.length > listed ? `, … and ${(drops.length - listed).toLocaleString('en-US')} more` : '';
    return `${names.join(', ')}${more}: ${why}`;
  });
}
