import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { complaints, posts, sources } from '../../server/db/schema.js'
import { upsertSource } from '../../server/domain/sources/sources.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { pollSource } from '../../workers/processors/poll-source.js'
import { makeDue } from '../support/source-row.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { eventually } from '../support/eventually.js'
import { makeBrand } from '../support/factories.js'
import { fakeXLookup, type TweetCounts } from '../support/fake-x-lookup.js'
import { FixtureServer } from '../support/fixture-server.js'
import { complaintAfterDelete, complaintLedBy, storedPost } from '../support/stored-posts.js'

// The fixture tweets the brand rules keep (the others only mention the @KloutSupport handle).
const KEPT = ['2092251976430588023', '2092265435952136332', '2092268397130764435']

let t: TestContext
let server: FixtureServer
let workers: WorkersHandle | undefined
beforeAll(async () => {
  t = await createTestContext({ SSRF_ALLOWLIST: '127.0.0.1' })
  server = await new FixtureServer('x').start()
})
afterAll(async () => {
  await workers?.close()
  await server?.close()
  await t?.close()
})

async function makeXSource(brandId: string, id: string, maxPagesPerPoll: number) {
  await upsertSource(t.ctx.db, {
    id,
    brandId,
    kind: 'x',
    name: 'X search',
    config: {
      baseUrl: server.url,
      query: 'klout',
      includeRetweets: true,
      maxResults: 10,
      maxPagesPerPoll,
    },
  })
  await t.ctx.db
    .update(sources)
    .set({ secretsCiphertext: t.ctx.secrets.seal(JSON.stringify({ bearerToken: 'AAAA-test' })) })
    .where(eq(sources.id, id))
}

async function storedIds(sourceId: string): Promise<string[]> {
  const rows = await t.ctx.db
    .select({ id: posts.externalId })
    .from(posts)
    .where(eq(posts.sourceId, sourceId))
  return rows.map((r) => r.id).sort()
}

async function caughtUp(sourceId: string): Promise<boolean> {
  const [row] = await t.ctx.db.select().from(sources).where(eq(sources.id, sourceId))
  const cursor = row!.cursor as { sinceId?: string | null; sweep?: unknown } | null
  return Boolean(cursor?.sinceId) && !cursor?.sweep
}

describe('x connector through the poller', () => {
  it('survives crashes between and inside polls: every tweet stored once', async () => {
    const brand = await makeBrand(t.ctx, 'Klout')
    await makeXSource(brand.id, 'src_x_restart', 1)
    // Failures at every point of a sweep: before page 1, then twice between page 1 and page 2
    // (a dropped connection, a 500, a truncated body), then seeded random ones. Each poll
    // re-reads the source row and builds a fresh io, as a restarted worker would.
    const schedule = [
      { kind: 'reset' },
      null,
      { kind: 'status', status: 500 },
      { kind: 'malformed' },
      { kind: 'reset' },
    ] as const
    let seed = 17
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    let failures = 0
    let midSweep = 0
    for (let i = 0; i < 40 && !(await caughtUp('src_x_restart')); i++) {
      const fault = i < schedule.length ? schedule[i] : random() < 0.5 ? schedule[0] : null
      if (fault) server.faults.push(fault)
      await makeDue(t.ctx, 'src_x_restart')
      await pollSource(t.ctx, { sourceId: 'src_x_restart' })
      // A failed poll keeps the cursor and says why in the source's health.
      const [row] = await t.ctx.db.select().from(sources).where(eq(sources.id, 'src_x_restart'))
      if ((row!.cursor as { sweep?: unknown } | null)?.sweep) midSweep++
      if (row!.failures > 0) failures++
    }
    // The sequence did crash, and did stop with a sweep half read.
    expect(failures).toBeGreaterThan(0)
    expect(midSweep).toBeGreaterThan(0)
    expect(await caughtUp('src_x_restart')).toBe(true)
    // Once more after catching up: since_id asks only for newer tweets, nothing repeats.
    server.faults = []
    await makeDue(t.ctx, 'src_x_restart')
    expect(await pollSource(t.ctx, { sourceId: 'src_x_restart' })).toBe(0)
    expect(await storedIds('src_x_restart')).toEqual(KEPT)
  })

  it('ingests a sweep and the workers analyse it into complaints; a second poll adds nothing', async () => {
    const brand = await makeBrand(t.ctx, 'Klout')
    await makeXSource(brand.id, 'src_x_e2e', 5)
    server.faults = []
    expect(await pollSource(t.ctx, { sourceId: 'src_x_e2e' })).toBe(KEPT.length)
    await makeDue(t.ctx, 'src_x_e2e')
    expect(await pollSource(t.ctx, { sourceId: 'src_x_e2e' })).toBe(0)
    expect(await storedIds('src_x_e2e')).toEqual(KEPT)
    // The same tweets seen again (the cursor lost): stored once, nothing new.
    await t.ctx.db
      .update(sources)
      .set({ cursor: null, nextPollAt: null })
      .where(eq(sources.id, 'src_x_e2e'))
    expect(await pollSource(t.ctx, { sourceId: 'src_x_e2e' })).toBe(0)
    expect(await storedIds('src_x_e2e')).toEqual(KEPT)

    workers = await startWorkers(t.ctx)
    const count = await eventually('complaints from the X posts', async () => {
      const [row] = await t.ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(complaints)
        .where(and(eq(complaints.brandId, brand.id), eq(complaints.network, 'x')))
      return row!.n > 0 ? row!.n : null
    })
    expect(count).toBeGreaterThan(0)
  })

  it('a stored tweet X no longer finds is deleted (its complaint follows); the others get fresh counts', async () => {
    // Continues the source of the test above: its tweets are stored and made complaints.
    const brandId = (await t.ctx.db.select().from(sources).where(eq(sources.id, 'src_x_e2e')))[0]!
      .brandId
    const led = await complaintLedBy(t.ctx, 'src_x_e2e', brandId)
    const other = KEPT.find((id) => id !== led.externalId)!
    const fresh: TweetCounts = {
      like_count: 900,
      reply_count: 80,
      retweet_count: 7,
      quote_count: 3,
    }
    server.extra.push(fakeXLookup(new Map([[other, fresh]])))
    // The lookup waits five minutes between rechecks: the test stands in for the clock.
    await t.ctx.db
      .update(sources)
      .set({ cursor: sql`${sources.cursor} || '{"recheckAfter": null}'::jsonb` })
      .where(eq(sources.id, 'src_x_e2e'))
    await makeDue(t.ctx, 'src_x_e2e')
    await pollSource(t.ctx, { sourceId: 'src_x_e2e' })
    // The running workers' scheduler may take this poll instead: either applies it.
    await eventually('the deleted tweet marked deleted', async () =>
      (await storedPost(t.ctx, 'src_x_e2e', led.externalId)).deletedAt ? true : null,
    )
    expect(await storedPost(t.ctx, 'src_x_e2e', other)).toMatchObject({
      deletedAt: null,
      likes: 900,
      replies: 80,
      shares: 10,
    })
    const after = await complaintAfterDelete(t.ctx, led.id)
    expect(after.postCount).toBe(led.postCount - 1)
    expect(after.leadPostId !== led.leadPostId || after.priority === 0).toBe(true)
    // The deleted tweet is not looked up again.
    const [row] = await t.ctx.db.select().from(sources).where(eq(sources.id, 'src_x_e2e'))
    expect((row!.cursor as { recent: string[] }).recent).not.toContain(led.externalId)
    server.extra = []
  })
})
