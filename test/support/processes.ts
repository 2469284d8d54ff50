import { spawn, type ChildProcess } from 'node:child_process'
import { EventEmitter, once } from 'node:events'
import path from 'node:path'
import readline from 'node:readline'
import crypto from 'node:crypto'
import { afterAll, beforeAll } from 'vitest'
import {
  createTestContext,
  createTestDatabaseUrl,
  TEST_SECRETS_KEY,
  type TestContext,
} from './context.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
const TSX = import.meta.resolve('tsx')

export interface FirebreakProcess {
  child: ChildProcess
  /** The console URL of an API process, from its startup log line. */
  url: string | null
  /** Every JSON log line the process has written so far. */
  logs: Array<Record<string, unknown>>
  /** Every line it wrote on stdout, log or not. */
  output: string[]
  /** Resolves with the first log line (past or coming) that matches. */
  waitForLog(
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
  /** What the process wrote to stderr and its last log lines: the message for a failed check. */
  diagnostics(): string
}

/** Runs `server/main.ts` from source (as `npm start` runs its build) with the given roles. */
export async function spawnFirebreak(
  args: string[],
  env: Record<string, string>,
): Promise<FirebreakProcess> {
  const child = spawn(process.execPath, ['--import', TSX, 'server/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'info', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logs: Array<Record<string, unknown>> = []
  const output: string[] = []
  const logged = new EventEmitter()
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  const started = new Promise<Record<string, unknown>>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line)
      try {
        const entry = JSON.parse(line) as Record<string, unknown>
        logs.push(entry)
        logged.emit('line', entry)
        if (entry.msg === 'firebreak started') resolve(entry)
      } catch {
        // not a log line
      }
    })
    child.once('exit', (code) =>
      reject(new Error(`firebreak exited with ${code} before starting:\n${stderr}`)),
    )
  })
  const entry = await started
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  return {
    child,
    url: (entry.url as string | null) ?? null,
    logs,
    output,
    waitForLog(match, timeoutMs = 30_000) {
      const seen = logs.find(match)
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          logged.off('line', listener)
          reject(new Error(`no matching log line within ${timeoutMs} ms`))
        }, timeoutMs)
        const listener = (line: Record<string, unknown>) => {
          if (!match(line)) return
          clearTimeout(timer)
          logged.off('line', listener)
          resolve(line)
        }
        logged.on('line', listener)
      })
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
    diagnostics() {
      const last = logs.slice(-15).map((l) => JSON.stringify(l))
      return `stderr:\n${stderr.slice(-4000)}\nlast log lines:\n${last.join('\n')}`
    },
  }
}

/**
 * Environment for Firebreak processes a test starts: a database and a Redis key prefix of the
 * test's own, shared with the test's context so both see the same data.
 */
export async function processEnv(
  extra: Record<string, string> = {},
): Promise<Record<string, string>> {
  return {
    DATABASE_URL: (await createTestDatabaseUrl())!,
    QUEUE_PREFIX: `fbtest-${crypto.randomBytes(5).toString('hex')}`,
    SECRETS_KEY: TEST_SECRETS_KEY,
    PORT: '0',
    WORKER_METRICS_PORT: '0',
    ...extra,
  }
}

/**
 * For a test file: starts Firebreak with `args` (and `extraEnv`, e.g. an SSRF allowlist for
 * loopback fakes) before its tests, with a test context on the same database and Redis prefix,
 * and stops both after. Read `t` and `server` inside tests.
 */
export function firebreakForFile(
  args: string[],
  extraEnv: Record<string, string> = {},
): { t: TestContext; server: FirebreakProcess } {
  const handle = {} as { t: TestContext; server: FirebreakProcess }
  beforeAll(async () => {
    const env = await processEnv(extraEnv)
    handle.t = await createTestContext(env)
    handle.server = await spawnFirebreak(args, env)
  })
  afterAll(async () => {
    await handle.server?.stop()
    await handle.t?.close()
  })
  return handle
}
