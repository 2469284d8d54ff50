import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { STACK_MARKERS } from './importer.js'

// A JSON log line is an error someone caught and logged: its stack frames (node:events, "at")
// are not a crash. Only these words in it say an error went unhandled.
const UNHANDLED_IN_JSON = /Unhandled 'error' event|uncaughtException/

export interface ProcessLogs {
  /** JSON log lines at warn (40) or above. */
  warnings: number
  errors: number
  deadlocks: number
  /** Unhandled-error stack traces (consecutive stack lines count once). */
  stacks: number
  /** JSON log lines that carry a handled error's stack (not counted as `stacks`). */
  loggedStacks: number
  /** Lines on stderr that are not JSON log lines. */
  rawStderr: number
}

export interface LogHygiene {
  warnings: number
  deadlocks: number
  stacks: number
  /** Raw (non-JSON) stderr lines of the API and workers: output that bypassed the logger. */
  serverStderrLines: number
  byProcess: Record<string, ProcessLogs>
  /** The most frequent warn/error messages: `process level msg` with a count and an example. */
  topMessages: Array<{ key: string; count: number; example: string }>
}

/** Reads every process's stdout and stderr file in a scenario's folder. */
export async function scanLogs(dir: string): Promise<LogHygiene> {
  const byProcess: Record<string, ProcessLogs> = {}
  const messages = new Map<string, { count: number; example: string }>()
  const files = fs.readdirSync(dir).filter((f) => /\.(stdout|stderr)\.log$/.test(f))
  for (const file of files.sort()) {
    const name = file.replace(/\.(stdout|stderr)\.log$/, '')
    const logs = (byProcess[name] ??= {
      warnings: 0,
      errors: 0,
      deadlocks: 0,
      stacks: 0,
      loggedStacks: 0,
      rawStderr: 0,
    })
    const isStderr = file.endsWith('.stderr.log')
    let inStack = false
    const lines = readline.createInterface({ input: fs.createReadStream(path.join(dir, file)) })
    for await (const line of lines) {
      if (line.includes('deadlock detected')) logs.deadlocks++
      const entry = parseLogLine(line)
      const stack = entry ? UNHANDLED_IN_JSON.test(line) : STACK_MARKERS.test(line)
      if (stack && !inStack) logs.stacks++
      inStack = stack
      if (entry && line.includes('"stack":"')) logs.loggedStacks++
      if (!entry) {
        if (isStderr && line.trim()) logs.rawStderr++
        continue
      }
      const level = Number(entry.level)
      if (!(level >= 40)) continue
      logs.warnings++
      if (level >= 50) logs.errors++
      const key = `${name.replace(/\.\d+$/, '')} ${level >= 50 ? 'error' : 'warn'} ${String(entry.msg)}`
      const seen = messages.get(key) ?? { count: 0, example: line.slice(0, 400) }
      seen.count++
      messages.set(key, seen)
    }
  }
  const total = (field: keyof ProcessLogs) =>
    Object.values(byProcess).reduce((n, p) => n + p[field], 0)
  return {
    warnings: total('warnings'),
    deadlocks: total('deadlocks'),
    stacks: total('stacks'),
    serverStderrLines: Object.entries(byProcess)
      .filter(([name]) => !name.startsWith('import'))
      .reduce((n, [, p]) => n + p.rawStderr, 0),
    byProcess,
    topMessages: [...messages.entries()]
      .sort((a, b) => b[1].count - a[1].count)
      .slice(0, 15)
      .map(([key, v]) => ({ key, ...v })),
  }
}

function parseLogLine(line: string): Record<string, unknown> | null {
  if (!line.startsWith('{')) return null
  try {
    return JSON.parse(line) as Record<string, unknown>
  } catch {
    return null
  }
}
