import { sql } from 'drizzle-orm'
import type { Queryable } from '../../server/db/client.js'
import { queryRows } from '../../server/db/rows.js'

/** One response rollup cell as the tests compare it, with its first-response bins. */
export interface ResponseCell {
  grain: string
  bucket: string
  arrived: number
  arrivedAnswered: number
  answered: number
  recovered: number
  withOutcome: number
  /** `bin:n` of the non-empty bins, ascending. */
  bins: string[]
}

type CellRow = Record<string, unknown> & { bins: string[] | null }

const cells = (rows: CellRow[]): ResponseCell[] =>
  rows.map((r) => ({
    grain: String(r.grain),
    bucket: new Date(r.bucket as string).toISOString(),
    arrived: Number(r.arrived),
    arrivedAnswered: Number(r.arrived_answered),
    answered: Number(r.answered),
    recovered: Number(r.recovered),
    withOutcome: Number(r.with_outcome),
    bins: r.bins ?? [],
  }))

const isEmpty = (c: ResponseCell) =>
  !c.arrived &&
  !c.arrivedAnswered &&
  !c.answered &&
  !c.recovered &&
  !c.withOutcome &&
  !c.bins.length

/**
 * The brand's stored response rollups, cells left at zero aside, and any negative count or bin
 * (always a bug).
 */
export async function storedResponseRollups(q: Queryable, brandId: string) {
  const rows = await queryRows<CellRow>(
    q,
    sql`select coalesce(r.grain, b.grain) as grain, coalesce(r.bucket, b.bucket) as bucket,
          coalesce(r.arrived, 0) as arrived, coalesce(r.arrived_answered, 0) as arrived_answered,
          coalesce(r.answered, 0) as answered, coalesce(r.recovered, 0) as recovered,
          coalesce(r.with_outcome, 0) as with_outcome, b.bins
        from (select * from response_rollups where brand_id = ${brandId}::uuid) r
        full join (select grain, bucket, array_agg(bin || ':' || n order by bin) as bins
                   from response_time_bins where brand_id = ${brandId}::uuid and n <> 0
                   group by grain, bucket) b on b.grain = r.grain and b.bucket = r.bucket
        order by 1, 2`,
  )
  const all = cells(rows)
  const negative = await queryRows<{ n: number }>(
    q,
    sql`select ((select count(*) from response_rollups where brand_id = ${brandId}::uuid
                  and least(arrived, arrived_answered, answered, recovered, with_outcome) < 0)
              + (select count(*) from response_time_bins where brand_id = ${brandId}::uuid
                  and n < 0))::int as n`,
  )
  return { cells: all.filter((c) => !isEmpty(c)), negative: negative[0]!.n }
}

/** A complaint's first response in seconds, as the KPI counts it (before arrival: 0). */
const FIRST_S = sql`case when first_response_at is not null
  then greatest(extract(epoch from first_response_at - first_seen_at)::float8, 0) end`

/**
 * What the raw complaints say, written independently of the triggers: per grain and UTC
 * bucket of first_seen_at, the counts and the bins floor(ln(1 + s) / ln(1.02)).
 */
export async function rawResponseRollups(q: Queryable, brandId: string): Promise<ResponseCell[]> {
  const rows = await queryRows<CellRow>(
    q,
    sql`with keyed as (
          select g.grain, date_trunc(g.grain, c.first_seen_at, 'UTC') as bucket, c.state,
                 c.first_response_at, c.outcome,
                 case when c.first_response_at is not null
                      then floor(ln(1 + ${FIRST_S}) / ln(1.02))::int end as bin
          from complaints c cross join (values ('hour'), ('day')) g(grain)
          where c.brand_id = ${brandId}::uuid
        ),
        counted as (
          select grain, bucket,
                 count(*) filter (where state <> 'dismissed') as arrived,
                 count(first_response_at) filter (where state <> 'dismissed') as arrived_answered,
                 count(first_response_at) as answered,
                 count(*) filter (where first_response_at is not null and outcome = 'recovered')
                   as recovered,
                 count(outcome) filter (where first_response_at is not null) as with_outcome
          from keyed group by grain, bucket
        ),
        binned as (
          select grain, bucket, array_agg(bin || ':' || n order by bin) as bins
          from (select grain, bucket, bin, count(*) as n from keyed where bin is not null
                group by grain, bucket, bin) b
          group by grain, bucket
        )
        select c.*, b.bins from counted c
        left join binned b on b.grain = c.grain and b.bucket = c.bucket
        order by 1, 2`,
  )
  return cells(rows).filter((c) => !isEmpty(c))
}

/**
 * The KPI's figures over [from, to) straight from the complaints: the counts, and
 * percentile_cont(0.5 and 0.9) of the first responses with the two values each interpolates
 * between.
 */
export async function rawResponsePeriod(
  q: Queryable,
  input: { brandId: string; from: Date; to: Date },
) {
  const [row] = await queryRows<Record<string, string | number | null>>(
    q,
    sql`select count(*) filter (where state <> 'dismissed') as arrived,
               count(first_response_at) filter (where state <> 'dismissed') as arrived_answered,
               count(first_response_at) as answered,
               count(*) filter (where first_response_at is not null and outcome = 'recovered')
                 as recovered,
               count(outcome) filter (where first_response_at is not null) as with_outcome,
               percentile_cont(0.5) within group (order by ${FIRST_S}) as p50,
               percentile_cont(0.9) within group (order by ${FIRST_S}) as p90
        from complaints
        where brand_id = ${input.brandId}::uuid
          and first_seen_at >= ${input.from.toISOString()}::timestamptz
          and first_seen_at < ${input.to.toISOString()}::timestamptz`,
  )
  const n = (k: string) => Number(row![k])
  const p = (k: string) => (row![k] === null ? null : Number(row![k]))
  return {
    counts: {
      arrived: n('arrived'),
      arrivedAnswered: n('arrived_answered'),
      answered: n('answered'),
      recovered: n('recovered'),
      withOutcome: n('with_outcome'),
    },
    p50: p('p50'),
    p90: p('p90'),
  }
}
