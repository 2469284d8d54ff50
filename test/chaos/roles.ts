import fs from 'node:fs'
import { freePort } from '../support/ports.js'
import { baseEnv, spawnManaged, stopManaged, type ManagedProcess } from './managed-process.js'
import type { Cluster } from './cluster.js'

/** Any fixed 32 bytes: every process of a run must share it. */
const SECRETS_KEY = Buffer.alloc(32, 7).toString('base64')

export interface WorkerSlot {
  /** worker-1, worker-2 */
  name: string
  metricsPort: number
  current: ManagedProcess
  /** Every process that ran in this slot, the restarted ones included. */
  instances: ManagedProcess[]
}

export interface Roles {
  apiUrl: string
  api: ManagedProcess
  workers: WorkerSlot[]
  /** Every process started, in any slot. */
  all(): ManagedProcess[]
  /** As a supervisor after a crash: SIGKILL the slot's process and start a new one at once. */
  killAndRestartWorker(index: number): Promise<void>
  stop(): Promise<void>
}

/** What an operator sets for the product; everything else is its default. */
export function firebreakEnv(cluster: Cluster, databaseUrl: string): Record<string, string> {
  return {
    ...baseEnv(),
    DATABASE_URL: databaseUrl,
    REDIS_URL: cluster.redis.url,
    QUEUE_PREFIX: 'chaos',
    SECRETS_KEY,
    NODE_ENV: 'production',
    DEMO: 'off',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
  }
}

const spawnRole = (
  name: string,
  role: 'api' | 'worker',
  dir: string,
  env: Record<string, string>,
) =>
  spawnManaged(
    name,
    process.execPath,
    ['--enable-source-maps', 'dist/server/main.js', '--role', role],
    {
      dir,
      env,
    },
  )

/**
 * One API process and two workers of the built product, started together; `extraEnv` is what
 * a scenario's operator sets beside the defaults.
 */
export async function startRoles(
  cluster: Cluster,
  databaseUrl: string,
  dir: string,
  extraEnv: Record<string, string> = {},
): Promise<Roles> {
  const env = { ...firebreakEnv(cluster, databaseUrl), ...extraEnv }
  const ports = [await freePort(), await freePort()]
  const api = spawnRole('api', 'api', dir, { ...env, PORT: '0' })
  const workerEnv = (port: number) => ({ ...env, WORKER_METRICS_PORT: String(port) })
  const workers: WorkerSlot[] = ports.map((port, i) => {
    const first = spawnRole(`worker-${i + 1}`, 'worker', dir, workerEnv(port))
    return { name: `worker-${i + 1}`, metricsPort: port, current: first, instances: [first] }
  })
  const all = () => [api, ...workers.flatMap((w) => w.instances)]
  try {
    const [started] = await Promise.all([
      waitForStartLine(api, 90_000),
      ...workers.map((w) => waitForStartLine(w.current, 90_000)),
    ])
    const apiUrl = started.url
    if (typeof apiUrl !== 'string') throw new Error('the API did not log its url')
    return {
      apiUrl,
      api,
      workers,
      all,
      async killAndRestartWorker(index) {
        const slot = workers[index]!
        await slot.current.kill('SIGKILL')
        const next = spawnRole(
          `${slot.name}.${slot.instances.length + 1}`,
          'worker',
          dir,
          workerEnv(slot.metricsPort),
        )
        slot.current = next
        slot.instances.push(next)
      },
      async stop() {
        await Promise.all(all().map((p) => stopManaged(p)))
      },
    }
  } catch (err) {
    await Promise.all(all().map((p) => stopManaged(p, 2000)))
    throw err
  }
}

/** The process's `firebreak started` log line, read from its stdout file as it is written. */
export async function waitForStartLine(
  proc: ManagedProcess,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const text = fs.existsSync(proc.stdoutFile) ? fs.readFileSync(proc.stdoutFile, 'utf8') : ''
    for (const line of text.split('\n')) {
      if (!line.includes('firebreak started')) continue
      try {
        const entry = JSON.parse(line) as Record<string, unknown>
        if (entry.msg === 'firebreak started') return entry
      } catch {
        // a partly written line: read again
      }
    }
    if (!proc.isRunning() || Date.now() > deadline) {
      const stderr = fs.existsSync(proc.stderrFile) ? fs.readFileSync(proc.stderrFile, 'utf8') : ''
      throw new Error(
        `${proc.name} ${proc.isRunning() ? 'did not start in time' : 'exited before starting'}: ${stderr.slice(-2000)}`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
