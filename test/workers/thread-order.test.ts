import { and, desc, eq, sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppContext } from '../../server/context.js'
import { createPool, type Db } from '../../server/db/client.js'
import { outageOf } from '../../server/lib/outage.js'
import * as schema from '../../server/db/schema.js'
import { analyses, brands, complaints, events, posts, scores } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { analyzePosts } from '../../workers/processors/analyze-posts.js'
import { createTestContext, driver, type TestContext } from '../support/context.js'
import { eventually } from '../support/eventually.js'
import { makeBrand, makePost } from '../support/factories.js'

// Two transactions at once need two connections: PGlite is one.
const onPostgres = driver() === 'postgres'

let t: TestContext
beforeAll(async () => {
  t = await createTestContext()
})
afterAll(() => t?.close())

const HOUR = 3600_000

/** A thread: a complaint and a later reply that is not one, each its own analyze job. */
async function ingestThread(brandId: string, thread: string) {
  const postedAt = Date.now() - 2 * HOUR
  const ingest = async (post: ReturnType<typeof makePost>) =>
    (await ingestPosts(t.ctx, { brandId, channel: 'import', posts: [post] })).outboxIds[0]!
  const root = await ingest(
    makePost({
      externalId: `${thread}-root`,
      threadId: thread,
      postedAt: new Date(postedAt).toISOString(),
      engagement: { likes: 0, replies: 0, shares: 0 },
    }),
  )
  const reply = makePost({
    externalId: `${thread}-reply`,
    threadId: thread,
    inReplyTo: `${thread}-root`,
    text: 'Thanks, I saw that too.',
    postedAt: new Date(postedAt + HOUR).toISOString(),
    engagement: { likes: 0, replies: 0, shares: 0 },
  })
  return { root, ingestReply: () => ingest(reply), replyAt: new Date(postedAt + HOUR) }
}

/** The thread's complaint, and what its rows say it should hold. */
async function threadState(brandId: string, thread: string) {
  const [complaint] = await t.ctx.db
    .select()
    .from(complaints)
    .where(and(eq(complaints.brandId, brandId), eq(complaints.threadKey, thread)))
  const [lead] = await t.ctx.db
    .select({ explanation: scores.explanation })
    .from(scores)
    .where(eq(scores.postId, complaint!.leadPostId))
    .orderBy(desc(scores.revision))
    .limit(1)
  const factors = (lead!.explanation as { factors: Array<{ key: string; threadReplies?: number }> })
    .factors
  return {
    postCount: complaint!.postCount,
    complaintCount: complaint!.complaintCount,
    lastActivityAt: complaint!.lastActivityAt.toISOString(),
    leadCountsReplies: factors.find((f) => f.key === 'engagement')?.threadReplies ?? 0,
  }
}

const waitingOnLocks = async () => {
  const { rows } = (await t.ctx.db.execute(
    sql`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type in ('Lock')`,
  )) as unknown as { rows: Array<{ n: number }> }
  return rows[0]!.n
}

describe.runIf(onPostgres)(
  'a reply analysed before, during or after its thread’s complaint',
  () => {
    it('ends in the same counters and priority in every order', async () => {
      const brand = await makeBrand(t.ctx)
      const expected = (replyAt: Date) => ({
        postCount: 2,
        complaintCount: 1,
        lastActivityAt: replyAt.toISOString(),
        leadCountsReplies: 1,
      })

      // After: the complaint commits first, then the reply.
      const after = await ingestThread(brand.id, 'after')
      await analyzePosts(t.ctx, { outboxId: after.root })
      await analyzePosts(t.ctx, { outboxId: await after.ingestReply() })
      expect(await threadState(brand.id, 'after')).toEqual(expected(after.replyAt))

      // Before: the reply is analysed while its thread has no complaint yet (another worker
      // holds the complaint's row, so the reply's job does not take it into its batch).
      const before = await ingestThread(brand.id, 'before')
      const rootHolder = new pg.Client({ connectionString: t.ctx.config.databaseUrl })
      await rootHolder.connect()
      await rootHolder.query('begin')
      await rootHolder.query('select 1 from outbox where id = $1 for update', [before.root])
      expect(await analyzePosts(t.ctx, { outboxId: await before.ingestReply() })).toBe(1)
      await rootHolder.query('rollback')
      await rootHolder.end()
      await analyzePosts(t.ctx, { outboxId: before.root })
      expect(await threadState(brand.id, 'before')).toEqual(expected(before.replyAt))

      // During: the complaint's transaction has counted the thread and not committed (it waits
      // for the brand's event sequence, held here as its update would hold it) when the reply
      // arrives and is analysed.
      const during = await ingestThread(brand.id, 'during')
      const holder = new pg.Client({ connectionString: t.ctx.config.databaseUrl })
      await holder.connect()
      await holder.query('begin')
      await holder.query('select 1 from brands where id = $1 for no key update', [brand.id])
      const root = analyzePosts(t.ctx, { outboxId: during.root })
      await eventually(
        'the complaint to wait for the brand',
        async () => (await waitingOnLocks()) >= 1,
      )
      const reply = analyzePosts(t.ctx, { outboxId: await during.ingestReply() })
      // The reply waits for its thread, rather than finding no complaint to count itself in.
      await eventually(
        'the reply to wait for its thread',
        async () => (await waitingOnLocks()) >= 2,
        {
          timeoutMs: 5000,
        },
      )
      await holder.query('rollback')
      await holder.end()
      await Promise.all([root, reply])
      expect(await threadState(brand.id, 'during')).toEqual(expected(during.replyAt))
    })
  },
)

