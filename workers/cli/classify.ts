import type { ClassifyInput, ClassifyOutput } from '../../shared/schemas/classify.js'
import { ConfigError } from '../../server/config.js'
import { parseArgv } from '../../server/lib/flags.js'
import { analyzeText } from '../pipeline/analyze.js'
import { classifyJsonLines } from './json-lines.js'

const USAGE = `Usage: npm run -s classify < posts.jsonl > results.jsonl

Reads JSON Lines {"id", "text"} on stdin and writes, per line and in order, one JSON line
{"id","label","score","confidence","complaint","complaint_score","language","supported","reasons"}
on stdout ("supported": false when no model reads the post's language: read it yourself).
A line that cannot be read gets {"line","id"?,"error"} on stderr and no output line;
the rest continue. Blank lines are skipped. Exit status: 0 every line classified, 1 some lines
refused, 2 usage error.`

async function main(): Promise<number> {
  const { values } = parseArgv({ options: { help: { type: 'boolean' } } })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  return classifyJsonLines(classifyPost)
}

/** A good input line's output. */
function classifyPost({ id, text }: ClassifyInput): ClassifyOutput {
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
