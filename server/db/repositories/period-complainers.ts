import { sql, type SQL } from 'drizzle-orm'
import type { TrendPeriod } from '../../../shared/trend-range.js'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'

/**
 * How the top complainers of a period are found (both give the same answer):
 * - `by_reach` walks authors_by_reach from the top and stops at the limit, asking of each
 *   author whether they led a complaint of the period (complaints_by_lead_author): cheap when
 *   many authors complained in the period (a long one), since few are passed over;
 * - `by_arrival` reads the period's complaints from complaints_by_arrival alone (their lead
 *   authors ride along) and ranks their authors: cheap when few complaints arrived.
 */
export type ComplainerWalk = 'by_reach' | 'by_arrival'

interface PeriodOfBrand extends TrendPeriod {
  brandId: string
}
interface TopQuery extends PeriodOfBrand {
  limit: number
  walk: ComplainerWalk
}

const iso = (d: Date) => d.toISOString()

/**
 * `c`: the complaints that arrived in the period (first post written in it) and are not
 * dismissed, of one lead author when given (`lead_author_id` is the lead post's author, kept by
 * triggers: 0028_complaint_lead_author.sql).
 */
const arrivedComplaints = (input: PeriodOfBrand, author?: SQL) => sql`
  complaints c
  where c.brand_id = ${input.brandId}::uuid and c.state <> 'dismissed'
    and c.first_seen_at >= ${iso(input.from)}::timestamptz
    and c.first_seen_at < ${iso(input.to)}::timestamptz
    ${author ? sql`and c.lead_author_id = ${author}` : sql``}`

/** `top`: the `limit` lead authors of the period's complaints with the most reach, then followers. */
function topAuthors(input: TopQuery): SQL {
  const columns = sql`a.id, a.handle, a.network, a.display_name, a.followers, a.reach`
  const order = sql`a.reach desc nulls last, a.followers desc nulls last, a.id`
  if (input.walk === 'by_reach') {
    // A lateral with a limit is not flattened into a join: the walk stops at `limit` hits.
    return sql`top as (
      select ${columns} from authors a
      cross join lateral (select 1 from ${arrivedComplaints(input, sql`a.id`)} limit 1) hit
      order by ${order} limit ${input.limit})`
  }
  // Each distinct author's reach by key from authors_reach_by_id alone (a lateral with a
  // limit is not turned into a hash join that reads every author), the rest of the row only
  // for the `limit` kept.
  return sql`top as (
    select ${columns}
    from (select r.id from (select distinct c.lead_author_id from ${arrivedComplaints(input)}) x
          cross join lateral (select a.id, a.reach, a.followers from authors a
                              where a.id = x.lead_author_id limit 1) r
          order by r.reach desc nulls last, r.followers desc nulls last, r.id
          limit ${input.limit}) r
    cross join lateral (select * from authors a where a.id = r.id limit 1) a)`
}

/**
 * What an arrival-walk complaint costs against a reach-walk probe, measured at 10M posts
 * (bench/complainer-walks.ts, warm): the reach walk probed 9,215 authors in 28 ms (~3 us
 * each, one complaints_by_lead_author descent), the arrival walk read 11,108 complaints and
 * their authors' reach in 77 ms (~7 us each: the index range, the distinct, a descent of
 * authors_reach_by_id).
 */
const ARRIVAL_COST = 2.5

/**
 * Which walk is cheaper: the reach walk probes about `limit x authors / complainers` authors,
 * the arrival walk reads every complaint of the period, each ARRIVAL_COST probes' worth.
 * `complaints` is the period's complaint count from the rollups, `authors` the table's
 * estimated size.
 */
export function cheaperWalk(input: {
  limit: number
  complaints: number
  authors: number
}): ComplainerWalk {
  const passedOver = (input.limit * Math.max(input.authors, 1)) / Math.max(input.complaints, 1)
  return passedOver < ARRIVAL_COST * input.complaints ? 'by_reach' : 'by_arrival'
}

/** The planner's estimate of how many authors are stored (0 before the first ANALYZE). */
export async function estimatedAuthors(q: Queryable): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    q,
    sql`select greatest(reltuples, 0)::float8 as n from pg_class where oid = 'authors'::regclass`,
  )
  return Number(row?.n ?? 0)
}

export interface PeriodComplainerRow {
  authorId: number
  handle: string
  network: string
  displayName: string | null
  followers: number | null
  reach: number | null
  /** The period's complaints they lead. */
  complaints: number
  /** The highest-priority of them, and where it stands. */
  complaintId: string
  state: string
  firstResponseAt: Date | null
  outcome: string | null
}

/** The `limit` complainers of a period with the most reach, each with their top complaint. */
export async function readPeriodComplainers(
  q: Queryable,
  input: TopQuery,
): Promise<PeriodComplainerRow[]> {
  const rows = await queryRows<{
    id: string | number
    handle: string
    network: string
    display_name: string | null
    followers: string | number | null
    reach: number | null
    complaints: string | number
    complaint_id: string
    state: string
    first_response_at: string | Date | null
    outcome: string | null
  }>(
    q,
    sql`with ${topAuthors(input)}
        select top.*, tc.complaints, tc.id as complaint_id, tc.state, tc.first_response_at,
               tc.outcome
        from top cross join lateral (
          select c.id, c.state, c.first_response_at, c.outcome, count(*) over () as complaints
          from ${arrivedComplaints(input, sql`top.id`)}
          order by c.priority desc, c.id limit 1) tc
        order by top.reach desc nulls last, top.followers desc nulls last, top.id`,
  )
  return rows.map((r) => ({
    authorId: Number(r.id),
    handle: r.handle,
    network: r.network,
    displayName: r.display_name,
    followers: r.followers === null ? null : Number(r.followers),
    reach: r.reach,
    complaints: Number(r.complaints),
    complaintId: r.complaint_id,
    state: r.state,
    firstResponseAt: r.first_response_at === null ? null : new Date(r.first_response_at),
    outcome: r.outcome,
  }))
}

/**
 * Of the complaints that arrived in the period (not dismissed), those led by one of the
 * period's top `limit` complainers by reach: how many, and how many of them were answered.
 * Only those authors' complaints are read; the period's totals come from the response rollups.
 */
export async function answeredByReach(
  q: Queryable,
  input: TopQuery,
): Promise<{ top: number; topAnswered: number }> {
  const [row] = await queryRows<Record<'top' | 'top_answered', string>>(
    q,
    sql`with ${topAuthors(input)}
        select count(*) as top, count(c.first_response_at) as top_answered from top
        cross join lateral (select c.first_response_at
                            from ${arrivedComplaints(input, sql`top.id`)}) c`,
  )
  return { top: Number(row!.top), topAnswered: Number(row!.top_answered) }
}
