/**
 * Times the top-complainer walks (KPIs' fairness split, dashboard complainers) on a kept
 * bench database: `node --import tsx bench/complainer-walks.ts postgres://… [runs]`.
 * Periods of 24 h, 7 d and 30 d end at the latest complaint's arrival; each walk is run
 * warm `runs` times and both walks must agree.
 */
import { isDeepStrictEqual } from 'node:util'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import {
  answeredByReach,
  readPeriodComplainers,
  type ComplainerWalk,
} from '../server/db/repositories/period-complainers.js'
import { queryRows } from '../server/db/rows.js'
import { readKpis } from '../server/domain/trends/read-kpis.js'
import { complainerWalk } from '../server/domain/trends/top-complainers.js'
import { TrendRangeQuery } from '../shared/schemas/trends.js'

const [url, runsArg] = process.argv.slice(2)
const runs = Number(runsArg ?? 30)
const pool = new pg.Pool({ connectionString: url, max: 2 })
const db = drizzle(pool)
const [first] = await queryRows<{ brand_id: string; last: Date }>(
  db as never,
  sql`select brand_id, max(first_seen_at) as last from complaints group by 1 order by count(*) desc limit 1`,
)
const { brand_id: brandId, last } = first!
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)]!
async function time<T>(f: () => Promise<T>): Promise<{ value: T; p50: number; p99: number }> {
  let value = await f()
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    value = await f()
    ms.push(performance.now() - t)
  }
  return { value, p50: pct(ms, 0.5), p99: pct(ms, 0.99) }
}
for (const [name, hours] of [
  ['24h', 24],
  ['7d', 168],
  ['30d', 720],
] as const) {
  const to = new Date(new Date(last).getTime() + 1)
  const period = { brandId, from: new Date(to.getTime() - hours * 3_600_000), to }
  const chosen = await complainerWalk(db as never, { ...period, limit: 100 })
  const answers: unknown[] = []
  for (const walk of ['by_reach', 'by_arrival'] as ComplainerWalk[]) {
    const kpi = await time(() => answeredByReach(db as never, { ...period, limit: 100, walk }))
    const list = await time(() =>
      readPeriodComplainers(db as never, { ...period, limit: 20, walk }),
    )
    answers.push([kpi.value, list.value])
    console.log(
      `${name} ${walk}${walk === chosen ? ' (chosen)' : ''}: answeredByReach p50/p99 ` +
        `${kpi.p50.toFixed(1)}/${kpi.p99.toFixed(1)} ms ${JSON.stringify(kpi.value)}; ` +
        `readPeriodComplainers(20) ${list.p50.toFixed(1)}/${list.p99.toFixed(1)} ms`,
    )
  }
  const query = TrendRangeQuery.parse({
    range: 'custom',
    from: period.from.toISOString(),
    to: to.toISOString(),
  })
  const kpis = await time(() => readKpis(db as never, { brandId, query, now: to }))
  console.log(`${name} readKpis p50/p99 ${kpis.p50.toFixed(1)}/${kpis.p99.toFixed(1)} ms`)
  if (!isDeepStrictEqual(answers[0], answers[1])) console.log(`${name}: the walks DISAGREE`)
}
await pool.end()
