import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { complaints, posts, rejectedPayloads } from '../../server/db/schema.js'
import { getBrand, type BrandRow } from '../../server/db/repositories/brands.js'
import { getSource } from '../../server/db/repositories/sources.js'
import { createNetworkSource } from '../../server/domain/sources/network-sources.js'
import { pollSource } from '../../workers/processors/poll-source.js'
import { SourceError } from '../../workers/sources/connector.js'
import { rssConnector } from '../../workers/sources/rss.js'
import { sourceIo } from '../../workers/sources/source-io.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { makeUser } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { eventually } from '../support/eventually.js'
import { makeBrand } from '../support/factories.js'
import { FixtureServer } from '../support/fixture-server.js'
import { makeDue } from '../support/source-row.js'

const ETAG = '"3f0e1d27c5b9a8e3b1f06a4d2c9e7b10"'
let t: TestContext
let fake: FixtureServer
let adminId: string

beforeAll(async () => {
  t = await createTestContext({ SSRF_ALLOWLIST: '127.0.0.1' })
  fake = await new FixtureServer('rss').start()
  adminId = (await makeUser(t.ctx, 'admin')).id
})
afterAll(async () => {
  await fake?.close()
  await t?.close()
})
beforeEach(() => {
  fake.faults = []
  fake.extra = []
  fake.scenario = null
})

async function feedSource(brand: BrandRow, path: string) {
  return createNetworkSource(t.ctx, {
    brandId: brand.id,
    kind: 'rss',
    name: 'Blog',
    config: { url: `${fake.url}${path}` },
    secrets: {},
    actorId: adminId,
    ip: null,
  })
}

const storedOf = (sourceId: string) =>
  t.ctx.db
    .select({ externalId: posts.externalId, network: posts.network, url: posts.url })
    .from(posts)
    .where(eq(posts.sourceId, sourceId))

/** Polls now, whatever the source's pace says (the test stands in for the clock). */
async function pollNow(sourceId: string) {
  await makeDue(t.ctx, sourceId)
  return pollSource(t.ctx, { sourceId })
}

