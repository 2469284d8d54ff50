import { once } from 'node:events'
import readline from 'node:readline'
import {
  ClassifyInputSchema,
  type ClassifyError,
  type ClassifyInput,
} from '../../shared/schemas/classify.js'

/** Output is flushed in chunks of this many lines: one write per line is the slow part. */
const CHUNK = 256

/**
 * The classify CLI's loop: JSON Lines {"id","text"} on stdin, one output line per good input
 * line and in order on stdout, an error line per bad one on stderr. `classify` turns a good
 * line into its output. The benchmark runs the npm peers through this same loop, so the CLI
 * figures compare analyzers, not harnesses. Resolves to the exit status: 1 if a line was
 * refused.
 */
export async function classifyJsonLines(classify: (input: ClassifyInput) => object) {
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
    const input = readLine(line, lineNumber)
    if ('error' in input) {
      refused++
      process.stderr.write(`${JSON.stringify(input)}\n`)
      continue
    }
    pending.push(`${JSON.stringify(classify(input))}\n`)
    if (pending.length >= CHUNK) await flush()
  }
  await flush()
  return refused ? 1 : 0
}

/** One input line, or the error that names it. */
function readLine(line: string, lineNumber: number): ClassifyInput | ClassifyError {
  let json: unknown
  try {
    json = JSON.parse(line)
  } catch (err) {
    return { line: lineNumber, error: `invalid JSON: ${(err as Error).message}` }
  }
  const parsed = ClassifyInputSchema.safeParse(json)
  if (parsed.success) return parsed.data
  const id = ClassifyInputSchema.shape.id.safeParse((json as { id?: unknown } | null)?.id)
  const error = parsed.error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ')
  return { line: lineNumber, ...(id.success ? { id: id.data } : {}), error }
}
