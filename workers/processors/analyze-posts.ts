import type { JobData } from '../../shared/schemas/jobs.js'
import type { AppContext } from '../../server/context.js'
import {
  claimOutboxRow,
  claimPendingAnalyzeRows,
  markOutboxDone,
} from '../../server/db/repositories/outbox.js'
import { loadAnalysisBatch } from '../../server/domain/complaints/load-analysis-batch.js'
import { recordAnalysis } from '../../server/domain/complaints/record-analysis.js'
import { publishTriage } from '../../server/realtime/triage-events.js'
import { analyzeBatch } from '../pipeline/analyze-batch.js'

/**
 * Analyses and scores the posts of one outbox row and folds them into complaints, in one
 * transaction that also marks the row done: read (threads locked), decide (pure), write. A
 * redelivered job (a stalled worker, a swept row) finds the row done, so effects happen once
 * however often the job runs. Events are published after commit.
 *
 * A webhook delivery or a stream's flush stores a few posts at a time, each with its own row
 * and job: one transaction each would cap the pipeline at the rate of transactions (about 30
 * posts/s through webhooks). So a job also takes the pending rows nobody holds, up to a batch,
 * and marks them done with its own; their jobs then find them done.
 */
export async function analyzePosts(ctx: AppContext, { outboxId }: JobData<'post.analyze'>) {
  const outcome = await ctx.db.transaction(async (tx) => {
    const job = await claimOutboxRow(tx, outboxId, 'post.analyze')
    if (!job) return { analyzed: 0, events: [], notificationIds: [] }
    const postIds = [...job.postIds]
    const done = [outboxId]
    const batchSize = ctx.config.analyze.batchSize
    const pending = await claimPendingAnalyzeRows(tx, {
      except: outboxId,
      room: batchSize - postIds.length,
    })
    for (const row of pending) {
      postIds.push(...row.payload.postIds)
      done.push(row.id)
    }
    const scoredAt = new Date()
    const batch = await loadAnalysisBatch(tx, postIds, scoredAt)
    const { analyses, scores } = analyzeBatch(batch, scoredAt)
    const recorded = await recordAnalysis(tx, analyses, scores)
    await markOutboxDone(tx, done)
    return { analyzed: analyses.length, ...recorded }
  })
  ctx.metrics.postsAnalyzed.inc(outcome.analyzed)
  await publishTriage(ctx, outcome)
  return outcome.analyzed
}
