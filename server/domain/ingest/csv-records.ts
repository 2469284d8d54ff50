import { parse as parseCsv } from 'csv-parse/sync'

/** One CSV record: its first line, its raw text, and its cells by header name (or why not). */
export type CsvRecord =
  | { line: number; raw: string; row: Record<string, string> }
  | { line: number; raw: string; error: string }

/** A record whose quote never closes is given up after this many lines. */
const MAX_RECORD_LINES = 200

/**
 * Lines of a text stream with their line endings kept (`\n` or `\r\n`): a quoted cell that
 * spans lines keeps the very endings it was written with.
 */
export async function* linesWithEndings(
  chunks: AsyncIterable<string | Buffer>,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8')
  let buffered = ''
  for await (const chunk of chunks) {
    buffered += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    let end = buffered.indexOf('\n')
    while (end !== -1) {
      yield buffered.slice(0, end + 1)
      buffered = buffered.slice(end + 1)
      end = buffered.indexOf('\n')
    }
  }
  buffered += decoder.decode()
  if (buffered) yield buffered
}

const withoutEnding = (line: string) => line.replace(/\r?\n$/, '')

/**
 * Splits CSV text, line by line, into records, keeping each record's first line number and raw
 * text. A quoted cell may span lines (post texts hold newlines). A record that cannot be read
 * (a quote never closed, a stray character after a closing quote) is given back with its raw
 * text and the reason, and reading goes on at the next line that is a row on its own: a broken
 * record never swallows the good rows after it.
 *
 * `lines` keep their endings (linesWithEndings). `isRow` says whether one line alone is a
 * complete, valid row: that is how the start of the next record is told from the continuation
 * of a quoted cell.
 */
export async function* readCsvRecords(
  lines: AsyncIterable<string>,
  isRow: (row: Record<string, string>) => boolean,
): AsyncGenerator<CsvRecord> {
  let header: string[] | null = null
  let pending: { line: number; lines: string[]; error: string } | null = null
  let n = 0

  /** The cells of text holding one record; `open` when only a quote left open is wrong. */
  const cells = (text: string): string[] | { error: string; open: boolean } => {
    try {
      const records = parseCsv(text, { relax_quotes: true, skip_empty_lines: false }) as string[][]
      if (records.length !== 1) return { error: 'not one record', open: false }
      return records[0]!
    } catch (err) {
      const { message, code } = err as Error & { code?: string }
      return { error: message, open: code === 'CSV_QUOTE_NOT_CLOSED' }
    }
  }
  const toRow = (values: string[]) =>
    Object.fromEntries(header!.map((name, i) => [name, values[i] ?? ''])) as Record<string, string>
  const joined = (p: NonNullable<typeof pending>) => withoutEnding(p.lines.join(''))
  const broken = (p: NonNullable<typeof pending>): CsvRecord => ({
    line: p.line,
    raw: joined(p),
    error: `malformed CSV: ${p.error}`,
  })

  for await (const physical of lines) {
    n++
    const full = n === 1 ? physical.replace(/^\uFEFF/, '') : physical
    const text = withoutEnding(full)
    if (!header) {
      const names = cells(text)
      if ('error' in names) throw new Error(`the header row cannot be read: ${names.error}`)
      header = names.map((h) => h.trim().toLowerCase())
      continue
    }
    if (pending) {
      const alone = text.trim() ? cells(text) : null
      if (alone && !('error' in alone) && alone.length === header.length && isRow(toRow(alone))) {
        // This line is a row of its own: the record before it was broken.
        yield broken(pending)
        pending = null
      } else {
        pending.lines.push(full)
        const record = cells(joined(pending))
        if (!('error' in record)) {
          yield { line: pending.line, raw: joined(pending), row: toRow(record) }
          pending = null
        } else if (!record.open || pending.lines.length >= MAX_RECORD_LINES) {
          yield broken({ ...pending, error: record.error })
          pending = null
        }
        continue
      }
    }
    if (!text.trim()) continue
    const values = cells(text)
    if (!('error' in values)) yield { line: n, raw: text, row: toRow(values) }
    else if (values.open) pending = { line: n, lines: [full], error: values.error }
    else yield broken({ line: n, lines: [full], error: values.error })
  }
  if (pending) yield broken(pending)
}
