import { sql } from 'drizzle-orm'
import { ScoringConfigSchema } from '../../../shared/schemas/scoring-config.js'
import { summarizeScore } from '../../../shared/scoring/explanation.js'
import { scorePost } from '../../../shared/scoring/score.js'
import type { Tx } from '../../db/client.js'
import {
  COMPLAINT_PART_COLUMNS,
  type ComplaintPart,
} from '../../db/repositories/complaint-views.js'
import {
  LATEST_ANALYSIS,
  SCORING_COLUMNS,
  storedScoreInput,
  THREAD_PICK,
  type StoredScoringRow,
} from '../../db/repositories/rescore-posts.js'
import { insertScores } from '../../db/repositories/scores.js'
import type { ScoringVersion } from '../../db/repositories/scoring-versions.js'
import { queryRows } from '../../db/rows.js'
import { anyOf, unnest } from '../../db/unnest.js'

interface LeadRow extends StoredScoringRow {
  complaint_id: string
  lead_post_id: string | number
  scoring_version: string
  config: unknown
  post_count: number
  last_revision: number
}

/** Which version to score leads under, and which of them. */
export interface RescoreLeadsOptions {
  /** The version to score under; by default the one that ranks each complaint. */
  version?: ScoringVersion
  /** Only threads that hold more replies than their lead counted when last scored. */
  grownOnly?: boolean
  now?: Date
}

/**
 * Scores complaints' leads again, as they stand now: the thread's stored replies count as the
 * lead's when more (a thread that grew gains engagement and velocity), and a picked thread
 * scores the adviser's pick. Each score is a row with the next revision under its version, so
 * nothing is rewritten, and the complaint takes its priority (and the version, when another
 * is given). Call it with the complaint rows locked. Returns the complaints that changed.
 */
export async function rescoreLeads(
  tx: Tx,
  complaintIds: string[],
  { version, grownOnly = false, now = new Date() }: RescoreLeadsOptions = {},
): Promise<ComplaintPart[]> {
  if (!complaintIds.length) return []
  const grown = sql`and c.post_count - 1 > p.replies
    -- Only when the thread grew since the lead was last scored.
    and c.post_count - 1 > coalesce((
      select (f ->> 'threadReplies')::int from scores s,
        jsonb_array_elements(s.explanation -> 'factors') f
      where s.post_id = p.id and s.version = sv.key and f ->> 'key' = 'engagement'
      order by s.revision desc limit 1), -1)`
  const rows = await queryRows<LeadRow>(
    tx,
    sql`select c.id as complaint_id, c.lead_post_id, sv.key as scoring_version, sv.config,
               c.post_count, ${SCORING_COLUMNS},
               (select coalesce(max(s.revision), -1) from scores s
                 where s.post_id = p.id and s.version = sv.key) as last_revision
        from complaints c
        join scoring_versions sv on sv.key = coalesce(${version?.key ?? null}::text, c.scoring_version)
        join posts p on p.id = c.lead_post_id
        join authors au on au.id = p.author_id
        join ${LATEST_ANALYSIS} on true
        ${THREAD_PICK}
        where c.id = ${anyOf(complaintIds, 'uuid')} ${grownOnly ? grown : sql``}
        order by c.id`,
  )
  if (!rows.length) return []
  const scored = rows.map((row) => {
    const config = ScoringConfigSchema.parse(row.config)
    const threadReplies = row.post_count - 1
    const score = scorePost(
      storedScoreInput(row, threadReplies),
      { key: row.scoring_version, config },
      now,
    )
    // When the thread's replies are what counted, the engagement factor records how many, so
    // that the next growth is noticed (and the explanation says so).
    const factors =
      threadReplies > Number(row.replies)
        ? score.factors.map((f) =>
            f.key === 'engagement'
              ? { ...f, threadReplies, note: `${f.note}; the thread has ${threadReplies} replies` }
              : f,
          )
        : score.factors
    return { row, score: { ...score, factors } }
  })
  await insertScores(
    tx,
    scored.map(({ row, score }) => ({
      postId: Number(row.lead_post_id),
      version: score.version,
      priority: score.priority,
      base: score.base,
      rankKey: score.rankKey,
      revision: row.last_revision + 1,
      explanation: {
        version: score.version,
        priority: score.priority,
        factors: score.factors,
        summary: summarizeScore(score.priority, score.factors),
      },
    })),
  )
  return queryRows<ComplaintPart>(
    tx,
    sql`update complaints as c set priority = v.priority, base_priority = v.base,
          rank_key = v.rank_key, scoring_version = v.version, waiting_rate = v.rate,
          waiting_since = v.since, updated_at = now()
        from ${unnest([
          [scored.map(({ row }) => row.complaint_id), 'uuid'],
          [scored.map(({ score }) => score.priority), 'real'],
          [scored.map(({ score }) => score.base), 'real'],
          [scored.map(({ score }) => score.rankKey), 'float8'],
          [scored.map(({ score }) => score.version), 'text'],
          [scored.map(({ score }) => score.rate), 'real'],
          [scored.map(({ score }) => score.waitingSince.toISOString()), 'timestamptz'],
        ])} as v(id, priority, base, rank_key, version, rate, since)
        where c.id = v.id
        returning ${COMPLAINT_PART_COLUMNS}`,
  )
}
