import crypto from 'node:crypto'
import type { JobData } from '../../shared/schemas/jobs.js'
import type { AppContext } from '../../server/context.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { getSource } from '../../server/db/repositories/sources.js'
import { getBrand } from '../../server/db/repositories/brands.js'
import { unscheduleSource } from '../schedule.js'
import { CONNECTORS } from '../sources/index.js'
import { sourceIo } from '../sources/source-io.js'

/**
 * Takes the next batch from a source at its cursor and ingests it; the new cursor commits
 * with the posts (and the rejections) it covers. A short Redis lock keeps two workers
 * from polling the same source at once; if the lock is held, this poll is skipped.
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
    const brand = await getBrand(ctx.db, source.brandId)
    if (brand.archivedAt) return 0
    const result = await connector.poll(source, Date.now(), sourceIo(ctx, source, brand))
    const channel = source.kind === 'replay' ? 'replay' : 'connector'
    const where = { brandId: source.brandId, sourceId, channel } as const
    const ingested = await ingestPosts(ctx, {
      ...where,
      posts: result.records.flatMap((r) => (r.ok ? [r.post] : [])),
      rejections: result.records.flatMap((r) =>
        r.ok ? [] : [{ ...where, issues: r.issues, payload: r.raw, line: r.line }],
      ),
      cursor: { ...(result.cursor as object), done: result.done },
    })
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
