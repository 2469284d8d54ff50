import fs from 'node:fs'
import readline from 'node:readline'
import type { AppContext } from '../../context.js'
import { linesWithEndings, readCsvRecords } from './csv-records.js'
import { ingestPosts } from './ingest-posts.js'
import { csvRowToPost, parseJsonLine, toPostRecord, type ParsedRecord } from './post-records.js'

export type ImportFormat = 'jsonl' | 'csv'

export interface ImportProgress {
  lines: number
  inserted: number
  duplicates: number
  rejected: number
  bytesRead: number
  bytesTotal: number
}

export interface ImportReport extends ImportProgress {
  /** Every bad line with its number and reason, in file order. */
  badLines: Array<{ line: number; reason: string }>
}

export interface ImportOptions {
  brandId: string
  file: string
  format: ImportFormat
  batchSize?: number
  onBadLine?: (line: number, reason: string) => void
  onProgress?: (progress: ImportProgress) => void
}

/** Guesses the format from the file name: .csv is CSV, anything else JSON lines. */
export const formatOf = (file: string): ImportFormat => (/\.csv$/i.test(file) ? 'csv' : 'jsonl')

/**
 * Imports a JSONL or CSV file of posts: every line is validated, good ones are ingested in
 * batches (each batch one transaction, with the bad lines of that batch set aside as
 * rejections), bad ones are reported with their line number. Running it again adds nothing.
 */
export async function importFile(ctx: AppContext, options: ImportOptions): Promise<ImportReport> {
  const batchSize = options.batchSize ?? 500
  const bytesTotal = fs.statSync(options.file).size
  const stream = fs.createReadStream(options.file)
  const report: ImportReport = {
    lines: 0,
    inserted: 0,
    duplicates: 0,
    rejected: 0,
    bytesRead: 0,
    bytesTotal,
    badLines: [],
  }
  let batch: ParsedRecord[] = []

  const flush = async () => {
    if (!batch.length) return
    const records = batch
    batch = []
    const result = await ingestPosts(ctx, {
      brandId: options.brandId,
      channel: 'import',
      posts: records.flatMap((r) => (r.ok ? [r.post] : [])),
      rejections: records.flatMap((r) =>
        r.ok
          ? []
          : [
              {
                brandId: options.brandId,
                channel: 'import' as const,
                issues: r.issues,
                payload: r.raw,
                line: r.line,
              },
            ],
      ),
    })
    report.inserted += result.inserted
    report.duplicates += result.duplicates
    report.bytesRead = stream.bytesRead
    options.onProgress?.({ ...report })
  }

  const take = async (record: ParsedRecord) => {
    report.lines++
    if (!record.ok) {
      const reason = record.issues.map((i) => `${i.path}: ${i.message}`).join('; ')
      report.rejected++
      report.badLines.push({ line: record.line!, reason })
      options.onBadLine?.(record.line!, reason)
    }
    batch.push(record)
    if (batch.length >= batchSize) await flush()
  }

  if (options.format === 'jsonl') {
    let line = 0
    for await (const raw of readline.createInterface({ input: stream, crlfDelay: Infinity })) {
      line++
      if (raw.trim()) await take(parseJsonLine(raw, line))
    }
  } else {
    const isValidRow = (row: Record<string, string>) => toPostRecord(csvRowToPost(row), '').ok
    for await (const record of readCsvRecords(linesWithEndings(stream), isValidRow)) {
      await take(
        'row' in record
          ? toPostRecord(csvRowToPost(record.row), record.raw, record.line)
          : {
              ok: false,
              issues: [{ path: '(line)', message: record.error }],
              raw: record.raw,
              line: record.line,
            },
      )
    }
  }
  await flush()
  report.bytesRead = bytesTotal
  return report
}
