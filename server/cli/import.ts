import fs from 'node:fs'
import { z } from 'zod'
import { openContext } from '../bootstrap.js'
import { ConfigError, loadConfig } from '../config.js'
import { findBrandBySlug, listBrands } from '../db/repositories/brands.js'
import { formatOf, importFile, type ImportProgress } from '../domain/ingest/import-file.js'
import { flagProblems, parseArgv } from '../lib/flags.js'
import { createLogger } from '../lib/logger.js'
import { CliStop, EXIT, runCli } from './run-cli.js'

const USAGE = `Usage: npm run import -- FILE [--brand SLUG] [--format jsonl|csv] [--json]

Imports posts from a JSONL or CSV file (formats in the README). Good lines are stored,
bad ones are reported with their line number and kept as rejections; running the same
file again adds nothing, so an import that stopped is finished by running it again.
Exit status: 0 all lines imported, 1 some lines rejected, 2 bad usage, 3 stopped because
PostgreSQL or Redis was unavailable (run it again), 4 any other failure.`

const FlagsSchema = z.object({
  file: z.string({ error: 'name the file to import' }).min(1, 'name the file to import'),
  brand: z.string().optional(),
  format: z.enum(['jsonl', 'csv']).optional(),
  json: z.boolean().default(false),
})

const number = (n: number) => n.toLocaleString('en-US')

async function main(): Promise<number> {
  const { values, positionals } = parseArgv({
    options: {
      brand: { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
  })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return EXIT.ok
  }
  const flags = FlagsSchema.safeParse({ ...values, file: positionals[0] })
  if (!flags.success || positionals.length > 1) {
    const problems = flags.success ? 'give one file' : flagProblems(flags.error, { file: 'FILE' })
    throw new ConfigError(`${problems}\n\n${USAGE}`)
  }
  const { file, json } = flags.data
  if (!fs.existsSync(file)) throw new ConfigError(`no such file: ${file}`)

  const config = loadConfig()
  // Logs go to stderr at warn level: stdout carries the report.
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, {
    destination: process.stderr,
  })
  const progress = progressPrinter()
  const opened = await openContext(config, logger).catch((err: unknown) => {
    throw new CliStop(err, 'Nothing was imported; run the same command again when it is back.')
  })
  try {
    const brands = await listBrands(opened.ctx.db)
    const brand = flags.data.brand
      ? await findBrandBySlug(opened.ctx.db, flags.data.brand)
      : brands.length === 1
        ? brands[0]
        : undefined
    if (!brand) {
      const known =
        brands.map((b) => b.slug).join(', ') ||
        'none yet (create one: npm run brands -- create --name NAME --terms TERM)'
      throw new ConfigError(
        `${flags.data.brand ? `no brand with slug ${flags.data.brand}` : 'pass --brand SLUG'}; brands: ${known}`,
      )
    }
    // An archived brand listens to nothing, a file included (its webhooks refuse too).
    if (brand.archivedAt)
      throw new ConfigError(
        `${brand.slug} is archived: nothing was imported; restore it first (npm run brands -- restore ${brand.slug})`,
      )
    const report = await importFile(opened.ctx, {
      brandId: brand.id,
      file,
      format: flags.data.format ?? formatOf(file),
      onBadLine: (line, reason) => progress.note(`line ${line}: ${reason}`),
      onProgress: progress.update,
    }).catch((err: unknown) => {
      progress.done()
      const stored = progress.last()
      throw new CliStop(
        err,
        `${stored ? `The first ${number(stored.lines)} lines were stored` : 'Nothing was stored'}; ` +
          'run the same command again to finish: lines already stored are skipped.',
      )
    })
    progress.done()
    const badList = report.badLines.map((b) => b.line).join(', ')
    process.stdout.write(
      `Imported ${file} into ${brand.slug}: ${number(report.lines)} lines, ${number(report.inserted)} new posts, ` +
        `${number(report.duplicates)} already stored, ${number(report.rejected)} rejected${badList ? ` (lines ${badList})` : ''}\n`,
    )
    if (json) process.stdout.write(`${JSON.stringify(report)}\n`)
    return report.rejected ? 1 : EXIT.ok
  } finally {
    await opened.close()
  }
}

/** Progress on stderr: a live line on a terminal, a line every few seconds otherwise. */
function progressPrinter() {
  const tty = process.stderr.isTTY
  let last = 0
  let shown = false
  let latest: ImportProgress | null = null
  const line = (p: ImportProgress) =>
    `${number(p.lines)} lines, ${number(p.inserted)} new, ${number(p.rejected)} rejected (${Math.floor((100 * p.bytesRead) / Math.max(1, p.bytesTotal))}%)`
  return {
    update(p: ImportProgress) {
      latest = p
      const now = Date.now()
      if (tty) {
        process.stderr.write(`\r${line(p)}`)
        shown = true
      } else if (now - last > 5000) {
        process.stderr.write(`${line(p)}\n`)
        last = now
      }
    },
    note(message: string) {
      process.stderr.write(`${tty && shown ? '\r\x1b[K' : ''}${message}\n`)
    },
    done() {
      if (tty && shown) process.stderr.write('\n')
      shown = false
    },
    /** The last progress reported: what committed batches hold. */
    last: () => latest,
  }
}

runCli('import', main)
