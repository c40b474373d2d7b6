// Value conversions the migration guide asks for: dates of any common form to epoch
// milliseconds, money to an integer in the smallest unit, units as `CASH/USD`,
// locales as `en_US`. Each returns {ok, value} or {ok:false, reason} so the
// validator can attach the reason to the failing cell.

import {advise, type Audience} from './advice.js';

export type Converted<T> = {ok: true; value: T} | {ok: false; reason: string};

export interface DateOptions {
  /** Pattern for locale dates, e.g. "DD/MM/YYYY HH:mm"; tokens YYYY MM M DD D HH H mm ss */
  dateFormat?: string;
  /** IANA zone for dates without an offset (default UTC) */
  timeZone?: string;
  /** Who reads the reasons (advice.ts) */
  audience?: Audience;
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_NAIVE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;

export function toEpochMs(text: string, options: DateOptions = {}): Converted<number> {
  const value = text.trim();
  const fast = fastIso(value);
  if (fast !== undefined) return {ok: true, value: fast};
  if (/^\d{9,10}$/.test(value)) return {ok: true, value: Number(value) * 1000}; // epoch seconds
  if (/^\d{12,13}$/.test(value)) return {ok: true, value: Number(value)}; // already milliseconds
  if (ISO_WITH_ZONE.test(value)) {
    // Date.parse takes the common form as is; a space separator or a +0200 offset is normalised first.
    const standard = value.charCodeAt(10) === 84 /* T */ && (value.endsWith('Z') || value.charCodeAt(value.length - 3) === 58); /* : */
    const ms = Date.parse(standard ? value : value.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    // Date.parse rolls 31 February over into March; Advocate would import the wrong day.
    const day = Number(value.slice(8, 10));
    const real = new Date(Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)) - 1, day)).getUTCDate() === day;
    return Number.isFinite(ms) && real ? {ok: true, value: ms} : {ok: false, reason: `"${value}" is not a real date`};
  }
  const naive = ISO_NAIVE.exec(value);
  if (naive) {
    const [, y, mo, d, h, mi, s, ms] = naive;
    return zonedToEpoch(+y!, +mo!, +d!, +(h ?? 0), +(mi ?? 0), +(s ?? 0), +(ms ?? 0), options.timeZone, value);
  }
  if (options.dateFormat) return parseWithPattern(value, options.dateFormat, options.timeZone);
  if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}/.test(value))
    return {ok: false, reason: `"${value}" is a locale date: ${advise('dateFormat', options.audience)}; ${advise('timeZone', options.audience)}`};
  return {ok: false, reason: `"${value}" is not a date (ISO 8601 or epoch seconds; for another form ${advise('dateFormat', options.audience)})`};
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (year: number, month: number) => (month === 2 && (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : MONTH_DAYS[month - 1]!);
/** Two digits at `at` as a number, or -1000 (making any range check fail) when either is not a digit. */
function pair(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1000;
}

/** The most common export form, YYYY-MM-DDTHH:MM:SS(Z|±HH:MM), without regex or Date.parse (undefined: ask toEpochMs). */
export function fastIso(value: string): number | undefined {
  const zulu = value.length === 20 && value.charCodeAt(19) === 90; /* Z */
  if (!zulu && value.length !== 25) return undefined;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || value.charCodeAt(10) !== 84 || value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58) return undefined;
  // Each character is read once; a non-digit makes its pair -1000 and fails the range checks.
  const century = pair(value, 0);
  const yearOfCentury = pair(value, 2);
  const month = pair(value, 5);
  const day = pair(value, 8);
  const hour = pair(value, 11);
  const minute = pair(value, 14);
  const second = pair(value, 17);
  if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  const year = century * 100 + yearOfCentury;
  let offsetMinutes = 0;
  if (!zulu) {
    const sign = value.charCodeAt(19);
    if ((sign !== 43 && sign !== 45) || value.charCodeAt(22) !== 58) return undefined;
    const offsetHours = pair(value, 20);
    const offsetMins = pair(value, 23);
    if (offsetHours < 0 || offsetMins < 0) return undefined;
    offsetMinutes = (offsetHours * 60 + offsetMins) * (sign === 45 ? -1 : 1);
  }
  if (day > daysInMonth(year, month)) return undefined; // 31 February: let the slow path explain
  // Date.UTC costs more than the arithmetic (and would read years 0-99 as 1900-1999).
  return (((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute - offsetMinutes) * 60 + second) * 1000;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const patternCache = new Map<string, {regex: RegExp; order: string[]}>();

function compilePattern(pattern: string) {
  let cached = patternCache.get(pattern);
  if (cached) return cached;
  const order: string[] = [];
  const source = pattern.replace(/YYYY|MM|M|DD|D|HH|H|mm|ss|[.*+?^${}()|[\]\\/]/g, (token) => {
    if (!/^[A-Za-z]+$/.test(token)) return '\\' + token;
    order.push(token === 'mm' ? 'i' : token[0]!);
    return token === 'YYYY' ? '(\\d{4})' : '(\\d{1,2})';
  });
  cached = {regex: new RegExp('^' + source + '$'), order};
  patternCache.set(pattern, cached);
  return cached;
}

function parseWithPattern(value: string, pattern: string, timeZone: string | undefined): Converted<number> {
  const {regex, order} = compilePattern(pattern);
  const found = regex.exec(value);
  if (!found) return {ok: false, reason: `"${value}" does not match the date pattern ${pattern}`};
  const parts: Record<string, number> = {Y: 0, M: 1, D: 1, H: 0, i: 0, s: 0};
  order.forEach((key, index) => (parts[key] = Number(found[index + 1])));
  return zonedToEpoch(parts.Y!, parts.M!, parts.D!, parts.H!, parts.i!, parts.s!, 0, timeZone, value);
}

function zonedToEpoch(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, timeZone: string | undefined, original: string): Converted<number> {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return {ok: false, reason: `"${original}" is not a real date`};
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (new Date(asUtc).getUTCDate() !== d) return {ok: false, reason: `"${original}" is not a real date`};
  if (!timeZone || timeZone === 'UTC') return {ok: true, value: asUtc};
  // The zone's offset at that wall time; a second pass settles DST edges.
  let guess = asUtc - zoneOffsetMs(timeZone, asUtc);
  guess = asUtc - zoneOffsetMs(timeZone, guess);
  return {ok: true, value: guess};
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

/** Offset of an IANA zone from UTC at an instant, cached per zone and hour. */
export function zoneOffsetMs(timeZone: string, instant: number): number {
  const hourKey = `${timeZone}|${Math.floor(instant / 3_600_000)}`;
  const cached = offsetCache.get(hourKey);
  if (cached !== undefined) return cached;
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric'});
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(instant))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  const offset = wall - Math.floor(instant / 1000) * 1000;
  if (offsetCache.size > 10_000) offsetCache.clear();
  offsetCache.set(hourKey, offset);
  return offset;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', {timeZone});
    return true;
  } catch {
    return false;
  }
}

// Longest first: C$ and A$ before $ (else C$10.00 would read as US dollars and a stray C).
const SYMBOL_CURRENCY: Record<string, string> = {'C$': 'CAD', 'A$': 'AUD', CHF: 'CHF', '$': 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY'};
/** ISO 4217 currencies without minor units; everything else is taken as two decimals. */
const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'HUF']);

