import { sql } from 'drizzle-orm'
import type { TrendDimension, TrendGrain } from '../../../shared/schemas/trends.js'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'
import { anyOf } from '../unnest.js'

/** The counts of one rollup cell, or of a sum of cells. */
export interface RollupCounts {
  posts: number
  complaints: number
  positive: number
  neutral: number
  negative: number
  /** The posts' author reach (0..1, at analysis time), summed. */
  reachSum: number
  /** The same over the negative posts. */
  reachNegative: number
}

/** One bucket of one key (bucket: its start, UTC). */
export interface RollupRow extends RollupCounts {
  bucket: Date
  key: string
}

/** What to read: buckets starting in [from, to) of one grain and dimension. */
export interface RollupQuery {
  brandId: string
  grain: TrendGrain
  dimension: TrendDimension
  from: Date
  to: Date
  /** Only these keys (networks, languages, theme ids); omitted: every key. */
  keys?: string[]
}

interface CountColumns {
  posts: string | number
  complaints: string | number
  positive: string | number
  neutral: string | number
  negative: string | number
  reach_sum: string | number
  reach_negative: string | number
}

const counts = (r: CountColumns): RollupCounts => ({
  posts: Number(r.posts),
  complaints: Number(r.complaints),
  positive: Number(r.positive),
  neutral: Number(r.neutral),
  negative: Number(r.negative),
  reachSum: Number(r.reach_sum),
  reachNegative: Number(r.reach_negative),
})

function where(q: RollupQuery) {
  return sql`brand_id = ${q.brandId}::uuid and grain = ${q.grain} and dimension = ${q.dimension}
    and bucket >= ${q.from.toISOString()}::timestamptz and bucket < ${q.to.toISOString()}::timestamptz
    ${q.keys ? sql`and key = ${anyOf(q.keys, 'text')}` : sql``}`
}

/**
 * The rollup rows of a range, bucket-ascending (then key), read by the primary key. Only
 * buckets that hold posts: cells emptied by deletes stay in the table at zero and are skipped.
 */
export async function readRollups(db: Queryable, q: RollupQuery): Promise<RollupRow[]> {
  const rows = await queryRows<CountColumns & { bucket: Date | string; key: string }>(
    db,
    sql`select bucket, key, posts, complaints, positive, neutral, negative, reach_sum, reach_negative
        from rollups where ${where(q)} and posts > 0
        order by bucket, key`,
  )
  return rows.map((r) => ({ bucket: new Date(r.bucket), key: r.key, ...counts(r) }))
}

/** The totals of a range per key, most posts first (then key); keys without posts are left out. */
export async function sumRollups(
  db: Queryable,
  q: RollupQuery,
): Promise<Array<RollupCounts & { key: string }>> {
  const rows = await queryRows<CountColumns & { key: string }>(
    db,
    sql`select key, sum(posts) as posts, sum(complaints) as complaints, sum(positive) as positive,
          sum(neutral) as neutral, sum(negative) as negative, sum(reach_sum) as reach_sum,
          sum(reach_negative) as reach_negative
        from rollups where ${where(q)}
        group by key having sum(posts) > 0
        order by sum(posts) desc, key`,
  )
  return rows.map((r) => ({ key: r.key, ...counts(r) }))
}
