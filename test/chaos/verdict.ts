import type { CheckFigures } from './checks.js'
import type { RecorderStats } from './console-recorder.js'
import type { ScenarioName } from './flags.js'
import type { ImportRun } from './importer.js'
import type { LogHygiene } from './log-hygiene.js'
import { judgeReplyFigures, type ReplyFigures } from './reply-checks.js'

/** Everything measured in one scenario. Figures are null when the scenario stopped before them. */
export interface ScenarioResult {
  scenario: ScenarioName
  ok: boolean
  /** Why it is not ok, one reason per failed check. */
  failures: string[]
  error: string | null
  database: string | null
  posts: number
  faultInjected: boolean
  storedAtFault: number | null
  faultS: number | null
  checks: CheckFigures | null
  dead: number
  /** Processes that must run at the end and do not. */
  notRunning: number
  importRuns: number
  importOk: boolean
  cleanCli: boolean
  /** Per probed process: 503 or no answer during the fault; required for Redis and PG outages. */
  unhealthySeen: Record<string, boolean> | null
  unhealthyRequired: boolean
  healthAtEnd: Record<string, number | null> | null
  warnings: number | null
  deadlocks: number | null
  stacks: number | null
  /** Raw stderr lines of the API and workers (output that bypassed the JSON logger). */
  serverStderrLines: number | null
  drainS: number | null
  /** Drain until the outbox was empty, whatever the console had. */
  serverDrainS: number | null
  /** From the import's last exit to idle: how far the workers trailed the importer. */
  afterImportS: number | null
  console: RecorderStats | null
  /** reply-delivery only: the replies against the fake networks' posts. */
  replies: ReplyFigures | null
  checksSelfTest: string[] | null
  durationS: number
  /** Evidence for a reader: bulky, so kept out of the summary line. */
  details: {
    faultNotes: string[]
    importRuns: ImportRun[]
    importReason: string | null
    idleReason: string | null
    deadProcesses: string[]
    logs: LogHygiene | null
    mismatchSamples: string[]
  }
}

/** Outages long enough for a 500 ms health probe to see are required to show as unhealthy. */
export function requiresUnhealthy(name: ScenarioName, faultS: number | null): boolean {
  if (name === 'redis-aof-on' || name === 'redis-aof-off' || name === 'pg-stop') return true
  if (name === 'pg-restart' || name === 'pg-kill') return (faultS ?? 0) >= 2
  return false
}

/** The reasons a scenario is not ok (empty: ok). */
export function judge(r: ScenarioResult): string[] {
  if (r.scenario === 'reply-delivery') return judgeReplies(r)
  const failures: string[] = []
  const need = (ok: boolean, reason: string) => ok || failures.push(reason)
  if (r.error) failures.push(`error: ${r.error}`)
  need(r.faultInjected, 'the fault was not injected (the import finished first?)')
  need(r.importOk, `import did not finish: ${r.details.importReason ?? 'unknown'}`)
  need(r.cleanCli, 'a failed import run did not say why in exactly one line without a stack trace')
  need(r.drainS !== null, `never idle: ${r.details.idleReason ?? 'not measured'}`)
  const c = r.checks
  if (!c) failures.push('the database checks did not run')
  else {
    need(c.lost === 0, `${c.lost} posts lost`)
    need(c.dup === 0, `${c.dup} duplicate posts`)
    need(c.dupAnalyses === 0, `${c.dupAnalyses} duplicate analyses`)
    need(c.dupScoreRevisions === 0, `${c.dupScoreRevisions} duplicate score revisions`)
    need(c.revision0Excess === 0, `revision-0 scores minus posts = ${c.revision0Excess}`)
    need(c.unanalysed === 0, `${c.unanalysed} posts never analysed`)
    need(c.stuck === 0, `${c.stuck} outbox rows stuck`)
    need(c.counterMismatches === 0, `${c.counterMismatches} complaints with wrong counters`)
    need(c.missingComplaints === 0, `${c.missingComplaints} complaint threads without a complaint`)
    need(c.seqGaps === 0, `${c.seqGaps} seq gaps`)
    need(
      !c.eventSeqMismatch,
      `event_seq ${c.eventSeq}, max(seq) ${c.maxSeq}, events ${c.eventCount}`,
    )
    need(
      c.clientMismatches === 0,
      `${c.clientMismatches} complaints differ between console and database`,
    )
  }
  failures.push(...processFailures(r))
  if (r.unhealthyRequired && r.unhealthySeen) {
    const blind = Object.entries(r.unhealthySeen).filter(([, seen]) => !seen)
    need(
      !blind.length,
      `healthz stayed 200 through the outage: ${blind.map(([n]) => n).join(', ')}`,
    )
  }
  failures.push(...healthFailures(r))
  if (r.checksSelfTest?.length)
    failures.push(`harness self-test: checks missed ${r.checksSelfTest.join(', ')}`)
  return failures
}

/** Workers killed during 1,000 deliveries: each reply once on its network, recorded as sent. */
function judgeReplies(r: ScenarioResult): string[] {
  const failures: string[] = []
  if (r.error) failures.push(`error: ${r.error}`)
  if (!r.faultInjected) failures.push('no worker was killed during delivery')
  if (r.drainS === null) failures.push(`never settled: ${r.details.idleReason ?? 'not measured'}`)
  if (!r.replies) failures.push('the reply checks did not run')
  else failures.push(...judgeReplyFigures(r.replies, r.posts))
  return [...failures, ...processFailures(r), ...healthFailures(r)]
}

function processFailures(r: ScenarioResult): string[] {
  const failures: string[] = []
  if (r.dead !== 0) failures.push(`${r.dead} processes died: ${r.details.deadProcesses.join(', ')}`)
  if (r.notRunning !== 0) failures.push(`${r.notRunning} processes not running at the end`)
  return failures
}

function healthFailures(r: ScenarioResult): string[] {
  const failures: string[] = []
  const unwell = Object.entries(r.healthAtEnd ?? {}).filter(([, status]) => status !== 200)
  if (r.healthAtEnd === null || unwell.length)
    failures.push(
      `healthz not 200 at the end: ${unwell.map(([n, s]) => `${n} ${s ?? 'unreachable'}`).join(', ')}`,
    )
  if (r.deadlocks !== 0) failures.push(`${r.deadlocks ?? '?'} deadlocks logged`)
  if (r.stacks !== 0) failures.push(`${r.stacks ?? '?'} unhandled-error stack traces logged`)
  return failures
}

/** A scenario's figures before anything is measured. */
export function emptyResult(scenario: ScenarioName, posts: number): ScenarioResult {
  return {
    scenario,
    ok: false,
    failures: [],
    error: null,
    database: null,
    posts,
    faultInjected: false,
    storedAtFault: null,
    faultS: null,
    checks: null,
    dead: 0,
    notRunning: 0,
    importRuns: 0,
    importOk: false,
    cleanCli: true,
    unhealthySeen: null,
    unhealthyRequired: false,
    healthAtEnd: null,
    warnings: null,
    deadlocks: null,
    stacks: null,
    serverStderrLines: null,
    drainS: null,
    serverDrainS: null,
    afterImportS: null,
    console: null,
    replies: null,
    checksSelfTest: null,
    durationS: 0,
    details: {
      faultNotes: [],
      importRuns: [],
      importReason: null,
      idleReason: null,
      deadProcesses: [],
      logs: null,
      mismatchSamples: [],
    },
  }
}
