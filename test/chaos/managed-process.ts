import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs'
import path from 'node:path'

/** Where the product runs from: the repository root, as an operator's checkout. */
export const ROOT = path.resolve(import.meta.dirname, '../..')

export interface ManagedProcess {
  name: string
  child: ChildProcess
  startedAt: number
  stdoutFile: string
  stderrFile: string
  /** Set when the process exited: its code or signal, and whether we caused it. */
  exit: { code: number | null; signal: NodeJS.Signals | null; at: number; expected: boolean } | null
  exited: Promise<void>
  isRunning(): boolean
  /** Sends a signal we mean: the exit that follows is not a crash. */
  kill(signal: NodeJS.Signals): Promise<void>
}

const live = new Set<ChildProcess>()

/**
 * Spawns a process whose stdout and stderr go straight to files under `dir` (the kernel writes
 * them, so nothing is lost if the suite itself stalls or dies), and remembers how it ended.
 */
export function spawnManaged(
  name: string,
  command: string,
  args: string[],
  options: { dir: string; env: Record<string, string> },
): ManagedProcess {
  const stdoutFile = path.join(options.dir, `${name}.stdout.log`)
  const stderrFile = path.join(options.dir, `${name}.stderr.log`)
  const out = fs.openSync(stdoutFile, 'a')
  const err = fs.openSync(stderrFile, 'a')
  const child = spawn(command, args, { cwd: ROOT, env: options.env, stdio: ['ignore', out, err] })
  fs.closeSync(out)
  fs.closeSync(err)
  live.add(child)
  let expected = false
  const proc: ManagedProcess = {
    name,
    child,
    startedAt: Date.now(),
    stdoutFile,
    stderrFile,
    exit: null,
    exited: once(child, 'exit').then(([code, signal]) => {
      live.delete(child)
      proc.exit = { code, signal, at: Date.now(), expected }
    }),
    isRunning: () => child.exitCode === null && child.signalCode === null,
    async kill(signal) {
      if (!proc.isRunning()) return
      expected = true
      child.kill(signal)
      await proc.exited
    },
  }
  // A spawn failure (ENOENT) arrives as an error event, then exit: never a crash of the suite.
  child.on('error', () => {})
  return proc
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopManaged(proc: ManagedProcess, graceMs = 20_000): Promise<void> {
  if (!proc.isRunning()) return
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs)
  await proc.kill('SIGTERM')
  clearTimeout(timer)
}

/** Last resort (Ctrl-C, a crash of the suite): every child still running is killed at once. */
export function killAllManaged(): void {
  for (const child of live) child.kill('SIGKILL')
}

/** The env an operator's shell gives Firebreak: PATH and HOME, and nothing of ours. */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const key of ['PATH', 'HOME', 'LANG', 'TZ']) {
    const value = process.env[key]
    if (value) env[key] = value
  }
  return env
}
