import { QueueEvents } from 'bullmq'
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyses, complaints, events, posts, scores } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { createRedis } from '../../server/queue/redis.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, makePost } from '../support/factories.js'
import { processEnv, spawnFirebreak } from '../support/processes.js'
import { waitForAnalysis } from '../support/wait.js'

let t: TestContext
let env: Record<string, string>

beforeAll(async () => {
  env = await processEnv({
    // Small jobs and a short lock, so a killed worker's jobs are found stalled quickly.
    ANALYZE_BATCH: '20',
    JOB_LOCK_MS: '2000',
  })
  t = await createTestContext(env)
})
afterAll(() => t?.close())

const count = async (query: Promise<Array<{ n: number }>>) => (await query)[0]!.n

describe('a worker killed mid-job', () => {
  it('loses no post and duplicates none', async () => {
    const brand = await makeBrand(t.ctx)
    const batch = Array.from({ length: 2000 }, (_, i) =>
      makePost({ threadId: `thread-${i % 400}` }),
    )
    const result = await ingestPosts(t.ctx, { brandId: brand.id, channel: 'import', posts: batch })
    expect(result.inserted).toBe(2000)

    const queueEvents = new QueueEvents('analyze', {
      connection: createRedis(t.ctx.config.redis, 'worker'),
      prefix: env.QUEUE_PREFIX,
    })
    await queueEvents.waitUntilReady()
    let completed = 0
    const someDone = new Promise<void>((resolve) =>
      queueEvents.on('completed', () => {
        if (++completed === 5) resolve()
      }),
    )
    const first = await spawnFirebreak(['--role', 'worker'], env)
    await someDone
    expect(await first.stop('SIGKILL')).toBe(null) // killed by signal, mid-stream

    const analysedAtKill = await count(
      t.ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(analyses)
        .innerJoin(posts, eq(posts.id, analyses.postId))
        .where(eq(posts.brandId, brand.id)),
    )
    expect(analysedAtKill).toBeLessThan(2000)

    const second = await spawnFirebreak(['--role', 'worker'], env)
    await waitForAnalysis(t.ctx, result.outboxIds, 60_000)
    await second.stop()
    await queueEvents.close()

    const byBrand = eq(posts.brandId, brand.id)
    const n = sql<number>`count(*)::int`
    expect(await count(t.ctx.db.select({ n }).from(posts).where(byBrand))).toBe(2000)
    expect(
      await count(
        t.ctx.db
          .select({ n })
          .from(analyses)
          .innerJoin(posts, eq(posts.id, analyses.postId))
          .where(byBrand),
      ),
    ).toBe(2000)
    expect(
      await count(
        t.ctx.db
          .select({ n })
          .from(scores)
          .innerJoin(posts, eq(posts.id, scores.postId))
          // Revision 0 is each post's own score; leads of growing threads add later revisions.
          .where(and(byBrand, eq(scores.revision, 0))),
      ),
    ).toBe(2000)
    const threads = await t.ctx.db.select().from(complaints).where(eq(complaints.brandId, brand.id))
    expect(threads).toHaveLength(400)
    // Each complaint counts each of its 5 complaint posts once, however often a job ran.
    expect(threads.every((c) => c.complaintCount === 5)).toBe(true)
    const seqs = (
      await t.ctx.db
        .select({ seq: events.seq })
        .from(events)
        .where(eq(events.brandId, brand.id))
        .orderBy(events.seq)
    ).map((e) => e.seq)
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1))
  }, 120_000)
})
