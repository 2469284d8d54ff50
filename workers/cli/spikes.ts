import readline from 'node:readline'
import { z } from 'zod'
import { ConfigError } from '../../server/config.js'
import { parseArgv } from '../../server/lib/flags.js'
import { createSpikeDetector } from '../pipeline/spike-detector.js'

const USAGE = `Usage: npm run -s spikes < volume.csv > alerts.jsonl

Reads "timestamp,value" CSV on stdin (one 5-minute bucket a row, oldest first; a
"timestamp,value" header line is optional; timestamps like 2015-02-26 21:42:53 are UTC) and
writes one JSON line per alert episode: {"at","severity","observed","expected","confidence"},
where "at" is the timestamp of the bucket that raised it. A gap in the timestamps counts as
empty buckets (over a day, the detector starts learning again). Exit status: 0 done, 2 bad
input (the message names the line) or usage error.`

/** A bad row: the message names the line, the run stops with status 2. */
class InputError extends Error {}

// Naive timestamps are UTC; an explicit Z or offset is honoured.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/

const RowSchema = z.object({
  timestamp: z
    .string()
    .regex(TIMESTAMP, 'timestamp must look like 2015-02-26 21:42:53')
    .transform((text, ctx) => {
      const iso = text.replace(' ', 'T')
      const ms = Date.parse(/[Z+-]\d*:?\d*$/.test(iso.slice(10)) ? iso : `${iso}Z`)
      // Date.parse rolls 2015-02-30 over into March; a calendar date must survive the trip.
      const day = Number.isNaN(ms)
        ? null
        : new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)))
      if (!day || day.toISOString().slice(0, 10) !== iso.slice(0, 10)) {
        ctx.addIssue({ code: 'custom', message: 'timestamp is not a calendar date' })
      }
      return ms
    }),
  value: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'value must be a count (a number ≥ 0)')
    .transform(Number),
})

async function main(): Promise<number> {
  const { values } = parseArgv({ options: { help: { type: 'boolean' } } })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const detector = createSpikeDetector()
  const out: string[] = []
  let lineNumber = 0
  let lastAt: number | null = null
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
  for await (const line of lines) {
    lineNumber++
    if (!line.trim()) continue
    if (lineNumber === 1 && /^\s*timestamp\s*,\s*value\s*$/i.test(line)) continue
    const { at, value, timestamp } = parseRow(line, lineNumber)
    if (lastAt !== null && at <= lastAt) {
      throw new InputError(
        `line ${lineNumber}: timestamp ${timestamp} is not after the line before`,
      )
    }
    lastAt = at
    const alert = detector.push(at, value)
    if (alert) {
      const { severity, observed, expected, confidence } = alert
      out.push(`${JSON.stringify({ at: timestamp, severity, observed, expected, confidence })}\n`)
    }
  }
  process.stdout.write(out.join(''))
  return 0
}

/** One CSV line to its bucket, or an InputError naming the line and the field. */
function parseRow(line: string, lineNumber: number) {
  const cells = line.split(',').map((cell) => cell.trim())
  if (cells.length !== 2) {
    throw new InputError(
      `line ${lineNumber}: expected 2 columns (timestamp,value), found ${cells.length}`,
    )
  }
  const [timestamp, value] = cells as [string, string]
  const parsed = RowSchema.safeParse({ timestamp, value })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const field = String(issue.path[0])
    const cell = field === 'timestamp' ? timestamp : value
    throw new InputError(`line ${lineNumber}: ${issue.message}, got ${JSON.stringify(cell)}`)
  }
  return { at: parsed.data.timestamp, value: parsed.data.value, timestamp }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    if (err instanceof InputError) {
      process.stderr.write(`spikes: ${err.message}\n`)
      process.exit(2)
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`spikes: ${err.message}\n\n${USAGE}\n`)
      process.exit(2)
    }
    process.stderr.write(`spikes failed: ${err.stack ?? err.message}\n`)
    process.exit(2)
  },
)