/**
 * A Db whose transactions die at their `failAt`-th statement (BEGIN is the first): instead of
 * that statement, the connection's backend is terminated, as if the process or the server died
 * there. PostgreSQL keeps nothing of the transaction; the pool drops the dead connection.
 */
function crashingDb(url: string, failAt: number): { db: Db; close(): Promise<void> } {
  const pool = createPool(url, { max: 2, onConnectionError: () => {} })
  // Beneath the pool's own wrapping of each client (prepended), as a real death would be.
  pool.prependListener('connect', (client: pg.PoolClient) => {
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>
    let statement = 0
    ;(client as unknown as { query: typeof query }).query = (...args: unknown[]) => {
      const config = args[0] as string | { text: string }
      const text = typeof config === 'string' ? config : config.text
      if (text === 'begin') statement = 0
      if (text !== 'rollback' && ++statement === failAt) {
        return query('select pg_terminate_backend(pg_backend_pid())')
      }
      return query(...args)
    }
  })
  return { db: drizzle(pool, { schema }) as unknown as Db, close: () => pool.end() }
}

/** Every counter of the brand's complaints equals the rows it counts; every effect happened once. */
async function expectConsistent(brandId: string) {
  const { rows } = (await t.ctx.db.execute(
    sql`select c.thread_key, c.post_count, c.complaint_count, c.last_activity_at,
               (select count(*)::int from posts p where p.brand_id = c.brand_id
                  and p.network = c.network and p.thread_key = c.thread_key
                  and p.deleted_at is null) as posts,
               (select count(*)::int from posts p join analyses a on a.post_id = p.id
                  where p.brand_id = c.brand_id and p.network = c.network
                    and p.thread_key = c.thread_key and a.is_complaint) as complaint_posts,
               (select max(p.posted_at) from posts p where p.brand_id = c.brand_id
                  and p.network = c.network and p.thread_key = c.thread_key) as last_at
        from complaints c where c.brand_id = ${brandId}::uuid`,
  )) as unknown as {
    rows: Array<{
      thread_key: string
      post_count: number
      complaint_count: number
      posts: number
      complaint_posts: number
      last_activity_at: string | Date
      last_at: string | Date
    }>
  }
  for (const row of rows) {
    expect(row.post_count, row.thread_key).toBe(row.posts)
    expect(row.complaint_count, row.thread_key).toBe(row.complaint_posts)
    expect(new Date(row.last_activity_at).getTime(), row.thread_key).toBe(
      new Date(row.last_at).getTime(),
    )
  }
  const once = async (table: typeof analyses | typeof scores) => {
    const [row] = await t.ctx.db
      .select({ n: sql<number>`count(*)::int`, posts: sql<number>`count(distinct post_id)::int` })
      .from(table)
      .innerJoin(posts, eq(posts.id, table.postId))
      .where(and(eq(posts.brandId, brandId), table === scores ? eq(scores.revision, 0) : sql`true`))
    expect(row!.n).toBe(row!.posts)
  }
  await Promise.all([once(analyses), once(scores)])
  const seqs = (
    await t.ctx.db
      .select({ seq: events.seq })
      .from(events)
      .where(eq(events.brandId, brandId))
      .orderBy(events.seq)
  ).map((e) => e.seq)
  expect(seqs).toEqual(seqs.map((_, i) => i + 1))
  const [brand] = await t.ctx.db.select().from(brands).where(eq(brands.id, brandId))
  expect(brand!.eventSeq).toBe(seqs.length)
}

describe.runIf(onPostgres)('a crash at every point of an analysis', () => {
  it('leaves counters equal to their rows once the job runs again', async () => {
    const brand = await makeBrand(t.ctx)
    const crashAt = async (ctx: AppContext, outboxId: number, failAt: number) => {
      const crashing = crashingDb(ctx.config.databaseUrl!, failAt)
      try {
        await analyzePosts({ ...ctx, db: crashing.db }, { outboxId })
        return false
      } catch (err) {
        expect(outageOf(err), String(err)).toBe('postgres')
        return true
      } finally {
        await crashing.close()
      }
    }
    let points = 0
    for (let failAt = 1; ; failAt++) {
      const thread = await ingestThread(brand.id, `crash-${failAt}`)
      // The complaint's analysis dies at this statement; so does the reply's. Each runs again.
      const rootCrashed = await crashAt(t.ctx, thread.root, failAt)
      await analyzePosts(t.ctx, { outboxId: thread.root })
      const replyId = await thread.ingestReply()
      const replyCrashed = await crashAt(t.ctx, replyId, failAt)
      await analyzePosts(t.ctx, { outboxId: replyId })
      await expectConsistent(brand.id)
      if (!rootCrashed && !replyCrashed) break
      points++
    }
    // Every statement of the transaction, BEGIN to COMMIT, was a crash point.
    expect(points).toBeGreaterThan(10)
  }, 120_000)
})
