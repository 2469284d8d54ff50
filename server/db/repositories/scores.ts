import { sql } from 'drizzle-orm'
import type { Score } from '../../../shared/scoring/score.js'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'
import { jsonbArray, unnest } from '../unnest.js'

/**
 * A post's score under one version, as stored: the one shape of a score row, whether the
 * post was just analysed, rescored under a new version, or scored again as its thread's lead.
 */
export type ScoreRecord = Pick<
  Score,
  | 'version'
  | 'priority'
  | 'basePriority'
  | 'rate'
  | 'waitingSince'
  | 'rankKey'
  | 'threadReplies'
  | 'explanation'
> & {
  postId: number
  /** 0 when first scored; the next one each time a growing thread's lead is scored again. */
  revision: number
}

/** A score as the row it is stored as. */
export const toScoreRecord = (postId: number, score: Score, revision = 0): ScoreRecord => ({
  postId,
  revision,
  version: score.version,
  priority: score.priority,
  basePriority: score.basePriority,
  rate: score.rate,
  waitingSince: score.waitingSince,
  rankKey: score.rankKey,
  threadReplies: score.threadReplies,
  explanation: score.explanation,
})

/**
 * Adds score rows keyed by (post, version, revision). A row that exists is left alone: scores are never
 * rewritten, and a re-run (a retried job, a resumed rescore) adds nothing. Returns how many
 * rows were added.
 */
export async function insertScores(q: Queryable, records: ScoreRecord[]): Promise<number> {
  if (!records.length) return 0
  const added = await queryRows<{ n: number }>(
    q,
    sql`with added as (
          insert into scores (post_id, version, priority, base_priority, rank_key, explanation, revision,
                              thread_replies)
          select * from ${unnest([
            [records.map((r) => r.postId), 'bigint'],
            [records.map((r) => r.version), 'text'],
            [records.map((r) => r.priority), 'real'],
            [records.map((r) => r.basePriority), 'real'],
            [records.map((r) => r.rankKey), 'float8'],
            jsonbArray(records.map((r) => r.explanation)),
            [records.map((r) => r.revision), 'int'],
            [records.map((r) => r.threadReplies), 'int'],
          ])}
          on conflict do nothing
          returning 1)
        select count(*)::int as n from added`,
  )
  return added[0]!.n
}

/** A score as stored: its explanation is read back as it was written, never rewritten. */
export interface StoredScore {
  version: string
  revision: number
  priority: number
  basePriority: number | null
  explanation: unknown
  createdAt: Date
}

/** A complaint's lead post and its scores under every version that scored it. */
export interface ComplaintScoreHistory {
  complaintId: string
  leadPostId: number
  scoringVersion: string
  scores: StoredScore[]
}

/** A post's scores under every version it was scored with (every revision), oldest first. */
export async function listPostScores(q: Queryable, postId: number): Promise<StoredScore[]> {
  const rows = await queryRows<{
    version: string
    revision: number
    priority: number
    base_priority: number | null
    explanation: unknown
    created_at: Date | string
  }>(
    q,
    sql`select s.version, s.revision, s.priority, s.base_priority, s.explanation, s.created_at
        from scores s left join scoring_versions v on v.key = s.version
        where s.post_id = ${postId}
        order by v.number nulls first, s.revision`,
  )
  return rows.map((r) => ({
    version: r.version,
    revision: r.revision,
    priority: r.priority,
    basePriority: r.base_priority,
    explanation: r.explanation,
    createdAt: new Date(r.created_at),
  }))
}
