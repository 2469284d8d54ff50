import { sql } from 'drizzle-orm'
import type { Analysis } from '../../../shared/schemas/scoring.js'
import type { Queryable } from '../client.js'
import { jsonRecordset } from '../unnest.js'

/**
 * Stores each post's analysis, keyed by (post, analyzer version): a re-run adds nothing. The
 * author's reach is taken as it stands now, so the rollups weigh the post by it for good.
 */
export async function insertAnalyses(
  q: Queryable,
  analysed: Array<{ postId: number; analysis: Analysis }>,
): Promise<void> {
  if (!analysed.length) return
  const rows = analysed.map(({ postId, analysis }) => ({
    post_id: postId,
    version: analysis.version,
    sentiment: analysis.sentiment,
    label: analysis.label,
    is_complaint: analysis.isComplaint,
    confidence: analysis.confidence,
    complaint_score: analysis.complaintScore,
    language: analysis.language,
    // Kept with the reasons: the console flags a post no model could read (see presenters).
    explanation: { ...analysis.explanation, supported: analysis.supported },
  }))
  await q.execute(
    sql`insert into analyses (post_id, version, sentiment, label, is_complaint, confidence,
          complaint_score, language, explanation, author_reach)
        select r.*, au.reach
        from ${jsonRecordset(rows, 'post_id bigint, version text, sentiment real, label text, is_complaint boolean, confidence real, complaint_score real, language text, explanation jsonb')}
        left join posts p on p.id = r.post_id
        left join authors au on au.id = p.author_id
        on conflict do nothing`,
  )
}
