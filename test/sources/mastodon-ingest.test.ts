import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyses, complaints, posts, rejectedPayloads, sources } from '../../server/db/schema.js'
import { pollSource } from '../../workers/processors/poll-source.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { makeDue, pollDueNow } from '../support/source-row.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { eventually } from '../support/eventually.js'
import { FIXTURES, FixtureServer, type SeenRequest } from '../support/fixture-server.js'
import { makeBrand } from '../support/factories.js'
import { FakeMastodonStatuses } from '../support/fake-mastodon-statuses.js'
import { complaintAfterDelete, complaintLedBy, storedPost } from '../support/stored-posts.js'

const PAGE = JSON.parse(
  fs.readFileSync(path.join(FIXTURES, 'mastodon/timelines_tag_klout.page1.assembled.json'), 'utf8'),
) as Array<{ id: string; uri: string }>
const ALL = PAGE.map((s) => s.uri).sort()
/** The Snowflake id of 13:30 on the day of the fixtures: the source starts before them. */
const START = {
  streams: { 'tag:klout': (BigInt(Date.parse('2026-08-25T13:30:00Z')) << 16n).toString() },
  known: [],
}

/**
 * The recorded statuses served as Mastodon serves a timeline read with `min_id`: the `limit`
 * statuses just newer than it, newest first, with `Link rel="prev"` while there are any.
 */
function timeline(req: SeenRequest) {
  if (req.path !== '/api/v1/timelines/tag/klout') return undefined
  const minId = BigInt(req.query.get('min_id') ?? '0')
  const limit = Number(req.query.get('limit') ?? 20)
  const newer = PAGE.filter((s) => BigInt(s.id) > minId)
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
    .slice(0, limit)
    .reverse()
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (newer.length)
    headers.link = `<http://x/api/v1/timelines/tag/klout?min_id=${newer[0]!.id}>; rel="prev"`
  return { status: 200, headers, body: JSON.stringify(newer) }
}

let t: TestContext
let fake: FixtureServer
let workers: WorkersHandle | undefined
/** The instance's statuses, which stored ones are read again from. */
const statuses = new FakeMastodonStatuses()
/** The source of the first test, its statuses stored and made complaints. */
let e2e: { brandId: string; sourceId: string } | undefined

beforeAll(async () => {
  fake = await new FixtureServer('mastodon').start()
  fake.extra.push(timeline, statuses.route)
  t = await createTestContext({ SSRF_ALLOWLIST: '127.0.0.1' })
})
afterAll(async () => {
  await workers?.close()
  await t?.close()
  await fake?.close()
})

async function mastodon(config: Record<string, unknown> = {}) {
  const brand = await makeBrand(t.ctx, 'Klout')
  const id = `src_mastodon_${crypto.randomBytes(4).toString('hex')}`
  await t.ctx.db.insert(sources).values({
    id,
    brandId: brand.id,
    kind: 'mastodon',
    name: 'Mastodon',
    config: { instance: fake.url, hashtags: ['klout'], ...config },
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

describe('mastodon into complaints', () => {
  it('polls until caught up, a second read stores nothing, and the statuses become complaints', async () => {
    const { brand, sourceId } = await mastodon({ pageSize: 2 })
    e2e = { brandId: brand.id, sourceId }
    let inserted = 0
    for (let n = 0; n < 5; n++) {
      const got = await pollSource(t.ctx, { sourceId })
      inserted += got
      if (got === 0) break
    }
    expect(inserted).toBe(3)
    expect((await storedIds(sourceId)).sort()).toEqual(ALL)

    // Read again from the start (the cursor moved back): the same statuses, nothing new.
    await t.ctx.db.update(sources).set({ cursor: START }).where(eq(sources.id, sourceId))
    await makeDue(t.ctx, sourceId)
    expect(await pollSource(t.ctx, { sourceId })).toBe(0)
    expect(await storedIds(sourceId)).toHaveLength(3)

    const stored = await t.ctx.db.select().from(posts).where(eq(posts.sourceId, sourceId))
    // The reply names its parent by uri (in_reply_to_id is local to the instance): one thread.
    const dana = 'https://social.example/users/dana/statuses/117156518756352228'
    const reply = stored.find((p) => p.externalId.includes('/kwame/'))!
    expect(reply).toMatchObject({ inReplyTo: dana, threadKey: dana })

    workers = await startWorkers(t.ctx)
    await eventually(
      'every Mastodon status analysed',
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
        ).length === 3,
      { timeoutMs: 20_000 },
    )
    const rows = await t.ctx.db.select().from(complaints).where(eq(complaints.brandId, brand.id))
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every((c) => c.network === 'mastodon')).toBe(true)
    await workers.close()
    workers = undefined
  })

  it('survives crashes at random points: the stored posts are exactly the fixture set', async () => {
    const { sourceId } = await mastodon({ pageSize: 1, maxPagesPerPoll: 1 })
    let seed = 20260825
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    let quiet = 0
    let failures = 0
    for (let n = 0; n < 60 && quiet < 2; n++) {
      // Each pollSource re-reads the source row and builds a fresh io, as a restarted worker does.
      const fault = random()
      if (fault < 0.2) fake.faults.push({ kind: 'reset' })
      else if (fault < 0.35) fake.faults.push({ kind: 'status', status: 503 })
      else if (fault < 0.5) fake.faults.push({ kind: 'malformed' })
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

  it('a stored status the instance no longer has is deleted (its complaint follows); the others get fresh counts', async () => {
    const { brandId, sourceId } = e2e!
    const led = await complaintLedBy(t.ctx, sourceId, brandId)
    const ledStatus = PAGE.find((s) => s.uri === led.externalId)!
    const other = PAGE.find((s) => s.uri !== led.externalId)!
    statuses.statuses.delete(ledStatus.id)
    statuses.update(other.id, { favourites_count: 321, replies_count: 12, reblogs_count: 45 })
    await makeDue(t.ctx, sourceId)
    await pollSource(t.ctx, { sourceId })
    expect((await storedPost(t.ctx, sourceId, led.externalId)).deletedAt).toBeInstanceOf(Date)
    expect(await storedPost(t.ctx, sourceId, other.uri)).toMatchObject({
      deletedAt: null,
      likes: 321,
      replies: 12,
      shares: 45,
    })
    const after = await complaintAfterDelete(t.ctx, led.id)
    expect(after.postCount).toBe(led.postCount - 1)
    expect(after.leadPostId !== led.leadPostId || after.priority === 0).toBe(true)
    const [row] = await t.ctx.db.select().from(sources).where(eq(sources.id, sourceId))
    expect((row!.cursor as { recent: string[] }).recent).not.toContain(led.externalId)
  })
})
