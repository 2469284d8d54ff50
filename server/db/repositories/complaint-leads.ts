import { sql, type SQL } from 'drizzle-orm'
import { ScoringConfigSchema } from '../../../shared/schemas/scoring-config.js'
import type { ScoringVersionRef } from '../../../shared/scoring/score.js'
import type { PostFacts } from '../../../shared/scoring/score-input.js'
import type { Queryable, Tx } from '../client.js'
import { queryRows } from '../rows.js'
import { anyOf, unnest } from '../unnest.js'
import {
  COMPLAINT_PART_COLUMNS,
  returningComplaints,
  type ComplaintRecord,
} from './complaint-views.js'
import { LATEST_ANALYSIS, SCORING_COLUMNS, THREAD_PICK, toFacts } from './scoring-facts.js'
import type { ScoreRecord } from './scores.js'

/** A thread: where its posts' counters are kept (a complaint is keyed by it). */
export interface ThreadKey {
  brandId: string
  network: string
  threadKey: string
}

/** A thread's lead post scored: what its complaint ranks by. */
export interface ThreadLead extends ThreadKey {
  score: ScoreRecord
}

/** A complaint's lead as stored, ready to be scored again. */
export interface StoredLead {
  complaintId: string
  postId: number
  /** The version to score it under, and its rank key there now. */
  version: ScoringVersionRef
  rankKey: number
  /** The replies the network counts for it. */
  ownReplies: number
  /** Replies stored in its thread (its posts but the first, deleted ones left out). */
  threadReplies: number
  /** The thread replies its latest score counted; -1 when none did. */
  countedThreadReplies: number
  /** Its latest score's revision under the version; -1 when it has none. */
  lastRevision: number
  facts: PostFacts
}

/** A thread of a batch under analysis: its stored posts, its complaint and that one's lead. */
export interface ThreadState extends ThreadKey {
  /** Stored posts not deleted at the source, the batch's own included. */
  postCount: number
  /** Its complaint, if it has one. */
  complaintId: string | null
  /** The complaint's lead as stored, if it has been analysed. */
  lead: StoredLead | null
}

/**
 * The lead of complaint `c` as stored, under scoring version `sv`: its facts, its thread's
 * replies, and what its latest score under `sv` counted. Joins `posts p`, `authors au`, the
 * latest analysis `an`, the thread's pick `pk` and the latest score `ls`.
 */
const LEAD_COLUMNS = sql`c.id as complaint_id, an.label is not null as analysed, c.lead_post_id, c.rank_key, sv.key as version_key,
  sv.config, greatest(c.post_count - 1, 0) as thread_replies, ls.revision as last_revision,
  ls.thread_replies as counted_thread_replies, ${SCORING_COLUMNS}`

const leadJoins = (join: SQL) => sql`
  ${join} posts p on p.id = c.lead_post_id
  ${join} authors au on au.id = p.author_id
  left join ${LATEST_ANALYSIS} on true
  ${THREAD_PICK}
  left join lateral (
    select s.revision, s.thread_replies from scores s
    where s.post_id = p.id and s.version = sv.key
    order by s.revision desc limit 1) ls on true`

type LeadRow = Parameters<typeof toFacts>[0] & {
  complaint_id: string
  analysed: boolean
  lead_post_id: string | number
  rank_key: number | null
  version_key: string
  config: unknown
  thread_replies: number
  last_revision: number | null
  counted_thread_replies: number | null
}

function toStoredLead(row: LeadRow, threadReplies = row.thread_replies): StoredLead {
  return {
    complaintId: row.complaint_id,
    postId: Number(row.lead_post_id),
    version: { key: row.version_key, config: ScoringConfigSchema.parse(row.config) },
    rankKey: Number(row.rank_key),
    ownReplies: Number(row.replies),
    threadReplies,
    countedThreadReplies: row.counted_thread_replies ?? -1,
    lastRevision: row.last_revision ?? -1,
    facts: toFacts(row),
  }
}

/**
 * The leads of the given complaints, to be scored again: under `versionKey`, or each under
 * the version that ranks it. A lead without an analysis is left out.
 */