export interface Money {
  /** Integer in the smallest unit */
  value: number;
  currency?: string;
}

/**
 * "$10.00", "10,00 €", "1.234,56 EUR", "USD 5" → smallest unit. A plain integer is
 * taken as already in the smallest unit unless `majorUnits` says the export writes
 * major units (legacy platforms do: Friendbuy amounts are decimal dollars).
 */
export function toMinorUnits(text: string, options: {majorUnits?: boolean; defaultCurrency?: string} = {}): Converted<Money> {
  return plainAmount(text, options) ?? generalAmount(text, options);
}

/** Every form toMinorUnits reads (exported for the test that holds plainAmount to it). */
export function generalAmount(text: string, options: {majorUnits?: boolean; defaultCurrency?: string}): Converted<Money> {
  let value = text.trim().replace(/\u00a0/g, ' ');
  if (!value) return {ok: false, reason: 'empty amount'};
  let currency: string | undefined;
  const code = /(?:^|\s)([A-Z]{3})(?:\s|$)/.exec(value);
  if (code) {
    currency = code[1];
    value = value.replace(code[1]!, '').trim();
  } else {
    for (const [symbol, iso] of Object.entries(SYMBOL_CURRENCY)) {
      if (value.includes(symbol)) {
        currency = iso;
        value = value.replace(symbol, '').trim();
        break;
      }
    }
  }
  const negative = /^-|^\(.*\)$/.test(value);
  value = value.replace(/^[-(]|\)$/g, '').replace(/[\s']/g, '');
  if (!/^\d[\d.,]*$/.test(value)) return {ok: false, reason: `"${text}" is not an amount`};
  const hasDecimals = /[.,]\d{1,2}$/.test(value) && !/^\d{1,3}([.,]\d{3})+$/.test(value);
  if (!hasDecimals && /[.,]/.test(value) && !/^\d{1,3}([.,]\d{3})+$/.test(value)) return {ok: false, reason: `"${text}" has unclear separators: write it as 1234.56 or 1.234,56`};
  let integerPart = value;
  let fraction = '';
  if (hasDecimals) {
    const cut = Math.max(value.lastIndexOf('.'), value.lastIndexOf(','));
    integerPart = value.slice(0, cut);
    fraction = value.slice(cut + 1);
    const decimalMark = value[cut]!;
    const grouped = /^\d+$/.test(integerPart) || (/^\d{1,3}([.,]\d{3})+$/.test(integerPart) && !integerPart.includes(decimalMark));
    if (!grouped) return {ok: false, reason: `"${text}" has unclear separators: write it as 1234.56 or 1.234,56`};
  }
  integerPart = integerPart.replace(/[.,]/g, '');
  const iso = currency ?? options.defaultCurrency;
  const decimals = iso && ZERO_DECIMAL.has(iso) ? 0 : 2;
  const major = hasDecimals || currency !== undefined || options.majorUnits === true;
  let minor: number;
  if (major) {
    if (fraction.length > decimals) return {ok: false, reason: `"${text}" has more decimals than ${iso ?? 'the currency'} allows`};
    minor = Number(integerPart) * 10 ** decimals + Number(fraction.padEnd(decimals, '0') || 0);
  } else minor = Number(integerPart);
  if (!Number.isSafeInteger(minor)) return {ok: false, reason: `"${text}" is too large`};
  return {ok: true, value: {value: negative ? -minor : minor, currency}};
}

/**
 * The usual cell (`25`, `12.50`, `$12.50`: up to 15 digits, no sign, grouping or spaces),
 * read in one scan as toMinorUnits' general path would; undefined sends anything else there.
 */
function plainAmount(text: string, options: {majorUnits?: boolean; defaultCurrency?: string}): Converted<Money> | undefined {
  const length = text.length;
  let at = text.charCodeAt(0) === 36 ? 1 : 0; // $
  const digitsFrom = at;
  let whole = 0;
  while (at < length) {
    const code = text.charCodeAt(at);
    if (code < 48 || code > 57) break;
    whole = whole * 10 + (code - 48);
    at++;
  }
  const digits = at - digitsFrom;
  if (digits === 0 || digits > 15) return undefined;
  let cents = -1;
  if (at === length - 3 && text.charCodeAt(at) === 46) {
    const tens = text.charCodeAt(at + 1) - 48;
    const ones = text.charCodeAt(at + 2) - 48;
    if (tens < 0 || tens > 9 || ones < 0 || ones > 9) return undefined;
    cents = tens * 10 + ones;
  } else if (at !== length) return undefined;
  const currency = digitsFrom ? SYMBOL_CURRENCY['$'] : undefined;
  const iso = currency ?? options.defaultCurrency;
  if (iso && ZERO_DECIMAL.has(iso)) return undefined; // decimals there are refused, with the general path's reason
  const major = cents !== -1 || currency !== undefined || options.majorUnits === true;
  const minor = major ? whole * 100 + Math.max(cents, 0) : whole;
  if (!Number.isSafeInteger(minor)) return undefined;
  return {ok: true, value: {value: minor, currency}};
}

/**
 * Reward units as the API documents them: `CASH/USD`, `POINTS`, `CENTS` (saasquatch-docs
 * content/api/webhooks.md: "all unit types for CREDIT rewards, including POINTS, CASH/USD,
 * CENTS"; the schema's RewardUnitSettingsId example "CASH/USD"). Advocate's migration article
 * writes `Cash/USD` and "POINT": both spellings are accepted in any case and written the API's
 * way. Any other unit (a tenant's own, e.g. MONTHS) is kept as given: changing its spelling
 * could put the rewards on a balance the program does not use.
 */
const UNIT = /^[A-Za-z0-9_]+(\/[A-Z]{3})?$/;
export function toUnit(text: string): Converted<string> {
  const value = text.trim();
  if (/^[A-Z]{3}$/.test(value)) return {ok: true, value: `CASH/${value}`}; // a bare ISO currency
  if (/^cash\/[a-z]{3}$/i.test(value)) return {ok: true, value: `CASH/${value.slice(5).toUpperCase()}`};
  if (/^points?$/i.test(value)) return {ok: true, value: 'POINTS'};
  if (/^cents$/i.test(value)) return {ok: true, value: 'CENTS'};
  // A currency's name is not a unit: taken as a tenant's own unit it would be counted as points.
  if (/^(dollars?|euros?|pounds?|yen|francs?|bucks?)$/i.test(value)) return {ok: false, reason: `"${value}" names a currency, not a reward unit: write its ISO code (USD, CAD, EUR…) or CASH/USD`};
  if (UNIT.test(value)) return {ok: true, value};
  return {ok: false, reason: `"${value}" is not a unit: letters, digits and _ (POINTS), or CASH/XXX with an ISO currency`};
}

/** A cash unit (CASH/XXX): amounts are money in the smallest unit, not counted points. */
export function isCashUnit(unit: unknown): boolean {
  return typeof unit === 'string' && unit.startsWith('CASH/');
}

const LOCALE = /^[a-z]{2}_[A-Z]{2}$/;
const isLower = (code: number) => code >= 97 && code <= 122;
const isUpper = (code: number) => code >= 65 && code <= 90;

/** true when the text is already Advocate's form, en_US (the regex's answer, without the regex). */
export function isAdvocateLocale(text: string): boolean {
  return text.length === 5 && text.charCodeAt(2) === 95 && isLower(text.charCodeAt(0)) && isLower(text.charCodeAt(1)) && isUpper(text.charCodeAt(3)) && isUpper(text.charCodeAt(4));
}

/** true for two capital letters (a country code needing no change). */
export function isUpperCountry(text: string): boolean {
  return text.length === 2 && isUpper(text.charCodeAt(0)) && isUpper(text.charCodeAt(1));
}

export function toLocale(text: string): Converted<string> {
  if (LOCALE.test(text)) return {ok: true, value: text}; // already Advocate's form
  const found = /^([a-zA-Z]{2})[-_]([a-zA-Z]{2})$/.exec(text.trim());
  if (!found) return {ok: false, reason: `"${text}" is not a locale like en_US`};
  return {ok: true, value: `${found[1]!.toLowerCase()}_${found[2]!.toUpperCase()}`};
}

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>".]{2,}$/;

/** emailShape() bits */
export const PLAIN_EMAIL = 1;
export const HAS_UPPER_OR_NON_ASCII = 2;

/**
 * One scan of a cell for the id and email fields (often the same cell): PLAIN_EMAIL when
 * the EMAIL regex would say true for a plain ASCII address (unset means "ask the
 * regex": non-ASCII, or invalid); HAS_UPPER_OR_NON_ASCII when toLowerCase could change it.
 */
export function emailShape(text: string): number {
  let at = -1;
  let lastDot = -1;
  let plain = true;
  let upper = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 65 && code <= 90) {
      upper = true; // allowed in addresses, lower-cased later
      continue;
    }
    if (code <= 32 || code >= 127) {
      if (code >= 128) return HAS_UPPER_OR_NON_ASCII; // the regex decides
      plain = false; // spaces and controls: the regex says no
    } else if (code === 64 /* @ */) {
      if (at !== -1) plain = false;
      at = i;
    } else if (code === 46 /* . */) lastDot = i;
    else if (code === 44 || code === 59 || code === 60 || code === 62 || code === 34) plain = false; // , ; < > "
  }
  return (plain && at > 0 && lastDot > at + 1 && text.length - lastDot > 2 ? PLAIN_EMAIL : 0) | (upper ? HAS_UPPER_OR_NON_ASCII : 0);
}

export function isPlainEmail(text: string): boolean {
  return (emailShape(text) & PLAIN_EMAIL) !== 0;
}

export function toEmail(text: string): Converted<string> {
  const value = text.trim();
  return EMAIL.test(value) ? {ok: true, value: value.toLowerCase()} : {ok: false, reason: `"${value}" is not an email address`};
}

export function toBoolean(text: string): Converted<boolean> {
  const value = text.trim().toLowerCase();
  if (value === 'true' || value === '1' || value === 'yes' || value === 'y') return {ok: true, value: true};
  if (value === 'false' || value === '0' || value === 'no' || value === 'n') return {ok: true, value: false};
  return {ok: false, reason: `"${text}" is not true or false`};
}

export function toInteger(text: string): Converted<number> {
  const value = text.trim();
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) return {ok: false, reason: `"${value}" is not an integer`};
  return {ok: true, value: Number(value)};
}
