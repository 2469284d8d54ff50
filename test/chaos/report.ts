import type { ScenarioResult } from './verdict.js'

const yesNo = (v: boolean) => (v ? 'yes' : 'NO')
const num = (v: number | null | undefined) => (v === null || v === undefined ? '-' : String(v))

/** `3/3` probed processes answered 503 or nothing during the fault; `-` where not asked of it. */
function unhealthyCell(r: ScenarioResult): string {
  if (!r.unhealthySeen) return '-'
  const values = Object.values(r.unhealthySeen)
  const cell = `${values.filter(Boolean).length}/${values.length}`
  return r.unhealthyRequired ? cell : `(${cell})`
}

const COLUMNS: Array<[string, (r: ScenarioResult) => string]> = [
  ['scenario', (r) => r.scenario],
  ['posts', (r) => String(r.posts)],
  // reply-delivery: replies sent, replies not on their network, duplicate posts on the networks.
  ['stored', (r) => num(r.checks?.stored ?? r.replies?.states.sent ?? null)],
  ['lost', (r) => num(r.checks?.lost ?? r.replies?.lost)],
  [
    'dup',
    (r) =>
      num(
        r.checks
          ? r.checks.dup + r.checks.dupAnalyses + r.checks.dupScoreRevisions
          : r.replies && r.replies.duplicated + r.replies.strays,
      ),
  ],
  ['unanalysed', (r) => num(r.checks?.unanalysed)],
  ['stuck', (r) => num(r.checks?.stuck)],
  ['counters', (r) => num(r.checks && r.checks.counterMismatches + r.checks.missingComplaints)],
  ['seq gaps', (r) => num(r.checks && r.checks.seqGaps + (r.checks.eventSeqMismatch ? 1 : 0))],
  ['client≠server', (r) => num(r.checks?.clientMismatches)],
  ['dead', (r) => String(r.dead)],
  ['import runs', (r) => String(r.importRuns)],
  ['clean cli', (r) => yesNo(r.cleanCli)],
  ['503 seen', unhealthyCell],
  ['warnings', (r) => num(r.warnings)],
  ['deadlocks', (r) => num(r.deadlocks)],
  ['stacks', (r) => num(r.stacks)],
  ['drain s', (r) => num(r.drainS)],
  ['ok', (r) => yesNo(r.ok)],
]

/** One row per scenario, then the reasons of those that failed. */
export function formatTable(results: ScenarioResult[]): string {
  const rows = [
    COLUMNS.map(([title]) => title),
    ...results.map((r) => COLUMNS.map(([, cell]) => cell(r))),
  ]
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)))
  const line = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')
  const failed = results
    .filter((r) => !r.ok)
    .map((r) => `  ${r.scenario}: ${r.failures.join('; ')}`)
  return [
    line(rows[0]!),
    ...rows.slice(1).map(line),
    ...(failed.length ? ['', 'not ok:', ...failed] : []),
  ].join('\n')
}

/** The summary line: every figure, without the bulky evidence (that goes to report.json). */
export function summaryJson(
  posts: number,
  results: ScenarioResult[],
  extra: Record<string, unknown>,
): string {
  return JSON.stringify({
    ok: results.every((r) => r.ok),
    posts,
    ...extra,
    scenarios: results.map(({ details: _details, ...figures }) => figures),
  })
}