export async function loadStoredLeads(
  q: Queryable,
  complaintIds: string[],
  versionKey?: string,
): Promise<StoredLead[]> {
  if (!complaintIds.length) return []
  const rows = await queryRows<LeadRow>(
    q,
    sql`select ${LEAD_COLUMNS}
        from complaints c
        join scoring_versions sv on sv.key = coalesce(${versionKey ?? null}::text, c.scoring_version)
        ${leadJoins(sql`join`)}
        where c.id = ${anyOf(complaintIds, 'uuid')} and an.label is not null
        order by c.id`,
  )
  return rows.map((row) => toStoredLead(row))
}

/**
 * The threads of a batch under analysis as they stand (call it with them locked): how many
 * posts each holds, and its complaint's lead under the version that ranks it.
 */
export async function loadThreadStates(tx: Tx, threads: ThreadKey[]): Promise<ThreadState[]> {
  if (!threads.length) return []
  const rows = await queryRows<
    Partial<LeadRow> & {
      brand_id: string
      thread_network: string
      thread_key: string
      posts: number
    }
  >(
    tx,
    sql`select u.brand_id, u.network as thread_network, u.thread_key, st.posts, ${LEAD_COLUMNS}
        from ${unnest([
          [threads.map((t) => t.brandId), 'uuid'],
          [threads.map((t) => t.network), 'text'],
          [threads.map((t) => t.threadKey), 'text'],
        ])} as u(brand_id, network, thread_key)
        cross join lateral (
          select count(*) filter (where t.deleted_at is null)::int as posts from posts t
          where t.brand_id = u.brand_id and t.network = u.network and t.thread_key = u.thread_key
        ) st
        left join complaints c on c.brand_id = u.brand_id and c.network = u.network
          and c.thread_key = u.thread_key
        left join scoring_versions sv on sv.key = c.scoring_version
        ${leadJoins(sql`left join`)}`,
  )
  return rows.map((row) => ({
    brandId: row.brand_id,
    network: row.thread_network,
    threadKey: row.thread_key,
    postCount: row.posts,
    complaintId: row.complaint_id ?? null,
    lead: row.analysed ? toStoredLead(row as LeadRow, Math.max(row.posts - 1, 0)) : null,
  }))
}

/**
 * `lateral (...) st`: the counters of the thread a row (brand_id, network, thread_key) names,
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
  where t.brand_id = ${row}.brand_id and t.network = ${row}.network
    and t.thread_key = ${row}.thread_key) st`

/**
 * Makes each thread's complaint rank by the given lead (a new complaint for a thread that had
 * none), with its counters counted from its stored posts in the same statement. Which post
 * leads was decided by the caller, under the threads' locks.
 */
export async function writeThreadLeads(tx: Tx, leads: ThreadLead[]): Promise<ComplaintRecord[]> {
  if (!leads.length) return []
  return returningComplaints(
    tx,
    sql`insert into complaints as c (brand_id, network, thread_key, lead_post_id, priority,
          scoring_version, base_priority, waiting_rate, waiting_since, rank_key,
          post_count, complaint_count, first_seen_at, last_activity_at)
        select u.*, st.posts, st.complaints, st.first_at, st.last_at
        from ${leadValues(leads)} as u(brand_id, network, thread_key, lead_post_id, priority,
                 scoring_version, base_priority, waiting_rate, waiting_since, rank_key)
        cross join ${threadStats(sql`u`)}
        on conflict (brand_id, network, thread_key) do update set
          (lead_post_id, priority, scoring_version, base_priority, waiting_rate, waiting_since,
           rank_key) = (excluded.lead_post_id, excluded.priority, excluded.scoring_version,
             excluded.base_priority, excluded.waiting_rate, excluded.waiting_since,
             excluded.rank_key),
          post_count = excluded.post_count,
          complaint_count = excluded.complaint_count,
          first_seen_at = excluded.first_seen_at,
          last_activity_at = excluded.last_activity_at,
          updated_at = now()
        returning ${COMPLAINT_PART_COLUMNS}`,
  )
}

