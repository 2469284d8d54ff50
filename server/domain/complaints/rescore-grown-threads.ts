import { sql } from 'drizzle-orm'
import { ScoringConfigSchema } from '../../../shared/schemas/scoring-config.js'
import { scorePost } from '../../../shared/scoring/score.js'
import { summarizeScore } from '../../../shared/scoring/explanation.js'
import type { Tx } from '../../db/client.js'
import {
  COMPLAINT_PART_COLUMNS,
  type ComplaintPart,
} from '../../db/repositories/complaint-views.js'
import {
  LATEST_ANALYSIS,
  SCORING_COLUMNS,
  storedScoreInput,
  type StoredScoringRow,
} from '../../db/repositories/rescore-posts.js'
import { insertScores } from '../../db/repositories/scores.js'
import { queryRows } from '../../db/rows.js'
import { anyOf, unnest } from '../../db/unnest.js'

interface GrownLead extends StoredScoringRow {
  complaint_id: string
  lead_post_id: string | number
  scoring_version: string
  config: unknown
  post_count: number
  last_revision: number
}

/**
 * Scores a complaint's lead again, under the version that ranks it, when its thread holds more
 * replies than the post counted when it was scored: a thread gaining replies gains engagement
 * and velocity. Each new score is a row with the next revision (nothing is rewritten), and the
 * complaint takes its priority. Returns the complaints that changed.
 */
export async function rescoreGrownThreads(
  tx: Tx,
  complaints: ComplaintPart[],
  now: Date = new Date(),
): Promise<ComplaintPart[]> {
  if (!complaints.length) return []
  const rows = await queryRows<GrownLead>(
    tx,
    sql`select c.id as complaint_id, c.lead_post_id, c.scoring_version, sv.config, c.post_count,
               ${SCORING_COLUMNS},
               (select coalesce(max(s.revision), -1) from scores s
                 where s.post_id = p.id and s.version = c.scoring_version) as last_revision
        from complaints c
        join scoring_versions sv on sv.key = c.scoring_version
        join posts p on p.id = c.lead_post_id
        join authors au on au.id = p.author_id
        join ${LATEST_ANALYSIS} on true
        where c.id = ${anyOf(
          complaints.map((c) => c.id),
          'uuid',
        )}
          and c.post_count - 1 > p.replies
          -- Only when the thread grew since the lead was last scored.
          and c.post_count - 1 > coalesce((
            select (f ->> 'threadReplies')::int from scores s,
              jsonb_array_elements(s.explanation -> 'factors') f
            where s.post_id = p.id and s.version = c.scoring_version and f ->> 'key' = 'engagement'
            order by s.revision desc limit 1), -1)
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
    // The engagement factor records the thread size it saw, so the next growth is noticed.
    const factors = score.factors.map((f) =>
      f.key === 'engagement'
        ? { ...f, threadReplies, note: `${f.note}; the thread has ${threadReplies} replies` }
        : f,
    )
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
          rank_key = v.rank_key, updated_at = now()
        from ${unnest([
          [scored.map(({ row }) => row.complaint_id), 'uuid'],
          [scored.map(({ score }) => score.priority), 'real'],
          [scored.map(({ score }) => score.base), 'real'],
          [scored.map(({ score }) => score.rankKey), 'float8'],
        ])} as v(id, priority, base, rank_key)
        where c.id = v.id
        returning ${COMPLAINT_PART_COLUMNS}`,
  )
}
