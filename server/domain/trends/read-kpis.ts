import { sql } from 'drizzle-orm'
import type { KpisView, ResponseKpis, TrendRangeQuery } from '../../../shared/schemas/trends.js'
import type { TrendPeriod } from '../../../shared/trend-range.js'
import type { Queryable } from '../../db/client.js'
import { answeredByReach } from '../../db/repositories/period-complainers.js'
import { readResponseSummary } from '../../db/repositories/response-rollups.js'
import { queryRows } from '../../db/rows.js'
import { percentileOfBins } from './response-percentiles.js'
import { complainerWalk } from './top-complainers.js'
import { resolveBrandRange } from './trend-period.js'

/** The fairness check compares the most-reached complainers with everyone else. */
export const FAIRNESS_TOP = 100

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null)

/** The promises made in the period, by where they stand now. */
async function promisesOf(q: Queryable, input: TrendPeriod & { brandId: string; now: Date }) {
  const [row] = await queryRows<Record<string, string | number>>(
    q,
    sql`select count(*) as made,
          count(*) filter (where state = 'kept') as kept,
          count(*) filter (where state = 'broken') as broken,
          count(*) filter (where state = 'open') as open,
          count(*) filter (where state = 'open'
                             and due_at < ${input.now.toISOString()}::timestamptz) as overdue
        from promises
        where brand_id = ${input.brandId}::uuid
          and created_at >= ${input.from.toISOString()}::timestamptz
          and created_at < ${input.to.toISOString()}::timestamptz`,
  )
  const n = (k: string) => Number(row![k])
  return {
    made: n('made'),
    kept: n('kept'),
    broken: n('broken'),
    open: n('open'),
    overdue: n('overdue'),
  }
}

/** A percentile in whole seconds, as milliseconds (the API's unit). */
const ms = (seconds: number | null) => (seconds === null ? null : Math.round(seconds) * 1000)

/**
 * The response KPIs of the complaints and promises of one period: the counts and first-response
 * bins from the response rollups (whole hours; the partial edge hours raw), the top complainers'
 * share by walking their complaints.
 */
async function kpisOf(
  q: Queryable,
  input: TrendPeriod & { brandId: string; now: Date },
): Promise<ResponseKpis> {
  const top = { ...input, limit: FAIRNESS_TOP }
  const walk = await complainerWalk(q, top)
  const [reach, summary, promises] = await Promise.all([
    answeredByReach(q, { ...top, walk }),
    readResponseSummary(q, input),
    promisesOf(q, input),
  ])
  return {
    firstResponse: {
      p50Ms: ms(percentileOfBins(summary.bins, 0.5)),
      p90Ms: ms(percentileOfBins(summary.bins, 0.9)),
      answered: summary.answered,
    },
    answeredShare: {
      top100: share(reach.topAnswered, reach.top),
      rest: share(summary.arrivedAnswered - reach.topAnswered, summary.arrived - reach.top),
    },
    recoveredShare: share(summary.recovered, summary.withOutcome),
    promises,
  }
}

/**
 * A brand's response KPIs over a dashboard range (and the previous period when asked): first
 * responses p50/p90 of the complaints that arrived in it (percentile_cont read from the response
 * rollups' log bins: within 1% of one second plus the exact value, then whole seconds); the share answered among the
 * complaints led by its top 100 complainers by reach against the rest (dismissed ones left out:
 * not answering spam is right); the recovered share of the answered ones with an outcome; and
 * the promises made in it, by where they stand now.
 */
export async function readKpis(
  q: Queryable,
  input: { brandId: string; query: TrendRangeQuery; now: Date },
): Promise<KpisView> {
  const range = await resolveBrandRange(q, input)
  const at = (p: TrendPeriod) => ({ ...p, brandId: input.brandId, now: input.now })
  const iso = (p: TrendPeriod) => ({ from: p.from.toISOString(), to: p.to.toISOString() })
  const [kpis, previous] = await Promise.all([
    kpisOf(q, at(range)),
    range.previous ? kpisOf(q, at(range.previous)) : null,
  ])
  return {
    period: iso(range),
    kpis,
    previous: previous && range.previous ? { period: iso(range.previous), kpis: previous } : null,
    asOf: input.now.toISOString(),
  }
}
