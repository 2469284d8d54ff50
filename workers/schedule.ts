import { and, eq, inArray } from 'drizzle-orm'
import type { AppContext } from '../server/context.js'
import { sources } from '../server/db/schema.js'
import { CONNECTORS, POLL_EVERY_MS } from './sources/index.js'

const schedulerId = (sourceId: string) => `poll-${sourceId}`

/**
 * Polls a source every second through BullMQ's job scheduler (one per source, idempotent).
 * A poll is not retried: the next one, a second later, resumes at the same cursor. The last
 * hundred failed polls are kept for the dead letters.
 */
export async function scheduleSource(ctx: AppContext, sourceId: string): Promise<void> {
  await ctx.queues.ingest.upsertJobScheduler(
    schedulerId(sourceId),
    { every: POLL_EVERY_MS },
    {
      name: 'source.poll',
      data: { sourceId },
      opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
    },
  )
}

export async function unscheduleSource(ctx: AppContext, sourceId: string): Promise<void> {
  await ctx.queues.ingest.removeJobScheduler(schedulerId(sourceId))
}

/**
 * Re-creates the schedulers of every enabled polled source that has not finished, so that a
 * Redis that lost its data (or a fresh one) picks up where PostgreSQL says things stand, and a
 * source added or resumed through the API starts being polled. Returns how many it wrote.
 */
export async function scheduleAllSources(ctx: AppContext): Promise<number> {
  const rows = await ctx.db
    .select({ id: sources.id, cursor: sources.cursor })
    .from(sources)
    .where(and(eq(sources.enabled, true), inArray(sources.kind, Object.keys(CONNECTORS))))
  const active = rows.filter((r) => !(r.cursor as { done?: boolean } | null)?.done)
  let written = 0
  for (const row of active) {
    // Written again only when missing, so that calling this every maintenance pass is cheap.
    if (await ctx.queues.ingest.getJobScheduler(schedulerId(row.id))) continue
    await scheduleSource(ctx, row.id)
    written++
  }
  return written
}
