import type { JobData } from '../../shared/schemas/jobs.js'
import type { AppContext } from '../../server/context.js'
import { claimOutboxRow, markOutboxDone } from '../../server/db/repositories/outbox.js'
import { loadAnalysisBatch } from '../../server/domain/complaints/load-analysis-batch.js'
import { recordAnalysis } from '../../server/domain/complaints/record-analysis.js'
import { publishTriage } from '../../server/realtime/triage-events.js'
import { analyzeBatch } from '../pipeline/analyze-batch.js'

/**
 * Analyses and scores the posts of one outbox row and folds them into complaints, in one
 * transaction that also marks the row done: read (threads locked), decide (pure), write. A
 * redelivered job (a stalled worker, a swept row) finds the row done, so effects happen once
 * however often the job runs. Events are published after commit.
 */
export async function analyzePosts(ctx: AppContext, { outboxId }: JobData<'post.analyze'>) {
  const outcome = await ctx.db.transaction(async (tx) => {
    const job = await claimOutboxRow(tx, outboxId, 'post.analyze')
    if (!job) return { analyzed: 0, events: [], notificationIds: [] }
    const scoredAt = new Date()
    const batch = await loadAnalysisBatch(tx, job.postIds, scoredAt)
    const { analyses, scores } = analyzeBatch(batch, scoredAt)
    const recorded = await recordAnalysis(tx, analyses, scores)
    await markOutboxDone(tx, outboxId)
    return { analyzed: analyses.length, ...recorded }
  })
  ctx.metrics.postsAnalyzed.inc(outcome.analyzed)
  await publishTriage(ctx, outcome)
  return outcome.analyzed
}
