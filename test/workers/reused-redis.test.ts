import crypto from 'node:crypto'
import { count, isNull } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { outbox } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { deleteKeysWithPrefix } from '../../server/queue/redis.js'
import { startWorkers } from '../../workers/main.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, makePost } from '../support/factories.js'
import { waitForAnalysis } from '../support/wait.js'

const opened: TestContext[] = []
afterAll(async () => {
  for (const t of opened.reverse()) await t.close()
})

async function open(overrides: Record<string, string | undefined>) {
  const t = await createTestContext(overrides)
  opened.push(t)
  return t
}

/** An earlier database's work left in Redis: jobs for outbox rows 1, 2, 3... of that database. */
async function leaveJobsBehind(prefix: string) {
  const earlier = await open({ QUEUE_PREFIX: prefix })
  const brand = await makeBrand(earlier.ctx)
  const left = await ingestPosts(earlier.ctx, {
    brandId: brand.id,
    channel: 'import',
    posts: Array.from({ length: 30 }, () => makePost()),
  })
  expect(await earlier.ctx.queues.analyze.getWaitingCount()).toBe(left.outboxIds.length)
  return earlier
}

describe('a fresh database on a Redis that holds an earlier database’s jobs', () => {
  it('under the same QUEUE_PREFIX: the earlier work is cleared, and every new post is analysed', async () => {
    const prefix = `fbtest-reuse-${crypto.randomBytes(4).toString('hex')}`
    const earlier = await leaveJobsBehind(prefix)
    // Its processes stop; their heartbeat lapses (this is what 30 s without one leaves).
    await earlier.ctx.redis.del(`${prefix}:instance:alive`)

    const fresh = await open({ QUEUE_PREFIX: prefix })
    expect(fresh.ctx.database.id).not.toBe(earlier.ctx.database.id)
    expect(await fresh.ctx.queues.analyze.getWaitingCount()).toBe(0)
    const brand = await makeBrand(fresh.ctx)
    const ingested = await ingestPosts(fresh.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: Array.from({ length: 600 }, () => makePost()),
    })
    // Outbox rows are numbered from 1 again, as were the earlier database's.
    expect(Math.min(...ingested.outboxIds)).toBe(1)
    const workers = await startWorkers(fresh.ctx)
    try {
      await waitForAnalysis(fresh.ctx, ingested.outboxIds)
    } finally {
      await workers.close()
    }
    const [pending] = await fresh.ctx.db
      .select({ n: count() })
      .from(outbox)
      .where(isNull(outbox.doneAt))
    expect(pending!.n).toBe(0)
  })

  it('while the earlier database still runs on that prefix: refused, naming both', async () => {
    const prefix = `fbtest-reuse-${crypto.randomBytes(4).toString('hex')}`
    await leaveJobsBehind(prefix)
    await expect(open({ QUEUE_PREFIX: prefix })).rejects.toThrow(
      new RegExp(
        `QUEUE_PREFIX=${prefix} on redis://127\\.0\\.0\\.1:6379 already serves another database ` +
          `\\((postgres 127\\.0\\.0\\.1:5432/\\w+|the embedded database in .+)\\).* this process serves ` +
          `(postgres 127\\.0\\.0\\.1:5432/\\w+|the embedded database in .+)\\. Two databases`,
      ),
    )
  })

  it('with no QUEUE_PREFIX: each database derives its own, so both run side by side', async () => {
    const first = await open({ QUEUE_PREFIX: undefined })
    const second = await open({ QUEUE_PREFIX: undefined })
    expect(first.ctx.config.queuePrefix).toBe(`firebreak-${first.ctx.database.tag}`)
    expect(second.ctx.config.queuePrefix).not.toBe(first.ctx.config.queuePrefix)
    // Their keys are theirs to remove (a test prefix is removed on close anyway).
    await deleteKeysWithPrefix(first.ctx.redis, first.ctx.config.queuePrefix)
  })
})