describe('an RSS or Atom feed', () => {
  it('stores the items about the brand once, asks again conditionally, and they become complaints', async () => {
    const brand = await makeBrand(t.ctx, 'Klout')
    const source = await feedSource(brand, '/feed/')
    expect(await pollNow(source.id)).toBeGreaterThan(0)
    const stored = await storedOf(source.id)
    expect(stored.every((p) => p.network === '127.0.0.1')).toBe(true)
    expect(stored.map((p) => p.externalId)).toContain('https://blog.example.org/?p=2417')

    // The second read sends the feed's ETag and gets 304: nothing read, nothing stored.
    expect(await pollNow(source.id)).toBe(0)
    expect(fake.requests.at(-1)!.headers['if-none-match']).toBe(ETAG)
    expect(await storedOf(source.id)).toHaveLength(stored.length)
    const health = await getSource(t.ctx.db, source.id)
    expect(health).toMatchObject({ failures: 0, lastError: null })
    expect(health.lastSuccessAt).not.toBeNull()
    // The feed's own pace: asked again in five minutes.
    expect(health.nextPollAt!.getTime() - health.lastPolledAt!.getTime()).toBe(300_000)

    const workers: WorkersHandle = await startWorkers(t.ctx)
    try {
      // Analysed into the brand's queue, like any post.
      await eventually('complaints from the feed', async () => {
        const rows = await t.ctx.db
          .select()
          .from(complaints)
          .where(eq(complaints.brandId, brand.id))
        return rows.length > 0
      })
    } finally {
      await workers.close()
    }
  })

  it('keeps items not about the brand out, and unwraps Google Alerts links', async () => {
    const brand = await makeBrand(t.ctx, 'Klout')
    const source = await feedSource(brand, '/alerts/feeds/04175468913983673025/7261904835547291733')
    await pollNow(source.id)
    const stored = await storedOf(source.id)
    expect(stored).toHaveLength(3)
    expect(stored.map((p) => p.url)).toContain(
      'https://news.example.com/2026/08/25/klout-score-overhaul',
    )

    const other = await makeBrand(t.ctx, 'Slack')
    const slackFeed = await feedSource(
      other,
      '/alerts/feeds/04175468913983673025/7261904835547291733',
    )
    await pollNow(slackFeed.id)
    expect(await storedOf(slackFeed.id)).toHaveLength(0)
  })

  it('sets an item without id or link aside with its reason, keeping the good ones beside it', async () => {
    const brand = await makeBrand(t.ctx, 'Klout')
    fake.extra.push((req) =>
      req.path === '/odd/'
        ? {
            status: 200,
            headers: { 'content-type': 'application/rss+xml' },
            body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Odd</title>
              <item><title>Klout lost my history</title><description>nothing to link</description></item>
              <item><guid>odd-2</guid><title>Klout support never answers</title><pubDate>Tue, 25 Aug 2026 15:00:00 GMT</pubDate></item>
            </channel></rss>`,
          }
        : undefined,
    )
    const source = await feedSource(brand, '/odd/')
    await pollNow(source.id)
    expect((await storedOf(source.id)).map((p) => p.externalId)).toEqual(['odd-2'])
    const [rejected] = await t.ctx.db
      .select()
      .from(rejectedPayloads)
      .where(and(eq(rejectedPayloads.sourceId, source.id)))
    expect(rejected!.issues).toEqual([
      { path: 'id', message: 'the item has neither an id nor a link' },
    ])
  })

  it('backs off on 429 until Retry-After, on 500 with a growing wait, and keeps the cursor', async () => {
    const brand = await makeBrand(t.ctx, 'Klout')
    const source = await feedSource(brand, '/feed/')
    fake.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '120' } })
    const before = Date.now()
    expect(await pollNow(source.id)).toBe(0)
    let row = await getSource(t.ctx.db, source.id)
    expect(row.lastError).toMatch(/^The feed answered 429/)
    expect(row.failures).toBe(1)
    expect(row.nextPollAt!.getTime()).toBeGreaterThanOrEqual(before + 120_000)
    expect(row.cursor).toBeNull()
    // Not due: the scheduler's tick does not reach the network.
    const asked = fake.requests.length
    await pollSource(t.ctx, { sourceId: source.id })
    expect(fake.requests.length).toBe(asked)

    fake.faults.push({ kind: 'status', status: 500 })
    await pollNow(source.id)
    row = await getSource(t.ctx.db, source.id)
    expect(row).toMatchObject({ failures: 2, cursor: null })
    expect(row.lastError).toMatch(/^The feed answered 500/)

    // Mended: the next poll reads the feed and clears the failures.
    await pollNow(source.id)
    row = await getSource(t.ctx.db, source.id)
    expect(row).toMatchObject({ failures: 0, circuitOpenUntil: null })
    expect((await storedOf(source.id)).length).toBeGreaterThan(0)
  })

  it('refuses what is not a feed, a slow answer, an oversized one, and a redirect inward', async () => {
    const brand = await makeBrand(t.ctx, 'Klout')
    const source = await feedSource(brand, '/feed/')
    const io = (limits = {}) => sourceIo(t.ctx, source, brand, limits)
    fake.faults.push({ kind: 'malformed' })
    await expect(rssConnector.poll(source, Date.now(), io())).rejects.toThrow(/^not a feed/)
    fake.faults.push({ kind: 'slow', ms: 600 })
    await expect(rssConnector.poll(source, Date.now(), io({ timeoutMs: 200 }))).rejects.toThrow(
      'no answer within 0.2 s',
    )
    await expect(rssConnector.poll(source, Date.now(), io({ maxBytes: 1000 }))).rejects.toThrow(
      /^answer too large/,
    )
    fake.extra.push((req) =>
      req.path === '/moved/'
        ? { status: 302, headers: { location: 'http://10.1.2.3/feed/' }, body: '' }
        : undefined,
    )
    const moved = await feedSource(brand, '/moved/')
    const refused = rssConnector.poll(moved, Date.now(), sourceIo(t.ctx, moved, brand))
    await expect(refused).rejects.toBeInstanceOf(SourceError)
    await expect(refused).rejects.toMatchObject({ options: { permanent: true } })
    // A refusal cannot mend itself: the source rests.
    await pollNow(moved.id)
    expect((await getSource(t.ctx.db, moved.id)).circuitOpenUntil).not.toBeNull()
    expect(await getBrand(t.ctx.db, brand.id)).toBeTruthy()
  })

  it('stores exactly the feed once, however often a poll dies before it commits', async () => {
    const brand = await makeBrand(t.ctx, 'Klout')
    const source = await feedSource(brand, '/feed/')
    const wanted = new Set<string>()
    for (let round = 0; round < 8; round++) {
      const row = await getSource(t.ctx.db, source.id)
      if (round % 3 !== 2) {
        // Read and dropped, as a worker killed between the answer and its commit would.
        const lost = await rssConnector.poll(row, Date.now(), sourceIo(t.ctx, row, brand))
        for (const r of lost.records) if (r.ok) wanted.add(r.post.externalId)
      } else await pollNow(source.id)
    }
    await pollNow(source.id)
    const stored = (await storedOf(source.id)).map((p) => p.externalId)
    expect(new Set(stored).size).toBe(stored.length)
    expect(new Set(stored)).toEqual(wanted)
  })
})
