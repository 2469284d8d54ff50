import { Job, QueueEvents } from 'bullmq'
import { eq } from 'drizzle-orm'
import type { AppContext } from '../../server/context.js'
import { outbox } from '../../server/db/schema.js'
import { outboxJobId } from '../../server/domain/ingest/dispatch-outbox.js'
import { createRedis } from '../../server/queue/redis.js'

/** Resolves when the analyze jobs of these outbox rows have completed (events, not sleeps). */
export async function waitForAnalysis(
  ctx: AppContext,
  outboxIds: number[],
  timeoutMs = 20_000,
): Promise<void> {
  const events = new QueueEvents('analyze', {
    connection: createRedis(ctx.config.redis, 'worker'),
    prefix: ctx.config.queuePrefix,
  })
  try {
    await events.waitUntilReady()
    // One at a time: each wait adds a listener to the queue, and the jobs run meanwhile anyway.
    for (const id of outboxIds) {
      const [row] = await ctx.db
        .select({ dispatches: outbox.dispatches })
        .from(outbox)
        .where(eq(outbox.id, id))
      const jobId = outboxJobId(ctx.database.tag, id, row?.dispatches ?? 0)
      const job = await Job.fromId(ctx.queues.analyze, jobId)
      if (!job) throw new Error(`no analyze job for outbox row ${id}`)
      await job.waitUntilFinished(events, timeoutMs)
    }
  } finally {
    await events.close()
  }
}

/** Resolves with the first value an emitter fires for `name` that satisfies `match`. */
export function waitFor<T>(
  emitter: {
    on(name: string, fn: (value: T) => void): unknown
    off(name: string, fn: (value: T) => void): unknown
  },
  name: string,
  match: (value: T) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(name, listener)
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${name}`))
    }, timeoutMs)
    const listener = (value: T) => {
      if (!match(value)) return
      clearTimeout(timer)
      emitter.off(name, listener)
      resolve(value)
    }
    emitter.on(name, listener)
  })
}
