import fs from 'node:fs'
import type { FaultWindow } from './fault-window.js'
import { spawnManaged, type ManagedProcess } from './managed-process.js'

export interface ImportRun {
  run: number
  exitCode: number | null
  signal: string | null
  startedAt: number
  endedAt: number
  /** We SIGKILLed it (the importer-kill fault) or it outlived its deadline. */
  killedByUs: boolean
  timedOut: boolean
  /** Lines on stderr apart from progress lines. */
  stderrLines: number
  hasStack: boolean
  /** For a run that failed by itself: one line on stderr and no stack trace. */
  clean: boolean | null
  overlapsFault: boolean
  /** The `--json` report of a run that finished. */
  report: { lines: number; inserted: number; duplicates: number; rejected: number } | null
}

export interface ImportOutcome {
  ok: boolean
  runs: ImportRun[]
  /** Every run that failed by itself said why in one line, without a stack trace. */
  cleanCli: boolean
  reason: string | null
  finishedAt: number
}

const PROGRESS = /^[\d,]+ lines, [\d,]+ new, [\d,]+ rejected \(\d+%\)$/
export const STACK_MARKERS = /Unhandled 'error' event|node:events|uncaughtException|^ {4}at /

/** The import CLI run as an operator runs it, once per attempt, each with its own log files. */
export class Importer {
  readonly runs: ImportRun[] = []
  current: ManagedProcess | null = null
  /** Set when the scenario is over: no further run starts. */
  closed = false

  constructor(
    private readonly options: {
      file: string
      brandSlug: string
      env: Record<string, string>
      dir: string
    },
  ) {}

  start(): ManagedProcess {
    // One run at a time: the next run's number is one past those that ended.
    this.current = spawnManaged(
      `import.run${this.runs.length + 1}`,
      process.execPath,
      [
        '--enable-source-maps',
        'dist/server/cli/import.js',
        this.options.file,
        '--brand',
        this.options.brandSlug,
        '--json',
      ],
      { dir: this.options.dir, env: this.options.env },
    )
    return this.current
  }

  /** Ends the attempt: kills the run in progress and starts no other. */
  async close(): Promise<void> {
    this.closed = true
    await this.killCurrent()
  }

  /** SIGKILL the run in progress; false when none is running. */
  async killCurrent(): Promise<boolean> {
    if (!this.current?.isRunning()) return false
    await this.current.kill('SIGKILL')
    return true
  }
}

/**
 * Runs the importer until it exits 0, like an operator: a run that failed because of an outage
 * (exit 3, or any failure while the fault was in effect, or one we killed) is run again once the
 * fault is over; any other failure ends the attempt. Every run has a deadline.
 */
export async function importUntilDone(
  importer: Importer,
  window: FaultWindow,
  options: {
    /** Lines in the file: what a finished run's report must say it read. */
    lines: number
    deadline: number
    maxRuns?: number
    log: (msg: string) => void
  },
): Promise<ImportOutcome> {
  const maxRuns = options.maxRuns ?? 10
  const done = (ok: boolean, reason: string | null): ImportOutcome => ({
    ok,
    runs: importer.runs,
    cleanCli: importer.runs.every((r) => r.clean !== false),
    reason,
    finishedAt: Date.now(),
  })
  for (;;) {
    if (importer.closed) return done(false, 'stopped')
    const proc = importer.start()
    let timedOut = false
    const timer = setTimeout(
      () => {
        timedOut = true
        void proc.kill('SIGKILL')
      },
      Math.max(1000, options.deadline - Date.now()),
    )
    await proc.exited
    clearTimeout(timer)
    const run = summarize(proc, importer.runs.length + 1, timedOut, window)
    importer.runs.push(run)
    options.log(
      `import run ${run.run}: ${run.signal ?? `exit ${run.exitCode}`}` +
        (run.report
          ? ` (${run.report.inserted} new, ${run.report.duplicates} already stored)`
          : ''),
    )
    if (run.exitCode === 0) {
      // Exit 0 must come with the report of a whole file: an exit 0 without it (a promise that
      // never settled lets Node exit 0 when its event loop empties) is an import that silently
      // stopped, and an operator would believe it finished.
      if (!run.report) return done(false, `import run ${run.run} exited 0 without its report`)
      if (run.report.lines !== options.lines || run.report.rejected) {
        return done(
          false,
          `import run ${run.run} exited 0 after ${run.report.lines} of ${options.lines} lines, ${run.report.rejected} rejected`,
        )
      }
      return done(true, null)
    }
    if (timedOut) return done(false, `import run ${run.run} did not finish before the deadline`)
    if (importer.runs.length >= maxRuns) return done(false, `still failing after ${maxRuns} runs`)
    const outage = run.exitCode === 3 || run.killedByUs || run.overlapsFault
    if (!outage) {
      return done(false, `import run ${run.run} exited ${run.exitCode} with no fault in effect`)
    }
    const waited = await Promise.race([
      window.over.then(() => true),
      new Promise<boolean>((resolve) =>
        setTimeout(() => resolve(false), Math.max(0, options.deadline - Date.now())),
      ),
    ])
    if (!waited) return done(false, 'the fault did not end before the deadline')
  }
}

function summarize(
  proc: ManagedProcess,
  run: number,
  timedOut: boolean,
  window: FaultWindow,
): ImportRun {
  const exit = proc.exit!
  const stderr = readLines(proc.stderrFile).filter((line) => !PROGRESS.test(line))
  const hasStack = stderr.some((line) => STACK_MARKERS.test(line))
  const killedByUs = exit.expected
  const failedByItself = !killedByUs && exit.code !== 0
  return {
    run,
    exitCode: exit.code,
    signal: exit.signal,
    startedAt: proc.startedAt,
    endedAt: exit.at,
    killedByUs,
    timedOut,
    stderrLines: stderr.length,
    hasStack,
    clean: failedByItself ? stderr.length === 1 && !hasStack : null,
    overlapsFault: window.overlaps(proc.startedAt, exit.at),
    report: exit.code === 0 ? readReport(proc.stdoutFile) : null,
  }
}

function readLines(file: string): string[] {
  if (!fs.existsSync(file)) return []
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
}

function readReport(file: string): ImportRun['report'] {
  const last = readLines(file).at(-1)
  try {
    const report = JSON.parse(last ?? '') as NonNullable<ImportRun['report']>
    return {
      lines: report.lines,
      inserted: report.inserted,
      duplicates: report.duplicates,
      rejected: report.rejected,
    }
  } catch {
    return null
  }
}
