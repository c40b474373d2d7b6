// One row at a time: pick the mapped cells, convert them to Advocate's forms and
// record what is wrong with which cell. Cell text is only ever data: nothing here
// opens paths or runs commands from it.
import {emailShape, fastIso, HAS_UPPER_OR_NON_ASCII, isAdvocateLocale, isUpperCountry, PLAIN_EMAIL, toBoolean, toEmail, toEpochMs, toInteger, toLocale, toMinorUnits, toUnit, isCashUnit} from './convert.js';
import {CUSTOM_FIELD_MAX_VALUE, TARGET_FIELDS, type FileKind, type IssueCode, type TargetField} from './fields.js';
import type {ConversionOptions, FileMapping} from './mapping.js';
import {advise} from './advice.js';

export interface CompiledMapping {
  kind: FileKind;
  fields: Array<{field: TargetField; index: number; header: string}>;
  custom: Array<{name: string; index: number; header: string}>;
  exclude: Array<{index: number; regex: RegExp; reason: string; column: string}>;
  missingRequired: TargetField[];
  /** Mapped headers that are not in the file */
  missingHeaders: string[];
  /**
   * The first plain number (25) and the first amount with decimals or a currency ($1,234.56)
   * seen per money field: unless the operator said how plain numbers read, a column holding
   * both is ambiguous (25 would be $0.25 beside $1,234.56).
   */
  amountForms: Record<string, {plain?: string; decorated?: string; mixedAfter?: string}>;
}

export function compileMapping(kind: FileKind, headers: string[], mapping: FileMapping): CompiledMapping {
  const indexOf = (header: string) => headers.indexOf(header);
  const fields: CompiledMapping['fields'] = [];
  const missingHeaders: string[] = [];
  for (const field of TARGET_FIELDS[kind]) {
    const header = mapping.columns[field.name];
    if (!header) continue;
    const index = indexOf(header);
    if (index === -1) missingHeaders.push(header);
    else fields.push({field, index, header});
  }
  const mapped = new Set(fields.map((f) => f.field.name));
  const custom = Object.entries(mapping.customFields)
    .map(([name, header]) => ({name, header, index: indexOf(header)}))
    .filter((c) => c.index !== -1 || (missingHeaders.push(c.header), false));
  const exclude = mapping.excludeRules
    .map((rule) => ({index: indexOf(rule.column), regex: new RegExp(rule.pattern, 'i'), reason: rule.reason, column: rule.column}))
    .filter((rule) => rule.index !== -1);
  const missingRequired = TARGET_FIELDS[kind].filter((field) => field.required && !mapped.has(field.name));
  return {kind, fields, custom, exclude, missingRequired, missingHeaders, amountForms: {}};
}

export interface CellIssue {
  column: string;
  field: string;
  code: IssueCode;
  message: string;
  value: string;
}

export type RowValues = Record<string, string | number | boolean | undefined>;

export interface ConvertedRow {
  values: RowValues;
  custom: Record<string, string>;
  issues: CellIssue[];
}

