import { and, asc, count, eq, inArray, isNull } from 'drizzle-orm'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyses, outbox, posts } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { claimPendingAnalyzeRows } from '../../server/db/repositories/outbox.js'
import { analyzePosts } from '../../workers/processors/analyze-posts.js'
import { createTestContext, driver, type TestContext } from '../support/context.js'
import { makeBrand, makePost } from '../support/factories.js'

// A webhook delivery stores one post with its own outbox row and job. A job takes the pending
// rows nobody holds, up to a batch, so posts arriving one at a time are analysed in batches.

let t: TestContext
let small: TestContext
beforeAll(async () => {
  t = await createTestContext()
  small = await createTestContext({ ANALYZE_BATCH: '3' })
})
afterAll(async () => {
  await t?.close()
  await small?.close()
})

/** Stores `n` posts one delivery at a time: one outbox row each. */
async function ingestOneByOne(ctx: TestContext['ctx'], brandId: string, prefix: string, n: number) {
  const rows: number[] = []
  for (let i = 0; i < n; i++) {
    const { outboxIds } = await ingestPosts(ctx, {
      brandId,
      channel: 'webhook',
      posts: [makePost({ externalId: `${prefix}-${i}` })],
    })
    rows.push(outboxIds[0]!)
  }
  return rows
}

async function analysesPerPost(ctx: TestContext['ctx'], brandId: string) {
  const rows = await ctx.db
    .select({ postId: posts.id, n: count(analyses.postId) })
    .from(posts)
    .leftJoin(analyses, eq(analyses.postId, posts.id))
    .where(eq(posts.brandId, brandId))
    .groupBy(posts.id)
  return rows.map((r) => r.n)
}

/** Which of these outbox rows are still to do, oldest first. */
const pendingOf = async (ctx: TestContext['ctx'], ids: number[]) =>
  (
    await ctx.db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(inArray(outbox.id, ids), isNull(outbox.doneAt)))
      .orderBy(asc(outbox.id))
  ).map((r) => r.id)

describe('analyze jobs take the pending rows with their own', () => {
  it('analyses posts that came one at a time in one batch, each once; their own jobs find them done', async () => {
    const brand = await makeBrand(t.ctx)
    const rows = await ingestOneByOne(t.ctx, brand.id, 'single', 5)
    expect(await analyzePosts(t.ctx, { outboxId: rows[0]! })).toBe(5)
    expect(await pendingOf(t.ctx, rows)).toEqual([])
    for (const id of rows.slice(1)) expect(await analyzePosts(t.ctx, { outboxId: id })).toBe(0)
    expect(await analysesPerPost(t.ctx, brand.id)).toEqual([1, 1, 1, 1, 1])
  })

  it('never takes more than a batch', async () => {
    const brand = await makeBrand(small.ctx)
    const rows = await ingestOneByOne(small.ctx, brand.id, 'capped', 5)
    expect(await analyzePosts(small.ctx, { outboxId: rows[0]! })).toBe(3)
    expect(await pendingOf(small.ctx, rows)).toEqual(rows.slice(3))
    expect(await analyzePosts(small.ctx, { outboxId: rows[4]! })).toBe(2)
    expect(await analyzePosts(small.ctx, { outboxId: rows[3]! })).toBe(0)
    expect(await analysesPerPost(small.ctx, brand.id)).toEqual([1, 1, 1, 1, 1])
  })

  it.runIf(driver() === 'postgres')(
    'locks only the rows that fit, so a row left out is not held from its own job',
    async () => {
      const brand = await makeBrand(small.ctx)
      // Rows of two posts each, with room for three more posts: one row fits.
      const rows: number[] = []
      for (let i = 0; i < 3; i++) {
        const { outboxIds } = await ingestPosts(small.ctx, {
          brandId: brand.id,
          channel: 'webhook',
          posts: [makePost({ externalId: `pair-${i}-a` }), makePost({ externalId: `pair-${i}-b` })],
        })
        rows.push(outboxIds[0]!)
      }
      const other = new pg.Client({ connectionString: small.ctx.config.databaseUrl })
      await other.connect()
      try {
        await small.ctx.db.transaction(async (tx) => {
          const taken = await claimPendingAnalyzeRows(tx, { except: -1, room: 3 })
          expect(taken.map((r) => r.id)).toEqual([rows[0]])
          const free = await other.query<{ id: string }>(
            'select id from outbox where id = any($1) order by id for update skip locked',
            [rows],
          )
          expect(free.rows.map((r) => Number(r.id))).toEqual(rows.slice(1))
        })
      } finally {
        await other.end()
      }
    },
  )

  // Two transactions at once need two connections: PGlite is one.
  it.runIf(driver() === 'postgres')(
    'skips a row another job holds, without waiting for it',
    async () => {
      const brand = await makeBrand(t.ctx)
      const rows = await ingestOneByOne(t.ctx, brand.id, 'held', 4)
      const holder = new pg.Client({ connectionString: t.ctx.config.databaseUrl })
      await holder.connect()
      try {
        await holder.query('begin')
        await holder.query('select 1 from outbox where id = $1 for update', [rows[1]])
        expect(await analyzePosts(t.ctx, { outboxId: rows[0]! })).toBe(3)
        expect(await pendingOf(t.ctx, rows)).toEqual([rows[1]])
      } finally {
        await holder.query('rollback')
        await holder.end()
      }
      expect(await analyzePosts(t.ctx, { outboxId: rows[1]! })).toBe(1)
      expect(await analysesPerPost(t.ctx, brand.id)).toEqual([1, 1, 1, 1])
    },
  )
})
