import crypto from 'node:crypto'
import type { JobData } from '../../shared/schemas/jobs.js'
import type { AppContext } from '../../server/context.js'
import { markPostDeleted } from '../../server/domain/complaints/delete-post.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { applyEdits, applyEngagement } from '../../server/domain/sources/source-updates.js'
import { getBrand } from '../../server/db/repositories/brands.js'
import { recordPollFailure, recordPollSuccess } from '../../server/db/repositories/source-health.js'
import { getSource } from '../../server/db/repositories/sources.js'
import { publishComplaintEvents } from '../../server/realtime/complaint-events.js'
import { unscheduleSource } from '../schedule.js'
import { SourceError, type PollResult } from '../sources/connector.js'
import { CONNECTORS, pollIntervalMs } from '../sources/index.js'
import { sourceIo } from '../sources/source-io.js'

/**
 * Takes the next batch from a source at its cursor and ingests it; the new cursor commits
 * with the posts (and the rejections) it covers. A short Redis lock keeps two workers
 * from polling the same source at once; if the lock is held, this poll is skipped.
 *
 * Politeness: the scheduler ticks every second, but a source is asked only when its
 * `next_poll_at` has come (its interval, a network's rate-limit reset, a backoff after a
 * failure, or an open circuit). A failed poll keeps the cursor and records the error.
 */
export async function pollSource(ctx: AppContext, { sourceId }: JobData<'source.poll'>) {
  const { redis } = ctx
  const lockKey = `${ctx.config.queuePrefix}:lock:source:${sourceId}`
  const token = crypto.randomUUID()
  if ((await redis.set(lockKey, token, 'PX', ctx.config.jobLockMs, 'NX')) !== 'OK') return 0
  try {
    const source = await getSource(ctx.db, sourceId).catch(() => null)
    const connector = source && CONNECTORS[source.kind]
    // A schedule outliving its source (deleted, or another database on the same Redis) ends.
    if (!source || !source.enabled || !connector) {
      await unscheduleSource(ctx, sourceId)
      return 0
    }
    // An archived brand listens to nothing. Its schedule stays (a poll that reads one row a
    // second), so restoring the brand resumes the source at its cursor without a worker restart.
    // Most ticks find the source not due: that costs the one read above, nothing more.
    const now = Date.now()
    if (source.nextPollAt && source.nextPollAt.getTime() > now) return 0
    const brand = await getBrand(ctx.db, source.brandId)
    if (brand.archivedAt) return 0
    let result: PollResult
    try {
      result = await connector.poll(source, now, sourceIo(ctx, source, brand))
    } catch (err) {
      const failure = err instanceof SourceError ? err : null
      const message = failure?.message ?? `connector failed: ${(err as Error).message}`
      const next = await recordPollFailure(ctx.db, source, {
        now,
        error: message,
        retryAt: failure?.options.retryAt,
        permanent: failure?.options.permanent,
      })
      ctx.metrics.sourcePolls.inc({ source: sourceId, kind: source.kind, outcome: 'failed' })
      ctx.logger.warn(
        { mod: 'sources', sourceId, kind: source.kind, nextPollAt: new Date(next.nextPollAt) },
        `source poll failed: ${message}`,
      )
      return 0
    }
    for (const warning of result.warnings ?? [])
      ctx.logger.warn({ mod: 'sources', sourceId, kind: source.kind }, warning)
    const where = { brandId: source.brandId, sourceId }
    // Deletes and edits first: applying one again is a no-op, so a crash before the cursor
    // commits repeats them harmlessly, while the cursor never gets ahead of them.
    for (const gone of result.deletes ?? []) {
      const { events } = await markPostDeleted(ctx, { ...where, ...gone })
      publishComplaintEvents(ctx.publisher, events)
    }
    await applyEdits(ctx, where, result.edits ?? [])
    await applyEngagement(ctx, where, result.engagement ?? [])
    const channel = source.kind === 'replay' ? 'replay' : 'connector'
    const batch = { ...where, channel } as const
    const ingested = await ingestPosts(ctx, {
      ...batch,
      posts: result.records.flatMap((r) => (r.ok ? [r.post] : [])),
      rejections: result.records.flatMap((r) =>
        r.ok ? [] : [{ ...batch, issues: r.issues, payload: r.raw, line: r.line }],
      ),
      cursor: { ...(result.cursor as object), done: result.done },
    })
    const interval = pollIntervalMs(source)
    await recordPollSuccess(ctx.db, source, {
      now,
      inserted: ingested.inserted,
      nextPollAt: result.nextPollAt ?? (interval ? now + interval : null),
    })
    ctx.metrics.sourcePolls.inc({ source: sourceId, kind: source.kind, outcome: 'ok' })
    ctx.metrics.sourcePosts.inc({ source: sourceId, kind: source.kind }, ingested.inserted)
    if (result.done) {
      await unscheduleSource(ctx, sourceId)
      ctx.logger.info({ mod: 'sources', sourceId }, 'source played to the end')
    }
    return ingested.inserted
  } finally {
    // Release only our own lock (compare-and-delete).
    await redis.eval(
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0",
      1,
      lockKey,
      token,
    )
  }
}
