import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm'
import type { AppContext } from '../../context.js'
import { outbox } from '../../db/schema.js'

/** The BullMQ job id of an outbox row: re-adding a job that still exists is a no-op. */
export const outboxJobId = (id: number) => `outbox-${id}`

/**
 * Enqueues the job of a committed outbox row. A Redis failure is not an error here: the row
 * stays pending and the sweeper enqueues it later, so the change that wrote it still succeeds.
 */
export async function dispatchOutbox(ctx: AppContext, id: number): Promise<boolean> {
  try {
    await ctx.queues.add('post.analyze', { outboxId: id }, { jobId: outboxJobId(id) })
    await ctx.db
      .update(outbox)
      .set({ enqueuedAt: sql`now()` })
      .where(eq(outbox.id, id))
    return true
  } catch (err) {
    ctx.logger.warn(
      { err: (err as Error).message, outboxId: id },
      'enqueue failed; sweeper will retry',
    )
    return false
  }
}

/**
 * Re-enqueues outbox rows not done yet: never enqueued (Redis was down at commit), or
 * enqueued long ago (Redis lost the job). Returns how many rows it handed to the queue.
 */
export async function sweepOutbox(ctx: AppContext, options: { staleMs: number; limit?: number }) {
  const rows = await ctx.db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        isNull(outbox.doneAt),
        or(
          and(isNull(outbox.enqueuedAt), lt(outbox.createdAt, sql`now() - interval '2 seconds'`)),
          lt(outbox.enqueuedAt, sql`now() - make_interval(secs => ${options.staleMs / 1000})`),
        ),
      ),
    )
    .orderBy(asc(outbox.id))
    .limit(options.limit ?? 500)
  let dispatched = 0
  for (const row of rows) if (await dispatchOutbox(ctx, row.id)) dispatched++
  return dispatched
}
