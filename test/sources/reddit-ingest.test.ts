import crypto from 'node:crypto'
import { eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyses, complaints, posts, rejectedPayloads, sources } from '../../server/db/schema.js'
import { pollSource } from '../../workers/processors/poll-source.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { forgetRedditTokens } from '../../workers/sources/reddit-auth.js'
import { pollDueNow } from '../support/source-row.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { eventually } from '../support/eventually.js'
import { FakeReddit, KLOUT_COMMENTS, KLOUT_LINKS } from '../support/fake-reddit.js'
import { makeBrand } from '../support/factories.js'

let t: TestContext
let fake: FakeReddit
let workers: WorkersHandle | undefined

beforeAll(async () => {
  fake = await new FakeReddit().start()
  t = await createTestContext({ SSRF_ALLOWLIST: '127.0.0.1' })
})
afterAll(async () => {
  await workers?.close()
  await t?.close()
  await fake?.close()
})

/** The recorded things are from 2026-08-25 13:52–14:44; the source starts at 13:30. */
const FROM = Date.parse('2026-08-25T13:30:00Z') / 1000
const START = {
  listings: {
    search: { newest: null, newestAt: FROM, sweep: null },
    'r/kloutusers': { newest: null, newestAt: FROM, sweep: null },
  },
  recent: [],
}
const ALL = [...KLOUT_LINKS, ...KLOUT_COMMENTS].sort()

async function reddit(config: Record<string, unknown> = {}) {
  const brand = await makeBrand(t.ctx, 'Klout')
  const id = `src_reddit_${crypto.randomBytes(4).toString('hex')}`
  await t.ctx.db.insert(sources).values({
    id,
    brandId: brand.id,
    kind: 'reddit',
    name: 'Reddit',
    config: {
      baseUrl: fake.url,
      authBaseUrl: fake.url,
      pageSize: 2,
      subreddits: ['KloutUsers'],
      ...config,
    },
    secretsCiphertext: t.ctx.secrets.seal(
      JSON.stringify({ clientId: fake.clientId, clientSecret: fake.clientSecret }),
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

describe('reddit into complaints', () => {
  it('polls until caught up, ignores a second sight of the same things, and they become complaints', async () => {
    const { brand, sourceId } = await reddit()
    let inserted = 0
    for (let n = 0; n < 5; n++) {
      const got = await pollSource(t.ctx, { sourceId })
      inserted += got
      if (got === 0) break
    }
    expect(inserted).toBe(6)
    expect((await storedIds(sourceId)).sort()).toEqual(ALL)

    // The listings are read again from the start (the cursor moved back): nothing new.
    await t.ctx.db.update(sources).set({ cursor: START }).where(eq(sources.id, sourceId))
    expect(await pollSource(t.ctx, { sourceId })).toBe(0)
    expect(await storedIds(sourceId)).toHaveLength(6)

    workers = await startWorkers(t.ctx)
    const stored = await t.ctx.db.select().from(posts).where(eq(posts.sourceId, sourceId))
    await eventually(
      'every Reddit post analysed',
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
        ).length === 6,
      { timeoutMs: 20_000 },
    )
    const rows = await t.ctx.db.select().from(complaints).where(eq(complaints.brandId, brand.id))
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every((c) => c.network === 'reddit')).toBe(true)
    // Complaint threads are keyed by the link's fullname (comments carry it as link_id).
    expect(rows.map((c) => c.threadKey).sort()).toEqual(['t3_1n0k7qz', 't3_1n0m2hv'])
  })

  it('survives crashes at random points: the stored posts are exactly the fixture set', async () => {
    await workers?.close()
    workers = undefined
    const { sourceId } = await reddit({ maxPages: 1 })
    let seed = 20260825
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    let quiet = 0
    let failures = 0
    for (let n = 0; n < 60 && quiet < 2; n++) {
      // A restarted worker has lost its token; the connection drops or the network fails.
      if (random() < 0.3) forgetRedditTokens()
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
    expect((await storedIds(sourceId)).sort()).toEqual(ALL)
    const rejected = await t.ctx.db
      .select()
      .from(rejectedPayloads)
      .where(eq(rejectedPayloads.sourceId, sourceId))
    expect(rejected).toEqual([])
  })
})
