import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { Redis } from 'ioredis'
import { freePort } from '../test/support/ports.js'
import { startRedisServer } from '../test/support/redis-server.js'

export { freePort }

/** Firebreak's processes as a deployment runs them, from the build, for the benches. */
export const ROOT = path.resolve(import.meta.dirname, '..')
export const ENTRY = path.join(ROOT, 'dist/server/main.js')

export type Started = {
  metricsPort: number
  pid: number
  /**
   * The heap V8 kept after the last full (mark-compact) collection since the previous call, in
   * MB; null when none ran, or the role was not started with `traceGc`.
   */
  takeLiveHeapMb(): number | null
  stop(): Promise<void>
}

/**
 * What a role is started with for looking into it, its files going to logDir: `profile`, a
 * V8 CPU profile (--cpu-prof) written at exit; `heapSnapshots`, a heap snapshot written each
 * time the process is sent SIGUSR2 (--heapsnapshot-signal); `traceGc`, a line per collection on
 * its stdout (--trace-gc), which `takeLiveHeapMb` reads.
 */
export type Diagnostics = { profile: boolean; heapSnapshots?: boolean; traceGc?: boolean }

/** --trace-gc's line for a full collection: `Mark-Compact 268.9 (293.2) -> 105.6 (212.8) MB`. */
const MARK_COMPACT = /: Mark-Compact(?: \(reduce\))? [\d.]+ \([\d.]+\) -> ([\d.]+) \(/

/**
 * One role of the split, as `npm run server` / `npm run worker` run it from the build; its
 * output goes to `<name>.log` and `<name>.err` in logDir (name: the role, unless told).
 */
export async function startRole(
  role: 'api' | 'worker',
  env: NodeJS.ProcessEnv,
  logDir: string,
  diagnostics: Diagnostics,
  name: string = role,
): Promise<Started> {
  const profiling = diagnostics.profile ? ['--cpu-prof', `--cpu-prof-dir=${logDir}`] : []
  // Without --diagnostic-dir the snapshots would land in the cwd, the checkout.
  const snapshots = diagnostics.heapSnapshots
    ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${logDir}`]
    : []
  const child = spawn(
    process.execPath,
    [
      ...profiling,
      ...snapshots,
      ...(diagnostics.traceGc ? ['--trace-gc'] : []),
      '--enable-source-maps',
      ENTRY,
      '--role',
      role,
    ],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  // Its whole output is kept, to read when a run goes wrong.
  const log = fs.createWriteStream(path.join(logDir, `${name}.log`))
  child.stdout!.pipe(log)
  child.stderr!.pipe(fs.createWriteStream(path.join(logDir, `${name}.err`)))
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)))
  let liveHeapMb: number | null = null
  const lines = readline.createInterface({ input: child.stdout! })
  lines.on('line', (line) => {
    const gc = MARK_COMPACT.exec(line)
    if (gc) liveHeapMb = Number(gc[1])
  })
  const started = await new Promise<{ metricsPort: number }>((resolve, reject) => {
    lines.on('line', (line) => {
      if (!line.includes('firebreak started')) return
      const entry = JSON.parse(line) as { metricsPort: number | null }
      if (entry.metricsPort === null) reject(new Error(`${name}: no metrics port`))
      else resolve({ metricsPort: entry.metricsPort })
    })
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}:\n${stderr}`)))
  })
  return {
    metricsPort: started.metricsPort,
    pid: child.pid!,
    takeLiveHeapMb() {
      const taken = liveHeapMb
      liveHeapMb = null
      return taken
    },
    stop: () => stopChild(child),
  }
}

export async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}

/** A redis-server of the bench's own (test/support's), so that its memory is Firebreak's alone. */
export async function startRedis() {
  const server = await startRedisServer(['--appendonly', 'no', '--maxmemory-policy', 'noeviction'])
  const client = new Redis(server.url)
  return {
    url: server.url,
    client,
    async stop() {
      client.disconnect()
      await server.stop()
    },
  }
}
