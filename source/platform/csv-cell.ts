// CSV files meant for people (reports, error lists) defuse formula cells: a spreadsheet would run
// =, +, -, @ (and tab, CR) at the start of a cell. Files meant for an API keep values exact.
/** Quotes a CSV cell, and defuses cells a spreadsheet would run as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
