import { setTimeout as sleep } from 'node:timers/promises'
import { SourceTestResultSchema, type SourceTestResult } from '../../../shared/schemas/sources.js'
import type { AppContext } from '../../context.js'
import { getSource } from '../../db/repositories/sources.js'
import { AppError } from '../../lib/app-error.js'

/** A network answers within 15 s or fails; the worker may be busy for a few more. */
export const TEST_WAIT_MS = 25_000

/**
 * Test connection: the worker makes one real request to the source's network (the API
 * process never talks to networks) and this waits for its answer, in words.
 */
export async function testSourceConnection(
  ctx: AppContext,
  sourceId: string,
  waitMs = TEST_WAIT_MS,
): Promise<SourceTestResult> {
  const source = await getSource(ctx.db, sourceId)
  if (source.kind === 'webhook')
    throw new AppError('conflict', 'A webhook source is pushed to: there is no connection to test')
  const job = await ctx.queues.ingest.add(
    'source.test',
    { sourceId },
    { attempts: 1, removeOnComplete: { age: 600 }, removeOnFail: { age: 600 } },
  )
  const until = Date.now() + waitMs
  while (Date.now() < until) {
    const state = await job.getState()
    if (state === 'completed') {
      const done = await ctx.queues.ingest.getJob(job.id!)
      return SourceTestResultSchema.parse(done?.returnvalue)
    }
    if (state === 'failed') {
      const failed = await ctx.queues.ingest.getJob(job.id!)
      return {
        ok: false,
        message: failed?.failedReason ?? 'the test failed',
        posts: 0,
        setAside: 0,
        sample: [],
      }
    }
    await sleep(150)
  }
  await job.remove().catch(() => undefined)
  throw new AppError(
    'unavailable',
    `No worker answered within ${Math.round(waitMs / 1000)} s: is the worker process running?`,
  )
}
