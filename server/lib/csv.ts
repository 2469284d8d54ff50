/** What a spreadsheet would run as a formula when a cell starts with it (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/
/** What makes a field need quotes under RFC 4180. */
const NEEDS_QUOTES = /[",\r\n]/

export type CsvValue = string | number | boolean | Date | null | undefined

/**
 * One CSV field: text that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR
 * first) gets a leading `'`, then quotes when RFC 4180 needs them. Post text is hostile: an
 * export opened in a spreadsheet must not run `=HYPERLINK(...)`. Numbers, booleans and times
 * are ours, written as they are (a negative sentiment stays a number); null is empty.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString()
  if (typeof value !== 'string') return String(value)
  const safe = FORMULA_START.test(value) ? `'${value}` : value
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/** One CSV record, CRLF-terminated as RFC 4180 has it. */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`
}