/** `scratch` (optional) is reused for the issues of each row, to spare an allocation per row. */
export function convertRow(compiled: CompiledMapping, cells: string[], options: ConversionOptions, scratch?: CellIssue[]): ConvertedRow {
  const values: RowValues = {};
  const issues: CellIssue[] = scratch ?? [];
  if (issues.length) issues.length = 0;
  let moneyCurrency: string | undefined;
  let lastIdIndex = -1;
  let lastId = '';
  // The id, account id and email fields often read one cell: scan it once.
  let shapeIndex = -1;
  let shape = 0;
  for (let f = 0; f < compiled.fields.length; f++) {
    const {field, index, header} = compiled.fields[f]!;
    const raw = cells[index] ?? '';
    const text = trimmed(raw);
    if (!text) {
      // One empty column mapped to two fields (email as id and account id) is one problem.
      if (field.required && !alreadyEmpty(issues, header)) problem(issues, header, field.name, 'REQUIRED_VALUE_EMPTY', `${field.label} is required`, raw);
      continue;
    }
    switch (field.type) {
      case 'id':
        // Email ids are compared case-insensitively across the three files. One column
        // mapped to id and accountId is converted once.
        if (index !== lastIdIndex) {
          lastIdIndex = index;
          shapeIndex = index;
          shape = emailShape(text);
          // Only an email-shaped id is lower-cased (emails are case-insensitive); any other id is kept exactly.
          lastId = shape & HAS_UPPER_OR_NON_ASCII && text.includes('@') && (shape & PLAIN_EMAIL || toEmail(text).ok) ? text.toLowerCase() : text;
        }
        values[field.name] = lastId;
        break;
      case 'email': {
        // The usual address is decided by one scan; the id column is often the same one, already lower-cased.
        if (index !== shapeIndex) {
          shapeIndex = index;
          shape = emailShape(text);
        }
        if (shape & PLAIN_EMAIL) {
          values[field.name] = index === lastIdIndex ? lastId : shape & HAS_UPPER_OR_NON_ASCII ? text.toLowerCase() : text;
          break;
        }
        const email = toEmail(text);
        if (email.ok) values[field.name] = email.value;
        else problem(issues, header, field.name, 'INVALID_EMAIL', email.reason, raw);
        break;
      }
      case 'date': {
        const iso = fastIso(text);
        if (iso !== undefined) {
          values[field.name] = iso;
          break;
        }
        const date = toEpochMs(text, options);
        if (date.ok) values[field.name] = date.value;
        else problem(issues, header, field.name, 'INVALID_DATE', date.reason, raw);
        break;
      }
      case 'integer': {
        const integer = toInteger(text);
        if (integer.ok) values[field.name] = integer.value;
        else problem(issues, header, field.name, 'NOT_AN_INTEGER', integer.reason, raw);
        break;
      }
      case 'money': {
        // Points are counted, not priced: no scaling to a smallest unit.
        const points = typeof values.unit === 'string' && !isCashUnit(values.unit);
        if (points) {
          const whole = toInteger(text);
          // A reward is worth something (above 0); a redemption of 0 is allowed, as for cash.
          const least = field.name === 'assignedCredit' ? 1 : 0;
          if (whole.ok && whole.value >= least) values[field.name] = whole.value;
          else problem(issues, header, field.name, 'NOT_AN_INTEGER', `${field.label} in ${values.unit} must be a whole number of ${least} or more`, raw);
          break;
        }
        // A row whose unit is unreadable says nothing about how this column writes money.
        if (options.majorUnits === undefined && !issues.some((issue) => issue.code === 'INVALID_UNIT')) {
          const forms = (compiled.amountForms[field.name] ??= {});
          if (/^\d+$/.test(text)) {
            forms.plain ??= text;
            if (forms.decorated !== undefined) {
              const how = options.audience === 'console' ? '"How to read the values" on the Files step' : '--major-units or --minor-units';
              problem(issues, header, field.name, 'MIXED_AMOUNTS', `"${text}" is a plain number in a column that also holds "${forms.decorated}": it would be read as ${text} in the smallest unit (cents); say how plain numbers are meant with ${how} or write every amount one way`, raw);
              break;
            }
          } else if (forms.decorated === undefined) {
            forms.decorated = text;
            if (forms.plain !== undefined) forms.mixedAfter = text;
          }
        }
        const money = toMinorUnits(text, {majorUnits: options.majorUnits, defaultCurrency: options.defaultCurrency});
        if (!money.ok) problem(issues, header, field.name, 'NOT_AN_INTEGER', `${money.reason}: Advocate needs an integer in the smallest unit`, raw);
        else if (money.value.value <= 0 && field.name === 'assignedCredit') problem(issues, header, field.name, 'NOT_AN_INTEGER', `${field.label} must be an integer above 0`, raw);
        else {
          values[field.name] = money.value.value;
          moneyCurrency ??= money.value.currency;
          if (/[.,]\d/.test(text) && !money.value.currency) values[`${field.name}:decimal`] = true;
        }
        break;
      }
      case 'unit': {
        const unit = toUnit(text);
        if (unit.ok) values[field.name] = unit.value;
        else problem(issues, header, field.name, 'INVALID_UNIT', unit.reason, raw);
        break;
      }
      case 'locale': {
        if (isAdvocateLocale(text)) {
          values[field.name] = text;
          break;
        }
        const locale = toLocale(text);
        if (locale.ok) values[field.name] = locale.value;
        else problem(issues, header, field.name, 'INVALID_LOCALE', locale.reason, raw);
        break;
      }
      case 'country':
        if (isUpperCountry(text)) values[field.name] = text;
        else if (/^[A-Za-z]{2}$/.test(text)) values[field.name] = text.toUpperCase();
        else problem(issues, header, field.name, 'INVALID_LOCALE', `"${text}" is not a two-letter country code`, raw);
        break;
      case 'boolean': {
        const flag = toBoolean(text);
        if (flag.ok) values[field.name] = flag.value;
        else problem(issues, header, field.name, 'INVALID_BOOLEAN', flag.reason, raw);
        break;
      }
      default:
        values[field.name] = text;
    }
  }
  if (compiled.kind === 'rewards') settleRewardUnit(compiled, cells, values, moneyCurrency, options, issues);
  const custom: Record<string, string> = {};
  for (let c = 0; c < compiled.custom.length; c++) {
    const {name, index, header} = compiled.custom[c]!;
    const raw = cells[index] ?? '';
    if (!raw) continue;
    if (raw.length > CUSTOM_FIELD_MAX_VALUE) problem(issues, header, `customFields.${name}`, 'CUSTOM_FIELD_VALUE', `custom field value is ${raw.length} characters; Advocate allows ${CUSTOM_FIELD_MAX_VALUE}`, raw.slice(0, 80) + '…');
    else custom[name] = raw;
  }
  return {values, custom, issues};
}

