import { and, asc, count, eq, isNull, lt, or, sql } from 'drizzle-orm'
import { JOBS, OUTBOX_KINDS, type OutboxKind } from '../../../shared/schemas/jobs.js'
import type { AppContext } from '../../context.js'
import { outbox } from '../../db/schema.js'

/**
 * The BullMQ job id of an outbox row's dispatch: the database's tag, the row and the dispatch
 * number. An id from another database (a reused Redis) or from a dispatch whose job was lost
 * can never stand in for this one (ids may not contain `:`).
 */
export const outboxJobId = (databaseTag: string, outboxId: number, dispatch: number) =>
  `o-${databaseTag}-${outboxId}-${dispatch}`

/** A committed outbox row: its kind names the job that does its work. */
export interface OutboxRef {
  id: number
  kind: OutboxKind
}

/**
 * Enqueues the job of a committed outbox row. A Redis failure is not an error here: the row
 * stays pending and the sweeper enqueues it later, so the change that wrote it still succeeds.
 */
export async function dispatchOutbox(
  ctx: AppContext,
  { id, kind }: OutboxRef,
  dispatch = 0,
): Promise<boolean> {
  // Each step names what it talks to: a bare socket error (ECONNRESET) says no more.
  const step = async (dependency: 'redis' | 'postgres', run: () => Promise<unknown>) => {
    try {
      await run()
      return true
    } catch (err) {
      if (!ctx.health.reportFailure(err, dependency))
        ctx.logger.warn({ err, outboxId: id }, 'enqueue failed; the sweeper will retry')
      return false
    }
  }
  return (
    (await step('redis', () =>
      ctx.queues.add(
        kind,
        { outboxId: id },
        { jobId: outboxJobId(ctx.database.tag, id, dispatch) },
      ),
    )) &&
    step('postgres', () =>
      ctx.db
        .update(outbox)
        .set({ enqueuedAt: sql`now()`, dispatches: dispatch })
        .where(eq(outbox.id, id)),
    )
  )
}

/** What one sweep did. */
export interface SweepResult {
  /** Rows never enqueued (Redis was away at commit), enqueued now. */
  enqueued: number
  /** Rows whose job was lost (Redis lost its data, or the job vanished), re-added under a fresh id. */
  redispatched: number
  /** Rows whose job ran out of attempts: dead letters, retried apart (see dead-letters.ts). */
  deadLettered: number
}

/**
 * Makes sure every pending outbox row has a live job: rows never enqueued are enqueued; rows
 * enqueued long ago (`staleMs`) are looked up in the queue. A job still waiting or running is
 * left alone (the row is looked at again after another `staleMs`); a job that is gone, or
 * completed while its row is still pending, is replaced under a fresh job id (re-adding the
 * same id would find the old job and do nothing); a failed job is a dead letter, which is
 * retried, not replaced, so that its failure stays visible.
 */
export async function sweepOutbox(
  ctx: AppContext,
  options: { staleMs: number; limit?: number },
): Promise<SweepResult> {
  const rows = await ctx.db
    .select({
      id: outbox.id,
      kind: outbox.kind,
      enqueuedAt: outbox.enqueuedAt,
      dispatches: outbox.dispatches,
    })
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
  const result: SweepResult = { enqueued: 0, redispatched: 0, deadLettered: 0 }
  for (const row of rows) {
    if (!isOutboxKind(row.kind)) {
      // Written by a newer version of Firebreak: its workers will do it.
      ctx.logger.warn({ outboxId: row.id, kind: row.kind }, 'outbox row of an unknown kind')
      continue
    }
    const ref = { id: row.id, kind: row.kind }
    if (!row.enqueuedAt) {
      if (await dispatchOutbox(ctx, ref, row.dispatches)) result.enqueued++
      continue
    }
    const state = await ctx.queues[JOBS[row.kind].queue].getJobState(
      outboxJobId(ctx.database.tag, row.id, row.dispatches),
    )
    if (state === 'failed') {
      result.deadLettered++
    } else if (state === 'completed' || state === 'unknown') {
      if (await dispatchOutbox(ctx, ref, row.dispatches + 1)) result.redispatched++
    } else {
      // Still queued behind others, or running: look again after another staleMs.
      await ctx.db
        .update(outbox)
        .set({ enqueuedAt: sql`now()` })
        .where(eq(outbox.id, row.id))
    }
  }
  if (result.redispatched) {
    ctx.metrics.outboxRedispatched.inc(result.redispatched)
    await ctx.redis.incrby(redispatchedKey(ctx), result.redispatched).catch(() => {})
  }
  return result
}

/** Where every process counts the rows it re-added: one figure for the whole instance. */
const redispatchedKey = (ctx: AppContext) => `${ctx.config.queuePrefix}:outbox:redispatched`

/** Rows re-added under a fresh job id, by every process, since Redis last lost its data. */
export async function countRedispatched(ctx: AppContext): Promise<number | null> {
  try {
    return Number((await ctx.redis.get(redispatchedKey(ctx))) ?? 0)
  } catch {
    return null
  }
}

/** Outbox rows whose work is not done yet. */
export async function countPendingOutbox(ctx: AppContext): Promise<number> {
  const [row] = await ctx.db.select({ n: count() }).from(outbox).where(isNull(outbox.doneAt))
  return row!.n
}

const isOutboxKind = (kind: string): kind is OutboxKind => (OUTBOX_KINDS as string[]).includes(kind)
