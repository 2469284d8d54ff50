import { sql, type SQL } from 'drizzle-orm'
import type { TrendPeriod } from '../../../shared/trend-range.js'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'

interface PeriodOfBrand extends TrendPeriod {
  brandId: string
}

/**
 * `p`: the live posts of author `author` for the brand written in the period whose latest
 * analysis found a complaint, joined to their thread's complaint `c`. Read through
 * posts_author (author, posted_at): one short index range per author, never a scan of posts.
 */
const complaintPostsOf = (author: SQL, input: PeriodOfBrand) => sql`
  posts p
  join complaints c on c.brand_id = p.brand_id and c.network = p.network
    and c.thread_key = p.thread_key
  where p.author_id = ${author} and p.brand_id = ${input.brandId}::uuid
    and p.posted_at >= ${input.from.toISOString()}::timestamptz
    and p.posted_at < ${input.to.toISOString()}::timestamptz
    and p.deleted_at is null
    and (select a.is_complaint from analyses a where a.post_id = p.id
         order by a.created_at desc limit 1)`

/**
 * `top`: the `limit` authors of the most reach (then followers) who wrote a complaint post in
 * the period. Walks authors_by_reach from the top and stops at `limit`: its cost grows with
 * how many far-reaching authors stayed quiet, not with the brand's posts.
 */
const topAuthors = (input: PeriodOfBrand & { limit: number }) => sql`
  top as (
    select a.id, a.handle, a.network, a.display_name, a.followers, a.reach
    from authors a
    where exists (select 1 from ${complaintPostsOf(sql`a.id`, input)})
    order by a.reach desc nulls last, a.followers desc nulls last, a.id
    limit ${input.limit})`

export interface PeriodComplainerRow {
  authorId: number
  handle: string
  network: string
  displayName: string | null
  followers: number | null
  reach: number | null
  /** Distinct complaints their complaint posts of the period belong to. */
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
  input: PeriodOfBrand & { limit: number },
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
          select c.id, c.state, c.first_response_at, c.outcome,
                 count(*) over () as complaints
          from (select distinct c.id, c.priority, c.state, c.first_response_at, c.outcome
                from ${complaintPostsOf(sql`top.id`, input)}) c
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
 * The complaints that arrived in the period (first post written in it, not dismissed), split
 * by whether a complaint post of one of the period's top `limit` complainers by reach is in
 * them: how many of each, and how many of each were answered.
 */
export async function answeredByReach(
  q: Queryable,
  input: PeriodOfBrand & { limit: number },
): Promise<{ top: number; topAnswered: number; all: number; allAnswered: number }> {
  const [row] = await queryRows<Record<'top' | 'top_answered' | 'all' | 'all_answered', string>>(
    q,
    sql`with ${topAuthors(input)},
        top_complaints as (
          select distinct c.id, c.first_response_at
          from top cross join lateral (select c.* from ${complaintPostsOf(sql`top.id`, input)}) c
          where c.first_seen_at >= ${input.from.toISOString()}::timestamptz
            and c.state <> 'dismissed'),
        arrived as (
          select count(*) as all, count(first_response_at) as all_answered from complaints
          where brand_id = ${input.brandId}::uuid and state <> 'dismissed'
            and first_seen_at >= ${input.from.toISOString()}::timestamptz
            and first_seen_at < ${input.to.toISOString()}::timestamptz)
        select (select count(*) from top_complaints) as top,
               (select count(first_response_at) from top_complaints) as top_answered,
               arrived.all, arrived.all_answered
        from arrived`,
  )
  return {
    top: Number(row!.top),
    topAnswered: Number(row!.top_answered),
    all: Number(row!.all),
    allAnswered: Number(row!.all_answered),
  }
}