/** raw.trim(), skipping the call when both ends are plainly not white space (the usual cell). */
function trimmed(raw: string): string {
  if (!raw.length) return raw;
  const first = raw.charCodeAt(0);
  const last = raw.charCodeAt(raw.length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127 ? raw : raw.trim();
}

/** A cash amount without a unit column takes its unit from the currency (`CASH/USD`); points must be whole. */
function problem(issues: CellIssue[], column: string, field: string, code: IssueCode, message: string, value: string) {
  issues.push({column, field, code, message, value});
}

function alreadyEmpty(issues: CellIssue[], column: string): boolean {
  for (const issue of issues) if (issue.column === column && issue.code === 'REQUIRED_VALUE_EMPTY') return true;
  return false;
}

function settleRewardUnit(compiled: CompiledMapping, cells: string[], values: RowValues, currency: string | undefined, options: ConversionOptions, issues: CellIssue[]) {
  const valueColumn = compiled.fields.find((f) => f.field.name === 'assignedCredit');
  const unitColumn = compiled.fields.find((f) => f.field.name === 'unit');
  if (values.unit === undefined && !(unitColumn && (cells[unitColumn.index] ?? '').trim())) {
    const iso = currency ?? options.defaultCurrency;
    if (iso) values.unit = `CASH/${iso}`;
    else if (values.assignedCredit !== undefined) problem(issues, unitColumn?.header ?? valueColumn?.header ?? 'unit', 'unit', 'INVALID_UNIT', `no reward unit: ${advise('mapUnit', options.audience)}`, '');
  }
  if (typeof values.unit === 'string' && !isCashUnit(values.unit) && values['assignedCredit:decimal'] && valueColumn)
    problem(issues, valueColumn.header, 'assignedCredit', 'NOT_AN_INTEGER', `${values.unit} rewards must be whole numbers`, cells[valueColumn.index] ?? '');
  delete values['assignedCredit:decimal'];
  delete values['quantityRedeemed:decimal'];
}
