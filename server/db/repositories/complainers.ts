import type { Outcome } from '../../../shared/sla.js'
import { sql } from 'drizzle-orm'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'
import { anyOf } from '../unnest.js'

export interface ComplainerRow {
  key: string
  person_id: string | null
  person_name: string | null
  author_ids: Array<string | number>
  complaints: number
  impact: number
  last_at: Date | string
}

export interface AccountRow {
  id: string | number
  network: string
  handle: string
  display_name: string | null
  followers: string | number | null
  karma: string | number | null
  verified: boolean | null
  reach: number | null
  person_id: string | null
}

/** A brand's complaint posts since `since`, each with its latest score (without waiting). */
const complaintPosts = (brandId: string, since: Date) => sql`
  select p.id, p.author_id, p.posted_at, p.network, p.text, p.thread_key, p.brand_id,
         coalesce(sc.base_priority, sc.priority, 0) as priority, sc.version
  from posts p
  join lateral (
    select a.is_complaint from analyses a where a.post_id = p.id
    order by a.created_at desc limit 1) an on an.is_complaint
  left join lateral (
    select s.base_priority, s.priority, s.version from scores s where s.post_id = p.id
    order by s.created_at desc limit 1) sc on true
  where p.brand_id = ${brandId}::uuid and p.posted_at >= ${since.toISOString()}::timestamptz
    and p.deleted_at is null`

/**
 * Complainers of a brand since `since`, by complaint impact (the sum of their complaint posts'
 * priorities, without waiting). Linked accounts count as one person; so does one account that
 * reached the brand through several sources (a row in each source's namespace), named by the
 * lowest of its author ids.
 */
export function listComplainers(
  q: Queryable,
  input: { brandId: string; since: Date; limit: number },
): Promise<ComplainerRow[]> {
  return queryRows(
    q,
    sql`with cp as (${complaintPosts(input.brandId, input.since)})
        select coalesce('p-' || l.person_id::text, 'a-' || min(cp.author_id)::text) as key,
               l.person_id, min(pe.name) as person_name,
               array_agg(distinct cp.author_id) as author_ids,
               count(*)::int as complaints, sum(cp.priority)::float8 as impact,
               max(cp.posted_at) as last_at
        from cp
        join authors au on au.id = cp.author_id
        left join author_links l on l.author_id = cp.author_id
        left join people pe on pe.id = l.person_id
        group by coalesce(l.person_id::text, au.network || chr(31) || au.external_id), l.person_id
        order by impact desc, key
        limit ${input.limit}`,
  )
}

/**
 * Accounts by id, the same accounts as other sources of the brand reported them (their rows in
 * other namespaces), and every account linked to the same people.
 */
export function loadAccounts(
  q: Queryable,
  input: { brandId: string; authorIds: number[]; personIds: string[] },
): Promise<AccountRow[]> {
  return queryRows(
    q,
    sql`with asked as (
          select au.network, au.external_id from authors au
          where au.id = ${anyOf(input.authorIds, 'bigint')})
        select au.id, au.network, au.handle, au.display_name, au.followers, au.karma, au.verified,
               au.reach,
               l.person_id
        from authors au left join author_links l on l.author_id = au.id
        where au.id = ${anyOf(input.authorIds, 'bigint')}
           or l.person_id = ${anyOf(input.personIds, 'uuid')}
           or (exists (select 1 from asked a
                       where a.network = au.network and a.external_id = au.external_id)
               and exists (select 1 from posts p
                           where p.author_id = au.id and p.brand_id = ${input.brandId}::uuid))
        order by au.network, au.handle, au.id`,
  )
}

/** A complaint post of a complainer, with its thread's complaint and state. */
export interface ComplainerPost {
  postId: number
  authorId: number
  network: string
  /** The first 280 characters. */
  text: string
  postedAt: Date
  priority: number
  version: string | null
  complaintId: string | null
  state: string | null
  /** The thread's outcome after the brand's latest reply, with its figures. */
  outcome: { outcome: Outcome; before: number; after: number; at: Date } | null
}

/** A complainer's complaint posts about a brand (newest first), with their threads' state. */
export async function loadComplainerPosts(
  q: Queryable,
  brandId: string,
  authorIds: number[],
): Promise<ComplainerPost[]> {
  const rows = await queryRows<{
    id: string | number
    author_id: string | number
    network: string
    text: string
    posted_at: Date | string
    priority: number
    version: string | null
    complaint_id: string | null
    state: string | null
    outcome: string | null
    outcome_before: number | null
    outcome_after: number | null
    outcome_at: Date | string | null
  }>(
    q,
    sql`with cp as (${complaintPosts(brandId, new Date(0))})
        select cp.id, cp.author_id, cp.network, left(cp.text, 280) as text, cp.posted_at,
               cp.priority, cp.version, c.id as complaint_id, c.state, c.outcome,
               c.outcome_before, c.outcome_after, c.outcome_at
        from cp
        left join complaints c on c.brand_id = cp.brand_id and c.network = cp.network
          and c.thread_key = cp.thread_key
        where cp.author_id = ${anyOf(authorIds, 'bigint')}
        order by cp.posted_at desc
        limit 200`,
  )
  return rows.map((r) => ({
    postId: Number(r.id),
    authorId: Number(r.author_id),
    network: r.network,
    text: r.text,
    postedAt: new Date(r.posted_at),
    priority: Number(r.priority),
    version: r.version,
    complaintId: r.complaint_id,
    state: r.state,
    outcome:
      r.outcome === null || r.outcome_at === null
        ? null
        : {
            outcome: r.outcome as Outcome,
            before: Number(r.outcome_before),
            after: Number(r.outcome_after),
            at: new Date(r.outcome_at),
          },
  }))
}

/** An account's reach as it was computed at one time. */
export interface ReachRecord {
  authorId: number
  network: string
  reach: number
  raw: number
  followers: number | null
  karma: number | null
  verified: boolean | null
  typicalEngagement: number
  computedAt: Date
}

const num = (v: string | number | null) => (v === null ? null : Number(v))

/** Reach history of accounts, newest first. */
export async function loadReachHistory(q: Queryable, authorIds: number[]): Promise<ReachRecord[]> {
  const rows = await queryRows<{
    author_id: string | number
    network: string
    reach: number
    raw: number
    followers: string | number | null
    karma: string | number | null
    verified: boolean | null
    typical_engagement: number
    computed_at: Date | string
  }>(
    q,
    sql`select author_id, network, reach, raw, followers, karma, verified, typical_engagement,
               computed_at
        from author_reach where author_id = ${anyOf(authorIds, 'bigint')}
        order by computed_at desc limit 200`,
  )
  return rows.map((h) => ({
    authorId: Number(h.author_id),
    network: h.network,
    reach: h.reach,
    raw: h.raw,
    followers: num(h.followers),
    karma: num(h.karma),
    verified: h.verified,
    typicalEngagement: h.typical_engagement,
    computedAt: new Date(h.computed_at),
  }))
}

/** One complainer (a person `p-<id>` or an account `a-<id>`) and its history with a brand. */
export interface ComplainerHistory {
  key: string
  personId: string | null
  personName: string | null
  accounts: AccountRow[]
  posts: ComplainerPost[]
  reachHistory: ReachRecord[]
  /** The complainer's threads by state. */
  threads: { open: number; resolved: number; dismissed: number }
}
