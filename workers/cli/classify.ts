import readline from 'node:readline'
import { once } from 'node:events'
import {
  ClassifyInputSchema,
  type ClassifyError,
  type ClassifyOutput,
} from '../../shared/schemas/classify.js'
import { ConfigError } from '../../server/config.js'
import { parseArgv } from '../../server/lib/flags.js'
import { analyzeText } from '../pipeline/analyze.js'

const USAGE = `Usage: npm run -s classify < posts.jsonl > results.jsonl

Reads JSON Lines {"id", "text"} on stdin and writes, per line and in order, one JSON line
{"id","label","score","confidence","complaint","complaint_score","language","supported","reasons"}
on stdout ("supported": false when no model reads the post's language: read it yourself).
A line that cannot be read gets {"line","id"?,"error"} on stderr and no output line;
the rest continue. Blank lines are skipped. Exit status: 0 every line classified, 1 some lines
refused, 2 usage error.`

/** Output is flushed in chunks of this many lines: one write per line is the slow part. */
const CHUNK = 256

async function main(): Promise<number> {
  const { values } = parseArgv({ options: { help: { type: 'boolean' } } })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  let refused = 0
  let pending: string[] = []
  const flush = async () => {
    if (!pending.length) return
    const chunk = pending.join('')
    pending = []
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain')
  }

  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
  let lineNumber = 0
  for await (const line of lines) {
    lineNumber++
    if (!line.trim()) continue
    const result = classifyLine(line, lineNumber)
    if ('error' in result) {
      refused++
      process.stderr.write(`${JSON.stringify(result)}\n`)
      continue
    }
    pending.push(`${JSON.stringify(result)}\n`)
    if (pending.length >= CHUNK) await flush()
  }
  await flush()
  return refused ? 1 : 0
}

/** One input line to its output line, or to the error that names it. */
function classifyLine(line: string, lineNumber: number): ClassifyOutput | ClassifyError {
  let json: unknown
  try {
    json = JSON.parse(line)
  } catch (err) {
    return { line: lineNumber, error: `invalid JSON: ${(err as Error).message}` }
  }
  const parsed = ClassifyInputSchema.safeParse(json)
  if (!parsed.success) {
    const id = ClassifyInputSchema.shape.id.safeParse((json as { id?: unknown } | null)?.id)
    const error = parsed.error.issues
      .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
      .join('; ')
    return { line: lineNumber, ...(id.success ? { id: id.data } : {}), error }
  }
  const { id, text } = parsed.data
  const a = analyzeText(text, null)
  return {
    id,
    label: a.label,
    score: a.sentiment,
    confidence: a.confidence,
    complaint: a.isComplaint,
    complaint_score: a.complaintScore,
    language: a.language,
    supported: a.supported,
    reasons: [...a.explanation.reasons, ...a.explanation.complaintReasons],
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`classify: ${err.message}\n\n${USAGE}\n`)
      process.exit(2)
    }
    process.stderr.write(`classify failed: ${err.stack ?? err.message}\n`)
    process.exit(2)
  },
)
