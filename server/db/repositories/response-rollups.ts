import { sql, type SQL } from 'drizzle-orm'
import { GRAIN_MS, type TrendPeriod } from '../../../shared/trend-range.js'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'

/** The response counts of the complaints that arrived in a period (see migration 0025). */
export interface ResponseCounts {
  /** Not dismissed, and of them answered: the fairness split's population. */
  arrived: number
  arrivedAnswered: number
  /** Answered, dismissed ones too; of them recovered, and with any outcome. */
  answered: number
  recovered: number
  withOutcome: number
}

/** The counts, and the answered complaints by first-response bin (ascending, none empty). */
export interface ResponseSummary extends ResponseCounts {
  bins: Array<{ bin: number; n: number }>
}

type Range = [from: Date, to: Date]

/** How a period is read: whole days and whole hours from the rollups, the rest raw. */
export interface PeriodParts {
  days: Range[]
  hours: Range[]
  /** The partial hours at either end (less than two hours in all). */
  raw: Range[]
}

const floorTo = (ms: number, unit: number) => Math.floor(ms / unit) * unit
const ceilTo = (ms: number, unit: number) => Math.ceil(ms / unit) * unit
const span = (from: number, to: number): Range[] =>
  from < to ? [[new Date(from), new Date(to)]] : []

/**
 * Cuts [from, to) into the whole days inside it, the whole hours around those, and the
 * partial hours at the ends, which only the raw complaints can answer.
 */
export function periodParts(period: TrendPeriod): PeriodParts {
  const from = period.from.getTime()
  const to = period.to.getTime()
  const h0 = ceilTo(from, GRAIN_MS.hour)
  const h1 = floorTo(to, GRAIN_MS.hour)
  if (h0 >= h1) return { days: [], hours: [], raw: span(from, to) }
  const raw = [...span(from, h0), ...span(h1, to)]
  const d0 = ceilTo(h0, GRAIN_MS.day)
  const d1 = floorTo(h1, GRAIN_MS.day)
  if (d0 >= d1) return { days: [], hours: span(h0, h1), raw }
  return { days: span(d0, d1), hours: [...span(h0, d0), ...span(d1, h1)], raw }
}

const iso = (d: Date) => d.toISOString()

/** `select <columns> from <table>` for each rollup range of the period, index-only on its key. */
function rollupRows(brandId: string, parts: PeriodParts, select: SQL): SQL[] {
  const ranges = [
    ...parts.days.map((r) => ['day', r] as const),
    ...parts.hours.map((r) => ['hour', r] as const),
  ]
  return ranges.map(
    ([grain, [from, to]]) =>
      sql`${select} where brand_id = ${brandId}::uuid and grain = ${grain}
            and bucket >= ${iso(from)}::timestamptz and bucket < ${iso(to)}::timestamptz`,
  )
}

/** The same from the raw complaints of the edge hours (complaints_by_arrival, index-only). */
function rawRows(brandId: string, parts: PeriodParts, select: SQL): SQL[] {
  return parts.raw.map(
    ([from, to]) =>
      sql`${select} where brand_id = ${brandId}::uuid
            and first_seen_at >= ${iso(from)}::timestamptz and first_seen_at < ${iso(to)}::timestamptz`,
  )
}

const unionAll = (parts: SQL[], empty: SQL) =>
  parts.length ? sql.join(parts, sql` union all `) : empty

/**
 * The response counts and first-response histogram of the complaints that arrived in
 * [from, to): whole days and hours from response_rollups / response_time_bins, the partial
 * edge hours from the complaints themselves, merged in one statement.
 */
export async function readResponseSummary(
  q: Queryable,
  input: TrendPeriod & { brandId: string },
): Promise<ResponseSummary> {
  const parts = periodParts(input)
  const counts = unionAll(
    [
      ...rollupRows(
        input.brandId,
        parts,
        sql`select arrived, arrived_answered, answered, recovered, with_outcome
            from response_rollups`,
      ),
      ...rawRows(
        input.brandId,
        parts,
        sql`select count(*) filter (where state <> 'dismissed'),
                   count(first_response_at) filter (where state <> 'dismissed'),
                   count(first_response_at),
                   count(*) filter (where first_response_at is not null and outcome = 'recovered'),
                   count(outcome) filter (where first_response_at is not null)
            from complaints`,
      ),
    ],
    sql`select 0, 0, 0, 0, 0`,
  )
  const bins = unionAll(
    [
      ...rollupRows(input.brandId, parts, sql`select bin, n from response_time_bins`),
      ...rawRows(
        input.brandId,
        parts,
        sql`select response_time_bin(extract(epoch from first_response_at - first_seen_at)::float8),
                   1 from complaints`,
      ).map((s) => sql`${s} and first_response_at is not null`),
    ],
    sql`select 0, 0 where false`,
  )
  const [row] = await queryRows<{
    arrived: string | number
    arrived_answered: string | number
    answered: string | number
    recovered: string | number
    with_outcome: string | number
    bins: Array<[number, number | string]> | string | null
  }>(
    q,
    sql`with counted (arrived, arrived_answered, answered, recovered, with_outcome) as (${counts}),
        binned (bin, n) as (${bins}),
        merged as (select bin, sum(n) as n from binned group by bin having sum(n) > 0)
        select coalesce(sum(arrived), 0) as arrived,
               coalesce(sum(arrived_answered), 0) as arrived_answered,
               coalesce(sum(answered), 0) as answered,
               coalesce(sum(recovered), 0) as recovered,
               coalesce(sum(with_outcome), 0) as with_outcome,
               (select json_agg(json_build_array(bin, n) order by bin) from merged) as bins
        from counted`,
  )
  const pairs = typeof row!.bins === 'string' ? JSON.parse(row!.bins) : (row!.bins ?? [])
  return {
    arrived: Number(row!.arrived),
    arrivedAnswered: Number(row!.arrived_answered),
    answered: Number(row!.answered),
    recovered: Number(row!.recovered),
    withOutcome: Number(row!.with_outcome),
    bins: (pairs as Array<[number, number | string]>).map(([bin, n]) => ({ bin, n: Number(n) })),
  }
}
