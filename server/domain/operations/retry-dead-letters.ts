import type { RetryDeadLettersBody } from '../../../shared/schemas/operations.js'
import type { AppContext } from '../../context.js'
import { retryDeadLetters } from '../../queue/dead-letters.js'
import { recordAudit } from '../audit/record-audit.js'

/**
 * An admin retries dead letters: one job, a queue's, or all of them, with fresh attempts.
 * Audited as one row (what was asked and how many moved), written after the jobs move: the
 * jobs live in Redis, so there is no transaction to share.
 */
export async function retryDeadLettersByAdmin(
  ctx: AppContext,
  input: RetryDeadLettersBody & { actorId: string; ip: string | null },
): Promise<number> {
  const retried = await retryDeadLetters(ctx.queues, { queue: input.queue, jobId: input.jobId })
  await recordAudit(ctx.db, {
    actorId: input.actorId,
    action: 'dead_letters.retried',
    subjectType: 'dead_letters',
    subjectId: input.jobId ?? input.queue ?? 'all',
    after: { queue: input.queue ?? null, jobId: input.jobId ?? null, retried },
    ip: input.ip,
  })
  return retried
}
