import crypto from 'node:crypto'
import { and, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  analyses,
  authors,
  complaints,
  posts,
  rejectedPayloads,
  sources,
} from '../../server/db/schema.js'
import { pollSource } from '../../workers/processors/poll-source.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { forgetBlueskySessions } from '../../workers/sources/bluesky-search-session.js'
import { makeDue, pollDueNow } from '../support/source-row.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { eventually } from '../support/eventually.js'
import { FakeBlueskySearch, KLOUT_POST_URIS } from '../support/fake-bluesky-search.js'
import { makeBrand } from '../support/factories.js'
import { complaintAfterDelete, complaintLedBy, storedPost } from '../support/stored-posts.js'

let t: TestContext
let fake: FakeBlueskySearch
let workers: WorkersHandle | undefined
/** The source of the first test, its posts stored and made complaints. */
let e2e: { brandId: string; sourceId: string } | undefined

beforeAll(async () => {
  fake = await new FakeBlueskySearch().start()
  t = await createTestContext({ SSRF_ALLOWLIST: '127.0.0.1' })
})
afterAll(async () => {
  await workers?.close()
  await t?.close()
  await fake?.close()
})

/** The recorded posts are from 2026-08-25 14:02–14:24; the source starts just before them. */
const START = { at: Date.parse('2026-08-25T14:00:00Z'), uris: [] }

async function bluesky(config: Record<string, unknown> = {}) {
  const brand = await makeBrand(t.ctx, 'Klout')
  const id = `src_bsky_${crypto.randomBytes(4).toString('hex')}`
  await t.ctx.db.insert(sources).values({
    id,
    brandId: brand.id,
    kind: 'bluesky',
    name: 'Bluesky search',
    config: { service: fake.url, appViewUrl: fake.url, pageSize: 3, ...config },
    secretsCiphertext: t.ctx.secrets.seal(
      JSON.stringify({ identifier: 'klout-watch.example.com', appPassword: fake.password }),
    ),
    cursor: START,
  })
  return { brand, sourceId: id }
}

const storedIds = async (sourceId: string) =>
  (
    await t.ctx.db
      .select({ externalId: posts.externalId })
      .from(posts)
      .where(eq(posts.sourceId, sourceId))
  ).map((r) => r.externalId)

describe('bluesky search into complaints', () => {
  it('polls until caught up, ignores a second sight of the same posts, and the posts become complaints', async () => {
    const { brand, sourceId } = await bluesky()
    e2e = { brandId: brand.id, sourceId }
    let inserted = 0
    for (let n = 0; n < 5; n++) {
      const got = await pollSource(t.ctx, { sourceId })
      inserted += got
      if (got === 0) break
    }
    expect(inserted).toBe(5)
    expect((await storedIds(sourceId)).sort()).toEqual([...KLOUT_POST_URIS].sort())
    const [reply] = await t.ctx.db
      .select()
      .from(posts)
      .where(and(eq(posts.sourceId, sourceId), eq(posts.externalId, KLOUT_POST_URIS[3]!)))
    expect(reply).toMatchObject({ network: 'bluesky', lang: 'en' })
    // Reach came from getProfiles.
    const [author] = await t.ctx.db.select().from(authors).where(eq(authors.id, reply!.authorId))
    expect(author).toMatchObject({ externalId: 'did:plc:7exwn6qiqetcuru7haifpnvv', followers: 742 })

    // Search sees the same posts again (the cursor moved back): nothing new is stored.
    await t.ctx.db.update(sources).set({ cursor: START }).where(eq(sources.id, sourceId))
    await makeDue(t.ctx, sourceId)
    expect(await pollSource(t.ctx, { sourceId })).toBe(0)
    expect(await storedIds(sourceId)).toHaveLength(5)

    workers = await startWorkers(t.ctx)
    const stored = await t.ctx.db.select().from(posts).where(eq(posts.sourceId, sourceId))
    await eventually(
      'every Bluesky post analysed',
      async () =>
        (
          await t.ctx.db
            .select()
            .from(analyses)
            .where(
              inArray(
                analyses.postId,
                stored.map((p) => p.id),
              ),
            )
        ).length === 5,
      { timeoutMs: 20_000 },
    )
    // The root and its two replies are one complaint thread, keyed by the root's at-URI.
    const rows = await t.ctx.db.select().from(complaints).where(eq(complaints.brandId, brand.id))
    expect(rows.map((c) => [c.network, c.threadKey, c.complaintCount])).toContainEqual([
      'bluesky',
      KLOUT_POST_URIS[4],
      3,
    ])
  })

  it('survives crashes at random points: the stored posts are exactly the fixture set', async () => {
    const { sourceId } = await bluesky({ maxPagesPerPoll: 1 })
    let seed = 20260825
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    let quiet = 0
    let failures = 0
    for (let n = 0; n < 60 && quiet < 2; n++) {
      // A restarted worker has lost its session; the connection drops or the network fails.
      if (random() < 0.3) forgetBlueskySessions()
      const fault = random()
      if (fault < 0.2) fake.faults.push({ kind: 'reset' })
      else if (fault < 0.35) fake.faults.push({ kind: 'status', status: 503 })
      else if (fault < 0.45) fake.faults.push({ kind: 'malformed' })
      const { inserted, failed } = await pollDueNow(t.ctx, sourceId)
      if (failed) failures++
      quiet = inserted === 0 && !failed && fake.faults.length === 0 ? quiet + 1 : 0
      fake.faults = []
    }
    expect(quiet).toBe(2)
    expect(failures).toBeGreaterThan(0)
    const stored = await storedIds(sourceId)
    expect(stored.sort()).toEqual([...KLOUT_POST_URIS].sort())
    const rejected = await t.ctx.db
      .select()
      .from(rejectedPayloads)
      .where(eq(rejectedPayloads.sourceId, sourceId))
    expect(rejected).toEqual([])
  })

  it('a stored post getPosts no longer returns is deleted (its complaint follows); the others get fresh counts', async () => {
    const { brandId, sourceId } = e2e!
    const led = await complaintLedBy(t.ctx, sourceId, brandId)
    const other = KLOUT_POST_URIS.find((uri) => uri !== led.externalId)!
    fake.deleted.add(led.externalId)
    fake.counts.set(other, { likeCount: 1234, replyCount: 56, repostCount: 7, quoteCount: 8 })
    try {
      await makeDue(t.ctx, sourceId)
      await pollSource(t.ctx, { sourceId })
      // The running workers' scheduler may take this poll instead: either applies it.
      await eventually('the deleted post marked deleted', async () =>
        (await storedPost(t.ctx, sourceId, led.externalId)).deletedAt ? true : null,
      )
      expect(await storedPost(t.ctx, sourceId, other)).toMatchObject({
        deletedAt: null,
        likes: 1234,
        replies: 56,
        shares: 15,
      })
      const after = await complaintAfterDelete(t.ctx, led.id)
      expect(after.postCount).toBe(led.postCount - 1)
      expect(after.leadPostId !== led.leadPostId || after.priority === 0).toBe(true)
      const [row] = await t.ctx.db.select().from(sources).where(eq(sources.id, sourceId))
      expect((row!.cursor as { recent: string[] }).recent).not.toContain(led.externalId)
    } finally {
      fake.deleted.clear()
      fake.counts.clear()
    }
  })
})
