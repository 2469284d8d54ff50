import { sql, type SQL } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import {
  COMPLAINT_PART_COLUMNS,
  type ComplaintPart,
  type LeadPart,
} from '../../db/repositories/complaint-views.js'
import { queryRows } from '../../db/rows.js'
import { unnest } from '../../db/unnest.js'
import { rescoreGrownThreads } from './rescore-grown-threads.js'
import { lockThreads } from './thread-locks.js'
import {
  appendComplaintEvents,
  type ComplaintChange,
  type PendingEvent,
} from '../events/append-events.js'

/** A post that has just been analysed and scored. */
export interface ScoredPost {
  postId: number
  brandId: string
  source: string
  threadKey: string
  /** Since when its score counts waiting (its believed time of writing). */
  waitingSince: Date
  isComplaint: boolean
  priority: number
  scoringVersion: string
  /** Base priority, waiting rate per hour and rank key of the score (see shared/scoring/ranking.ts). */
  base: number
  rate: number
  rankKey: number
  /** What the post shows as a complaint's lead, so a push needs no extra read. */
  lead: LeadPart
}

interface ThreadGroup {
  brandId: string
  source: string
  threadKey: string
  /** The thread's highest-ranked complaint post of this batch, if it has one. */
  lead: ScoredPost | null
}

/**
 * Folds scored posts into complaints, one per thread: a thread becomes a complaint with its
 * first complaint post, its lead is its highest-priority complaint post, and replies keep it
 * active. Its counters are counted from its stored posts in the same statement, under the
 * thread's lock, so they come out the same whatever order posts are analysed in. Returns the
 * events to publish after commit.
 */
export async function recordScoredPosts(tx: Tx, scored: ScoredPost[]): Promise<PendingEvent[]> {
  const leads = new Map(scored.map((post) => [post.postId, post.lead]))
  const pending: PendingEvent[] = []
  const groups = groupByThread(scored)
  await lockThreads(tx, groups)
  for (const [brandId, threads] of groupBy(groups, (g) => g.brandId)) {
    const upserted = await upsertComplaints(
      tx,
      threads.filter((t) => t.lead),
    )
    const touched = await touchComplaints(
      tx,
      threads.filter((t) => !t.lead),
    )
    // A thread that gained replies gains engagement: its lead is scored again (a new row).
    const grown = new Map(
      (await rescoreGrownThreads(tx, [...upserted, ...touched])).map((c) => [c.id, c]),
    )
    for (const c of grown.values()) leads.delete(Number(c.lead_post_id))
    const latest = (c: ComplaintPart) => grown.get(c.id) ?? c
    const changes: ComplaintChange[] = [
      ...upserted.map((c) => ({ complaint: latest(c), type: 'complaint.scored' as const })),
      ...touched.map((c) => ({ complaint: latest(c), type: 'complaint.updated' as const })),
    ]
    pending.push(...(await appendComplaintEvents(tx, brandId, changes, leads)))
  }
  return pending
}

/**
 * `lateral (...) st`: the counters of the thread a row (brand_id, source, thread_key) names,
 * counted from its stored posts: `posts` and `complaints` (posts whose latest analysis is a
 * complaint) not deleted at the source, the first post's time and the last live post's.
 */
export const threadStats = (row: SQL) => sql`lateral (
  select count(*) filter (where t.deleted_at is null)::int as posts,
         count(*) filter (where t.deleted_at is null and (
           select a.is_complaint from analyses a where a.post_id = t.id
           order by a.created_at desc limit 1))::int as complaints,
         min(t.posted_at) as first_at,
         coalesce(max(t.posted_at) filter (where t.deleted_at is null), max(t.posted_at)) as last_at
  from posts t
  where t.brand_id = ${row}.brand_id and t.source = ${row}.source
    and t.thread_key = ${row}.thread_key) st`

