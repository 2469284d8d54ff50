import { sql } from 'drizzle-orm'
import type { ScoringSignals } from '../../../shared/scoring/score.js'
import type { PostFacts } from '../../../shared/scoring/score-input.js'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'

/** The columns SCORING_COLUMNS selects: a stored post as scoring reads it. */
interface FactsRow {
  text: string
  posted_at: Date | string
  ingested_at: Date | string
  likes: string | number
  replies: string | number
  shares: string | number
  followers: string | number | null
  network: string
  karma: string | number | null
  verified: boolean | null
  /** Percentile 0..1 on their network; null until first computed. */
  reach: number | null
  sentiment: number
  label: string
  is_complaint: boolean
  /** Null for analyses made before the analyzer gave probabilities. */
  complaint_score: number | null
  confidence: number | null
  complaint_cues: string[] | null
  picked_at: Date | string | null
  picked_by_name: string | null
  pick_reason: string | null
}

/** A stored post, its thread, and what scoring reads of it. */
export interface StoredPost {
  id: number
  brandId: string
  network: string
  threadKey: string
  facts: PostFacts
}

/** Its post, thread and facts from a row that selected `p.id, p.brand_id, p.thread_key, SCORING_COLUMNS`. */
function toStoredPost(
  row: FactsRow & { id: string | number; brand_id: string; network: string; thread_key: string },
): StoredPost {
  return {
    id: Number(row.id),
    brandId: row.brand_id,
    network: row.network,
    threadKey: row.thread_key,
    facts: toFacts(row),
  }
}

/** A row of SCORING_COLUMNS as the facts scoring reads. */
export function toFacts(row: FactsRow): PostFacts {
  return {
    analysis: {
      sentiment: row.sentiment,
      label: row.label as ScoringSignals['label'],
      isComplaint: row.is_complaint,
      ...(row.complaint_score === null ? {} : { complaintScore: row.complaint_score }),
      ...(row.confidence === null ? {} : { confidence: row.confidence }),
      explanation: { complaintCues: row.complaint_cues ?? [] },
    },
    text: row.text,
    followers: row.followers === null ? null : Number(row.followers),
    reach: {
      network: row.network,
      percentile: row.reach,
      karma: row.karma === null ? null : Number(row.karma),
      verified: row.verified,
    },
    engagement: {
      likes: Number(row.likes),
      replies: Number(row.replies),
      shares: Number(row.shares),
    },
    postedAt: new Date(row.posted_at),
    ingestedAt: new Date(row.ingested_at),
    pick: { at: row.picked_at, by: row.picked_by_name, reason: row.pick_reason },
  }
}

/**
 * What scoring reads of a post `p`, its author `au`, its latest analysis `an`
 * (LATEST_ANALYSIS) and its thread's pick `pk` (THREAD_PICK), as the columns of a FactsRow
 * (see `toFacts`). A post without an analysis reads as neutral and no complaint.
 */
export const SCORING_COLUMNS = sql`p.text, p.posted_at, p.ingested_at, p.likes, p.replies, p.shares,
  au.followers, p.network, au.karma, au.verified, au.reach,
  coalesce(an.sentiment, 0) as sentiment, coalesce(an.label, 'neutral') as label,
  coalesce(an.is_complaint, false) as is_complaint, an.complaint_score, an.confidence,
  array(select jsonb_array_elements_text(an.explanation -> 'complaintCues')) as complaint_cues,
  pk.picked_at, pk.picked_by_name, pk.pick_reason`

/**
 * `left join lateral (...) pk on true`: the adviser's pick of the thread of post `p`, if any
 * (every post of a picked thread scores the pick, so a pick survives a new lead or version).
 */
export const THREAD_PICK = sql`left join lateral (
  select tc.picked_at, tc.pick_reason, picker.name as picked_by_name
  from complaints tc left join users picker on picker.id = tc.picked_by
  where tc.brand_id = p.brand_id and tc.network = p.network and tc.thread_key = p.thread_key
    and tc.picked_at is not null) pk on true`

/** `lateral (...) an`: the latest analysis of post `p`; follow it with an `on` clause. */
export const LATEST_ANALYSIS = sql`lateral (
  select a.sentiment, a.label, a.is_complaint, a.complaint_score, a.confidence, a.explanation
  from analyses a where a.post_id = p.id order by a.created_at desc limit 1) an`

/**
 * Posts after `afterId` (keyset order) whose latest analysis found a complaint, at most
 * `limit` posts scanned. Returns the rows and the last id scanned, so that a batch of
 * non-complaints still moves the cursor.
 */
export async function loadComplaintPostsAfter(
  q: Queryable,
  afterId: number,
  limit: number,
): Promise<{ posts: StoredPost[]; lastId: number | null }> {
  const rows = await queryRows<
    FactsRow & {
      id: string | number
      brand_id: string
      network: string
      thread_key: string
      scanned_last: string | number | null
    }
  >(
    q,
    sql`with scanned as (
          select p.id from posts p where p.id > ${afterId} order by p.id limit ${limit})
        select p.id, p.brand_id, p.thread_key, ${SCORING_COLUMNS},
               (select max(id) from scanned) as scanned_last
        from scanned s
        join posts p on p.id = s.id
        join authors au on au.id = p.author_id
        join ${LATEST_ANALYSIS} on an.is_complaint
        ${THREAD_PICK}
        -- Said again outside the CTE, so that the join starts at the cursor instead of
        -- walking the primary key from the first post (which made each batch slower than the last).
        where p.id > ${afterId}
        order by p.id`,
  )
  if (rows.length) return { posts: rows.map(toStoredPost), lastId: Number(rows[0]!.scanned_last) }
  const [last] = await queryRows<{ id: string | number | null }>(
    q,
    sql`select max(id) as id from (select id from posts where id > ${afterId} order by id limit ${limit}) s`,
  )
  return { posts: [], lastId: last?.id === null || last?.id === undefined ? null : Number(last.id) }
}

/** How many stored posts a rescore will scan, for its progress bar. */
export async function countComplaintPosts(q: Queryable): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    q,
    sql`select count(*)::int as n from analyses a where a.is_complaint`,
  )
  return row?.n ?? 0
}

/** A complaint of a preview period: its lead post as scoring reads it. */
export interface PreviewComplaint {
  complaintId: string
  handle: string
  text: string
  facts: PostFacts
}

/** Open complaints of a brand first seen in [from, to), at most `limit` (the newest). */
export async function loadPreviewComplaints(
  q: Queryable,
  input: { brandId: string; from: string; to: string; limit: number },
): Promise<PreviewComplaint[]> {
  const rows = await queryRows<FactsRow & { complaint_id: string; handle: string }>(
    q,
    sql`select c.id as complaint_id, au.handle, ${SCORING_COLUMNS}
        from complaints c
        join posts p on p.id = c.lead_post_id
        join authors au on au.id = p.author_id
        left join ${LATEST_ANALYSIS} on true
        ${THREAD_PICK}
        where c.brand_id = ${input.brandId}::uuid and c.state in ('new', 'open', 'waiting')
          and c.first_seen_at >= ${input.from}::timestamptz
          and c.first_seen_at < ${input.to}::timestamptz
        order by c.first_seen_at desc
        limit ${input.limit}`,
  )
  return rows.map((row) => ({
    complaintId: row.complaint_id,
    handle: row.handle,
    text: row.text,
    facts: toFacts(row),
  }))
}
