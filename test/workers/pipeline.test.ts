import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyses, complaints, events, posts, scores } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, makePost } from '../support/factories.js'
import { waitForAnalysis } from '../support/wait.js'

let t: TestContext
let workers: WorkersHandle

beforeAll(async () => {
  t = await createTestContext()
  workers = await startWorkers(t.ctx)
})
afterAll(async () => {
  await workers?.close()
  await t?.close()
})

describe('ingest → analyze → score → complaint', () => {
  it('stores, analyses and folds a thread into one ranked complaint with events', async () => {
    const brand = await makeBrand(t.ctx)
    const root = makePost({
      threadId: 'thread-1',
      externalId: 'root-1',
      author: { externalId: 'a1', handle: 'loud', followers: 250_000 },
    })
    const reply = makePost({
      externalId: 'reply-1',
      inReplyTo: 'root-1',
      text: 'Same here, mine went from 64 to 31. Nobody at Kredo answers.',
      author: { externalId: 'a2', handle: 'quiet', followers: 80 },
    })
    const praise = makePost({
      externalId: 'praise-1',
      text: 'Honestly I love the new Kredo model, great work!',
    })

    const result = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [root, reply, praise],
    })
    expect(result).toMatchObject({ inserted: 3, duplicates: 0 })
    await waitForAnalysis(t.ctx, result.outboxIds)

    const stored = await t.ctx.db.select().from(posts).where(eq(posts.brandId, brand.id))
    expect(stored.map((p) => [p.externalId, p.threadKey]).sort()).toEqual([
      ['praise-1', 'praise-1'],
      ['reply-1', 'thread-1'],
      ['root-1', 'thread-1'],
    ])
    const ids = stored.map((p) => p.id)
    const analysed = await t.ctx.db
      .select()
      .from(analyses)
      .where(sql`${analyses.postId} in ${ids}`)
    const scored = await t.ctx.db
      .select()
      .from(scores)
      .where(sql`${scores.postId} in ${ids}`)
    expect(analysed).toHaveLength(3)
    expect(scored).toHaveLength(3)
    expect(
      analysed.find((a) => a.postId === stored.find((p) => p.externalId === 'praise-1')!.id),
    ).toMatchObject({
      label: 'positive',
      isComplaint: false,
    })

    const threads = await t.ctx.db.select().from(complaints).where(eq(complaints.brandId, brand.id))
    expect(threads).toHaveLength(1)
    const leadId = stored.find((p) => p.externalId === 'root-1')!.id
    expect(threads[0]).toMatchObject({
      threadKey: 'thread-1',
      complaintCount: 2,
      leadPostId: leadId,
    })

    const logged = await t.ctx.db.select().from(events).where(eq(events.brandId, brand.id))
    expect(logged.map((e) => e.seq)).toEqual([1])
    expect(logged[0]!.type).toBe('complaint.scored')
  })

  it("does not count a post matching the brand's excluded terms as a complaint", async () => {
    const brand = await makeBrand(t.ctx, 'Kredo', ['kredo bank'])
    const post = makePost({
      text: 'Kredo Bank froze my account. Terrible service, nobody answers.',
    })
    const result = await ingestPosts(t.ctx, { brandId: brand.id, channel: 'import', posts: [post] })
    await waitForAnalysis(t.ctx, result.outboxIds)
    const [row] = await t.ctx.db
      .select({ isComplaint: analyses.isComplaint, explanation: analyses.explanation })
      .from(analyses)
      .innerJoin(posts, eq(posts.id, analyses.postId))
      .where(eq(posts.brandId, brand.id))
    expect(row).toMatchObject({ isComplaint: false, explanation: { excludedTerm: 'kredo bank' } })
    expect(
      await t.ctx.db.select().from(complaints).where(eq(complaints.brandId, brand.id)),
    ).toEqual([])
  })

  it('stores a post delivered twice once, and analyses it once', async () => {
    const brand = await makeBrand(t.ctx)
    const post = makePost()
    const first = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [post, post],
    })
    const second = await ingestPosts(t.ctx, { brandId: brand.id, channel: 'replay', posts: [post] })
    expect(first).toMatchObject({ inserted: 1, duplicates: 1 })
    expect(second).toMatchObject({ inserted: 0, duplicates: 1, outboxIds: [] })
    await waitForAnalysis(t.ctx, first.outboxIds)
    const [row] = await t.ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(posts)
      .where(eq(posts.brandId, brand.id))
    expect(row!.n).toBe(1)
  })
})
