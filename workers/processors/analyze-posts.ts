import { eq, sql } from 'drizzle-orm'
import { UnrecoverableError } from 'bullmq'
import { z } from 'zod'
import type { JobData } from '../../shared/schemas/jobs.js'
import type { AppContext } from '../../server/context.js'
import { loadPostsForAnalysis } from '../../server/db/repositories/posts.js'
import { analyses, outbox, scores } from '../../server/db/schema.js'
import { recordScoredPosts } from '../../server/domain/complaints/record-scored-posts.js'
import { publishEvents } from '../../server/domain/events/append-events.js'
import { analyzeText } from '../pipeline/analyze.js'
import { explainScore } from '../pipeline/explain.js'
import { scorePost } from '../pipeline/score.js'

const AnalyzePayload = z.object({ postIds: z.array(z.number().int()).min(1) })

/**
 * Analyses, scores and folds into complaints the posts of one outbox row, in one transaction
 * that also marks the row done. Locking the row first makes a redelivered job (a stalled
 * worker, a swept row) a no-op, so effects happen once however often the job runs.
 */
export async function analyzePosts(ctx: AppContext, { outboxId }: JobData<'post.analyze'>) {
  const outcome = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ payload: outbox.payload, doneAt: outbox.doneAt })
      .from(outbox)
      .where(eq(outbox.id, outboxId))
      .for('update')
    if (!row) throw new UnrecoverableError(`outbox row ${outboxId} does not exist`)
    if (row.doneAt) return { analyzed: 0, events: [] }
    const { postIds } = AnalyzePayload.parse(row.payload)

    const loaded = await loadPostsForAnalysis(tx, postIds)
    const results = loaded.map((post) => {
      const analysis = analyzeText(post.text, post.lang)
      const score = scorePost({
        analysis,
        followers: post.followers,
        engagement: { likes: post.likes, replies: post.replies, shares: post.shares },
      })
      return { post, analysis, score, explanation: explainScore(score) }
    })
    if (results.length) {
      await tx
        .insert(analyses)
        .values(
          results.map(({ post, analysis }) => ({
            postId: post.id,
            version: analysis.version,
            sentiment: analysis.sentiment,
            label: analysis.label,
            isComplaint: analysis.isComplaint,
            explanation: analysis.explanation,
          })),
        )
        .onConflictDoNothing()
      await tx
        .insert(scores)
        .values(
          results.map(({ post, score, explanation }) => ({
            postId: post.id,
            version: score.version,
            priority: score.priority,
            explanation,
          })),
        )
        .onConflictDoNothing()
    }
    const events = await recordScoredPosts(
      tx,
      results.map(({ post, analysis, score }) => ({
        postId: post.id,
        brandId: post.brandId,
        source: post.source,
        threadKey: post.threadKey,
        postedAt: post.postedAt,
        isComplaint: analysis.isComplaint,
        priority: score.priority,
        scoringVersion: score.version,
      })),
    )
    await tx
      .update(outbox)
      .set({ doneAt: sql`now()` })
      .where(eq(outbox.id, outboxId))
    return { analyzed: results.length, events }
  })
  ctx.metrics.postsAnalyzed.inc(outcome.analyzed)
  publishEvents(ctx.publisher, outcome.events)
  return outcome.analyzed
}
