import { sql } from 'drizzle-orm'
import type { KpisView, ResponseKpis, TrendRangeQuery } from '../../../shared/schemas/trends.js'
import type { TrendPeriod } from '../../../shared/trend-range.js'
import type { Queryable } from '../../db/client.js'
import { answeredByReach } from '../../db/repositories/period-complainers.js'
import { queryRows } from '../../db/rows.js'
import { complainerWalk } from './top-complainers.js'
import { resolveBrandRange } from './trend-period.js'

/** The fairness check compares the most-reached complainers with everyone else. */
export const FAIRNESS_TOP = 100

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null)

/**
 * First responses (p50/p90 in seconds) and outcomes of the complaints that arrived in the
 * period, and its promises: one pass over the period's complaints instead of one per figure.
 */
async function responsesAndPromises(
  q: Queryable,
  input: TrendPeriod & { brandId: string; now: Date },
) {
  const from = input.from.toISOString()
  const to = input.to.toISOString()
  const [row] = await queryRows<Record<string, string | number | null>>(
    q,
    sql`select o.answered, o.first_p50, o.first_p90, o.recovered, o.with_outcome,
          count(pr.id) as made,
          count(*) filter (where pr.state = 'kept') as kept,
          count(*) filter (where pr.state = 'broken') as broken,
          count(*) filter (where pr.state = 'open') as open,
          count(*) filter (where pr.state = 'open'
                             and pr.due_at < ${input.now.toISOString()}::timestamptz) as overdue
        from (select count(first_response_at) as answered,
                     percentile_cont(0.5) within group (order by first_s) as first_p50,
                     percentile_cont(0.9) within group (order by first_s) as first_p90,
                     count(*) filter (where outcome = 'recovered') as recovered,
                     count(outcome) as with_outcome
              from complaints
              cross join lateral (select extract(epoch from (first_response_at - first_seen_at))
                                    as first_s) r
              where brand_id = ${input.brandId}::uuid and first_response_at is not null
                and first_seen_at >= ${from}::timestamptz and first_seen_at < ${to}::timestamptz
             ) o
        left join promises pr on pr.brand_id = ${input.brandId}::uuid
          and pr.created_at >= ${from}::timestamptz and pr.created_at < ${to}::timestamptz
        group by o.answered, o.first_p50, o.first_p90, o.recovered, o.with_outcome`,
  )
  const n = (k: string) => Number(row![k])
  const ms = (k: string) => (row![k] === null ? null : Math.round(Number(row![k])) * 1000)
  return {
    firstResponse: { p50Ms: ms('first_p50'), p90Ms: ms('first_p90'), answered: n('answered') },
    recoveredShare: share(n('recovered'), n('with_outcome')),
    promises: {
      made: n('made'),
      kept: n('kept'),
      broken: n('broken'),
      open: n('open'),
      overdue: n('overdue'),
    },
  }
}

/** The response KPIs of the complaints and promises of one period. */
async function kpisOf(
  q: Queryable,
  input: TrendPeriod & { brandId: string; now: Date },
): Promise<ResponseKpis> {
  const top = { ...input, limit: FAIRNESS_TOP }
  const walk = await complainerWalk(q, top)
  const [reach, rest] = await Promise.all([
    answeredByReach(q, { ...top, walk }),
    responsesAndPromises(q, input),
  ])
  return {
    answeredShare: {
      top100: share(reach.topAnswered, reach.top),
      rest: share(reach.allAnswered - reach.topAnswered, reach.all - reach.top),
    },
    ...rest,
  }
}

/**
 * A brand's response KPIs over a dashboard range (and the previous period when asked): first
 * responses p50/p90 of the complaints that arrived in it; the share answered among the
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
