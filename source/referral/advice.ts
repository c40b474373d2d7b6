// How to fix a problem, in the words of where it is read: the console names its own
// screens and keys, the CLI its flags. One table holds both forms, so a new piece of
// advice cannot reach one audience and not the other.
export type Audience = 'cli' | 'console';

export type AdviceId = 'dateFormat' | 'timeZone' | 'delimiter' | 'mapUnit' | 'loadTarget' | 'fullReport' | 'renameCustomField';

export const ADVICE: Record<AdviceId, Record<Audience, string>> = {
  dateFormat: {cli: 'give its pattern with --date-format (e.g. DD/MM/YYYY)', console: 'give its pattern in "Date format" on the Files step (Esc back to it; e.g. DD/MM/YYYY)'},
  timeZone: {cli: 'give the zone with --time-zone (default UTC)', console: 'give the zone in "Time zone" on the Files step (default UTC)'},
  delimiter: {cli: 'check the delimiter (--delimiter CHAR)', console: 'check the delimiter ("Delimiter" on the Files step)'},
  mapUnit: {cli: 'map a unit column (--mapping FILE.json) or give --currency ISO', console: 'map "unit" on the Columns step (←→) or give "Currency" on the Files step'},
  loadTarget: {cli: 'give --tenant and the API key in FERRY_ADVOCATE_API_KEY', console: 'a types the tenant and API key (or set FERRY_ADVOCATE_TENANT and FERRY_ADVOCATE_API_KEY before starting ferry)'},
  fullReport: {cli: 'use --out DIR for the full report', console: 'all in the error report, errors.csv'},
  renameCustomField: {cli: 'rename it in the mapping file (--mapping FILE.json) or the header', console: 'rename the header in the file, then read it again: Esc, Enter'},
};

/** The advice for where it will be read (the CLI's when unsure: it is the scriptable form). */
export function advise(id: AdviceId, audience: Audience = 'cli'): string {
  return ADVICE[id][audience];
}