/** Counts existing complaints' threads again from their stored posts; their leads stay. */
export async function recountThreads(tx: Tx, threads: ThreadKey[]): Promise<ComplaintRecord[]> {
  if (!threads.length) return []
  return returningComplaints(
    tx,
    sql`update complaints as c set
          post_count = st.posts,
          complaint_count = st.complaints,
          first_seen_at = st.first_at,
          last_activity_at = st.last_at,
          updated_at = now()
        from ${unnest([
          [threads.map((t) => t.brandId), 'uuid'],
          [threads.map((t) => t.network), 'text'],
          [threads.map((t) => t.threadKey), 'text'],
        ])} as v(brand_id, network, thread_key)
        cross join ${threadStats(sql`v`)}
        where c.brand_id = v.brand_id and c.network = v.network and c.thread_key = v.thread_key
        returning ${COMPLAINT_PART_COLUMNS}`,
  )
}

/** Complaints take their lead's new score (priority, ranking and version). */
export async function rankByLeadScores(
  tx: Tx,
  scored: Array<{ complaintId: string; score: ScoreRecord }>,
): Promise<ComplaintRecord[]> {
  if (!scored.length) return []
  return returningComplaints(
    tx,
    sql`update complaints as c set priority = v.priority, base_priority = v.base_priority,
          rank_key = v.rank_key, scoring_version = v.version, waiting_rate = v.rate,
          waiting_since = v.since, updated_at = now()
        from ${unnest([
          [scored.map((s) => s.complaintId), 'uuid'],
          [scored.map((s) => s.score.priority), 'real'],
          [scored.map((s) => s.score.basePriority), 'real'],
          [scored.map((s) => s.score.rankKey), 'float8'],
          [scored.map((s) => s.score.version), 'text'],
          [scored.map((s) => s.score.rate), 'real'],
          [scored.map((s) => s.score.waitingSince.toISOString()), 'timestamptz'],
        ])} as v(id, priority, base_priority, rank_key, version, rate, since)
        where c.id = v.id
        returning ${COMPLAINT_PART_COLUMNS}`,
  )
}

/**
 * Moves complaints to a version's scores after a rescore batch: a complaint still under an
 * older version takes the new lead; one already under this version keeps whichever lead ranks
 * higher. A complaint under a newer version than `versionNumber` is left alone.
 */
export async function moveToVersion(
  tx: Tx,
  versionNumber: number,
  leads: ThreadLead[],
): Promise<void> {
  if (!leads.length) return
  await tx.execute(
    sql`update complaints as c set
          lead_post_id = v.post_id, priority = v.priority, scoring_version = v.version,
          base_priority = v.base_priority, waiting_rate = v.rate, waiting_since = v.since,
          rank_key = v.rank_key, updated_at = now()
        from ${leadValues(leads)} as v(brand_id, network, thread_key, post_id, priority, version,
                 base_priority, rate, since, rank_key)
        where c.brand_id = v.brand_id and c.network = v.network and c.thread_key = v.thread_key
          and (c.scoring_version = v.version and v.rank_key > c.rank_key
            or c.scoring_version <> v.version and coalesce(
              (select sv.number from scoring_versions sv where sv.key = c.scoring_version), 0)
              < ${versionNumber})`,
  )
}

/** Threads and their leads' scores as rows (brand, network, thread, post, priority, version, base priority, rate, since, rank key). */
function leadValues(leads: ThreadLead[]): SQL {
  return unnest([
    [leads.map((l) => l.brandId), 'uuid'],
    [leads.map((l) => l.network), 'text'],
    [leads.map((l) => l.threadKey), 'text'],
    [leads.map((l) => l.score.postId), 'bigint'],
    [leads.map((l) => l.score.priority), 'real'],
    [leads.map((l) => l.score.version), 'text'],
    [leads.map((l) => l.score.basePriority), 'real'],
    [leads.map((l) => l.score.rate), 'real'],
    [leads.map((l) => l.score.waitingSince.toISOString()), 'timestamptz'],
    [leads.map((l) => l.score.rankKey), 'float8'],
  ])
}
