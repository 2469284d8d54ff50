import { inArray } from 'drizzle-orm'
import type { AppContext } from '../../context.js'
import { scoringVersions } from '../../db/schema.js'

/** The job id of a version's rescore from a cursor, in this database. */
export const rescoreJobId = (databaseTag: string, versionId: number, cursor: number) =>
  `rescore-${databaseTag}-${versionId}-${cursor}`

/**
 * Enqueues the rescore of a version, to start `delayMs` from now (its effective time). The job
 * id names the database and the cursor it starts from: enqueueing the same rescore twice adds
 * one job, and a rescore resumed after a failure gets a new job that starts where the old one
 * stopped.
 */
export async function enqueueRescore(
  ctx: AppContext,
  version: { id: number; rescoreCursor: number },
  delayMs = 0,
): Promise<void> {
  await ctx.queues.add(
    'scoring.rescore',
    { versionId: version.id },
    {
      jobId: rescoreJobId(ctx.database.tag, version.id, version.rescoreCursor),
      delay: Math.max(0, delayMs),
    },
  )
}

/** Enqueues every rescore PostgreSQL says is pending or was running (Redis may have lost it). */
export async function enqueuePendingRescores(ctx: AppContext): Promise<number> {
  const rows = await ctx.db
    .select()
    .from(scoringVersions)
    .where(inArray(scoringVersions.rescoreState, ['pending', 'running']))
  for (const row of rows) {
    const due = row.effectiveAt ? row.effectiveAt.getTime() - Date.now() : 0
    await enqueueRescore(ctx, row, due)
  }
  return rows.length
}
