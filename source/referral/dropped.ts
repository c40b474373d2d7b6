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
  message: string;
}

/** Which mapped columns will not reach Advocate, and why; in mapping order. */
export function droppedColumns(headers: readonly string[], mapping: FileMapping, audience: Audience = 'cli'): DroppedColumn[] {
  const dropped: DroppedColumn[] = [];
  let kept = 0;
  for (const [name, column] of Object.entries(mapping.customFields)) {
    // A header missing from the file stops the file (MISSING_HEADER): that is not a drop.
    if (!headers.includes(column)) continue;
    const drop = (message: string) => dropped.push({column, field: `customFields.${name}`, name, code: 'CUSTOM_FIELD_NAME', message});
    if (!CUSTOM_FIELD_NAME.test(name)) drop(`custom field name "${name}" must be 1-64 letters, digits or _; the column is left out (${advise('renameCustomField', audience)})`);
    else if (++kept > CUSTOM_FIELD_MAX_COUNT) drop(`custom field "${name}" is over Advocate's ${CUSTOM_FIELD_MAX_COUNT} custom fields; the column is left out`);
  }
  return dropped;
}
