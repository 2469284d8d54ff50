import { sql } from 'drizzle-orm'
import type { TrendDimension, TrendGrain } from '../../../shared/schemas/trends.js'
import type { TrendPeriod } from '../../../shared/trend-range.js'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'

/** How many rows an export reads at a time: memory stays flat however long the file. */
export const EXPORT_PAGE = 1000

export interface RollupExportRow {
  key: string
  bucket: Date
  label: string | null
  posts: number
  complaints: number
  positive: number
  neutral: number
  negative: number
  reachSum: number
  reachNegative: number
}

/**
 * A page of rollup rows of one grain and dimension in the period, in primary-key order
 * (key, bucket) after `after`; a theme's row carries its current name.
 */
export async function rollupExportPage(
  q: Queryable,
  input: TrendPeriod & {
    brandId: string
    grain: TrendGrain
    dimension: TrendDimension
    after: { key: string; bucket: Date } | null
  },
): Promise<RollupExportRow[]> {
  const after = input.after
    ? sql`and (r.key, r.bucket) > (${input.after.key}, ${input.after.bucket.toISOString()}::timestamptz)`
    : sql``
  const rows = await queryRows<{
    key: string
    bucket: string | Date
    label: string | null
    posts: string
    complaints: string
    positive: string
    neutral: string
    negative: string
    reach_sum: number
    reach_negative: number
  }>(
    q,
    sql`select r.key, r.bucket, t.name as label, r.posts, r.complaints, r.positive, r.neutral,
               r.negative, r.reach_sum, r.reach_negative
        from rollups r
        left join themes t on r.dimension = 'theme' and t.id::text = r.key
        where r.brand_id = ${input.brandId}::uuid and r.grain = ${input.grain}
          and r.dimension = ${input.dimension}
          and r.bucket >= ${input.from.toISOString()}::timestamptz
          and r.bucket < ${input.to.toISOString()}::timestamptz ${after}
        order by r.key, r.bucket
        limit ${EXPORT_PAGE}`,
  )
  return rows.map((r) => ({
    key: r.key,
    bucket: new Date(r.bucket),
    label: r.label,
    posts: Number(r.posts),
    complaints: Number(r.complaints),
    positive: Number(r.positive),
    neutral: Number(r.neutral),
    negative: Number(r.negative),
    reachSum: Number(r.reach_sum),
    reachNegative: Number(r.reach_negative),
  }))
}

export interface ComplaintExportRow {
  id: string
  firstSeenAt: Date
  /** first_seen_at as PostgreSQL prints it (microseconds): the keyset cursor, exactly. */
  cursor: string
  network: string
  state: string
  priority: number
  handle: string
  followers: number | null
  url: string | null
  text: string
  complaintCount: number
  postCount: number
  firstResponseAt: Date | null
  resolvedAt: Date | null
  outcome: string | null
}

const date = (v: string | Date | null) => (v === null ? null : new Date(v))

/**
 * A page of the complaints that arrived in the period (first post written in it), oldest
 * first after `after`, with their lead post and its author. What a viewer may read of a
 * complaint: no owner, note or draft.
 */
export async function complaintExportPage(
  q: Queryable,
  input: TrendPeriod & { brandId: string; after: { cursor: string; id: string } | null },
): Promise<ComplaintExportRow[]> {
  const after = input.after
    ? sql`and (c.first_seen_at, c.id) > (${input.after.cursor}::timestamptz, ${input.after.id}::uuid)`
    : sql``
  const rows = await queryRows<{
    id: string
    first_seen_at: string | Date
    cursor: string
    network: string
    state: string
    priority: number
    handle: string
    followers: string | number | null
    url: string | null
    text: string
    complaint_count: number
    post_count: number
    first_response_at: string | Date | null
    resolved_at: string | Date | null
    outcome: string | null
  }>(
    q,
    // The page's complaints first, by complaints_by_arrival alone, then their posts and
    // authors: planned as one join, the limit hides how small the page is and the planner
    // spends both cores on a parallel scan (2.3x the time, and every other read waits).
    sql`with page as materialized (
          select c.id, c.first_seen_at, c.network, c.state, c.priority, c.lead_post_id,
                 c.complaint_count, c.post_count, c.first_response_at, c.resolved_at, c.outcome
          from complaints c
          where c.brand_id = ${input.brandId}::uuid
            and c.first_seen_at >= ${input.from.toISOString()}::timestamptz
            and c.first_seen_at < ${input.to.toISOString()}::timestamptz ${after}
          order by c.first_seen_at, c.id
          limit ${EXPORT_PAGE})
        select c.id, c.first_seen_at, c.first_seen_at::text as cursor, c.network, c.state,
               c.priority, au.handle, au.followers, p.url, p.text, c.complaint_count,
               c.post_count, c.first_response_at, c.resolved_at, c.outcome
        from page c
        join posts p on p.id = c.lead_post_id
        join authors au on au.id = p.author_id
        order by c.first_seen_at, c.id`,
  )
  return rows.map((r) => ({
    id: r.id,
    firstSeenAt: new Date(r.first_seen_at),
    cursor: r.cursor,
    network: r.network,
    state: r.state,
    priority: Number(r.priority),
    handle: r.handle,
    followers: r.followers === null ? null : Number(r.followers),
    url: r.url,
    text: r.text,
    complaintCount: Number(r.complaint_count),
    postCount: Number(r.post_count),
    firstResponseAt: date(r.first_response_at),
    resolvedAt: date(r.resolved_at),
    outcome: r.outcome,
  }))
}