function groupByThread(scored: ScoredPost[]): ThreadGroup[] {
  const groups = new Map<string, ThreadGroup>()
  for (const post of scored) {
    const key = `${post.brandId}\u0000${post.source}\u0000${post.threadKey}`
    const group = groups.get(key) ?? {
      brandId: post.brandId,
      source: post.source,
      threadKey: post.threadKey,
      lead: null,
    }
    if (post.isComplaint && (!group.lead || post.rankKey > group.lead.rankKey)) group.lead = post
    groups.set(key, group)
  }
  // Key order, so that concurrent transactions lock complaint rows in the same order.
  return [...groups.values()].sort((a, b) =>
    a.source === b.source ? (a.threadKey < b.threadKey ? -1 : 1) : a.source < b.source ? -1 : 1,
  )
}

async function upsertComplaints(tx: Tx, threads: ThreadGroup[]): Promise<ComplaintPart[]> {
  if (!threads.length) return []
  const rows = await queryRows<ComplaintPart>(
    tx,
    sql`insert into complaints as c (brand_id, source, thread_key, lead_post_id, priority,
          scoring_version, base_priority, waiting_rate, waiting_since, rank_key,
          post_count, complaint_count, first_seen_at, last_activity_at)
        select u.*, st.posts, st.complaints, st.first_at, st.last_at
        from ${unnest([
          [threads.map((t) => t.brandId), 'uuid'],
          [threads.map((t) => t.source), 'text'],
          [threads.map((t) => t.threadKey), 'text'],
          [threads.map((t) => t.lead!.postId), 'bigint'],
          [threads.map((t) => t.lead!.priority), 'real'],
          [threads.map((t) => t.lead!.scoringVersion), 'text'],
          [threads.map((t) => t.lead!.base), 'real'],
          [threads.map((t) => t.lead!.rate), 'real'],
          [threads.map((t) => t.lead!.waitingSince.toISOString()), 'timestamptz'],
          [threads.map((t) => t.lead!.rankKey), 'float8'],
        ])} as u(brand_id, source, thread_key, lead_post_id, priority, scoring_version,
                 base_priority, waiting_rate, waiting_since, rank_key)
        cross join ${threadStats(sql`u`)}
        on conflict (brand_id, source, thread_key) do update set
          -- The lead is the post ranked highest now; a key from another version does not
          -- compare, so a new version's score replaces it.
          (lead_post_id, priority, scoring_version, base_priority, waiting_rate, waiting_since,
           rank_key) = (select * from (values
            (excluded.lead_post_id, excluded.priority, excluded.scoring_version,
             excluded.base_priority, excluded.waiting_rate, excluded.waiting_since,
             excluded.rank_key),
            (c.lead_post_id, c.priority, c.scoring_version, c.base_priority, c.waiting_rate,
             c.waiting_since, c.rank_key)) as o(a, b, v, bp, wr, ws, rk)
            order by (o.v = excluded.scoring_version) desc, o.rk desc limit 1),
          post_count = excluded.post_count,
          complaint_count = excluded.complaint_count,
          first_seen_at = excluded.first_seen_at,
          last_activity_at = excluded.last_activity_at,
          updated_at = now()
        returning ${COMPLAINT_PART_COLUMNS}`,
  )
  return rows
}

/** Replies without complaints keep an existing complaint's thread active. */
async function touchComplaints(tx: Tx, threads: ThreadGroup[]): Promise<ComplaintPart[]> {
  if (!threads.length) return []
  return queryRows<ComplaintPart>(
    tx,
    sql`update complaints as c set
          post_count = st.posts,
          complaint_count = st.complaints,
          first_seen_at = st.first_at,
          last_activity_at = st.last_at,
          updated_at = now()
        from ${unnest([
          [threads.map((t) => t.brandId), 'uuid'],
          [threads.map((t) => t.source), 'text'],
          [threads.map((t) => t.threadKey), 'text'],
        ])} as v(brand_id, source, thread_key)
        cross join ${threadStats(sql`v`)}
        where c.brand_id = v.brand_id and c.source = v.source and c.thread_key = v.thread_key
        returning ${COMPLAINT_PART_COLUMNS}`,
  )
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>()
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item])
  return map
}
