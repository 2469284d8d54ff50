import crypto from 'node:crypto'
import { eq, inArray } from 'drizzle-orm'
import type { Express } from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  KpisViewSchema,
  TopComplainerSchema,
  TrendsViewSchema,
  type TrendPoint,
} from '../../shared/schemas/trends.js'
import {
  analyses,
  complaints,
  posts,
  postThemes,
  promises,
  themes,
} from '../../server/db/schema.js'
import {
  answeredByReach,
  readPeriodComplainers,
} from '../../server/db/repositories/period-complainers.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { putReplyAccount } from '../../server/domain/replies/reply-accounts.js'
import { createApp } from '../../server/http/app.js'
import { RESPONSE_BIN_ERROR } from '../../server/domain/trends/response-percentiles.js'
import { advanceClock, clockNow } from '../../server/lib/clock.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { makeUser, signIn, type SignedIn } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, makePost } from '../support/factories.js'
import { FakeBluesky } from '../support/fake-networks.js'
import { FAKE_CREDENTIALS } from '../support/replies.js'
import { waitForAnalysis } from '../support/wait.js'

let t: TestContext
let app: Express
let workers: WorkersHandle
let admin: SignedIn
let agent: SignedIn
let viewer: SignedIn
const bluesky = new FakeBluesky()

beforeAll(async () => {
  await bluesky.start()
  t = await createTestContext({
    SSRF_ALLOWLIST: '127.0.0.1',
    REPLY_POLL_MS: '50',
    FIREBREAK_TEST_CLOCK: '1',
  })
  app = createApp(t.ctx)
  workers = await startWorkers(t.ctx)
  admin = await signIn(app, await makeUser(t.ctx, 'admin'))
  agent = await signIn(app, await makeUser(t.ctx, 'agent'))
  viewer = await signIn(app, await makeUser(t.ctx, 'viewer'))
})
afterAll(async () => {
  await workers?.close()
  await t?.close()
  await bluesky.close()
})

const MINUTE = 60_000
const HOUR = 3_600_000
// Analyzer verdicts (firebreak-lr), checked in the first test: a negative complaint, a
// positive post that is not one.
const ANGRY = 'Kredo deleted my whole history overnight. This is outrageous and I want it back now.'
const HAPPY =
  'Thank you so much, it is fixed now and my history is back. Great support, really appreciate it!'

/** The start of the hour two days before now: a period wholly in the past. */
const baseHour = async () =>
  new Date(Math.floor((await clockNow(t.ctx)).getTime() / HOUR) * HOUR - 48 * HOUR)

async function ingest(brandId: string, list: ReturnType<typeof makePost>[]) {
  const ingested = await ingestPosts(t.ctx, { brandId, channel: 'import', posts: list })
  await waitForAnalysis(t.ctx, ingested.outboxIds)
}

const custom = (from: Date, to: Date, extra = '') =>
  `range=custom&from=${from.toISOString()}&to=${to.toISOString()}${extra}`

describe('GET trends', () => {
  it('gives every bucket of the period, zero where empty, the totals, breakdowns and the previous period', async () => {
    const brand = await makeBrand(t.ctx)
    const base = await baseHour()
    const at = (ms: number) => new Date(base.getTime() + ms).toISOString()
    await ingest(brand.id, [
      makePost({ text: ANGRY, postedAt: at(10 * MINUTE) }),
      makePost({ text: `${ANGRY} Again.`, postedAt: at(20 * MINUTE) }),
      makePost({ text: `${ANGRY} Still.`, postedAt: at(HOUR + 5 * MINUTE) }),
      makePost({ text: HAPPY, network: 'x', externalId: '9001', postedAt: at(3 * HOUR) }),
    ])
    const labels = await t.ctx.db
      .select({ label: analyses.label, isComplaint: analyses.isComplaint, text: posts.text })
      .from(analyses)
      .innerJoin(posts, eq(posts.id, analyses.postId))
      .where(eq(posts.brandId, brand.id))
    expect(labels.map((l) => [l.label, l.isComplaint]).sort()).toEqual([
      ['negative', true],
      ['negative', true],
      ['negative', true],
      ['positive', false],
    ])

    const path = `/api/brands/${brand.id}/trends?${custom(base, new Date(base.getTime() + 5 * HOUR), '&grain=hour&compare=true')}`
    const res = await viewer.get(path)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const view = TrendsViewSchema.parse(res.body.data)
    expect(view.grain).toBe('hour')
    expect(view.period).toEqual({ from: at(0), to: at(5 * HOUR) })
    const pick = (p: TrendPoint) => [p.at, p.posts, p.complaints, p.negative, p.positive]
    expect(view.points.map(pick)).toEqual([
      [at(0), 2, 2, 2, 0],
      [at(HOUR), 1, 1, 1, 0],
      [at(2 * HOUR), 0, 0, 0, 0],
      [at(3 * HOUR), 1, 0, 0, 1],
      [at(4 * HOUR), 0, 0, 0, 0],
    ])
    expect(view.points[0]!.negativeShare).toBe(1)
    expect(view.points[2]!.negativeShare).toBeNull()
    expect(view.totals).toMatchObject({
      posts: 4,
      complaints: 3,
      negative: 3,
      positive: 1,
      neutral: 0,
      negativeShare: 0.75,
    })
    expect(view.previous!.period).toEqual({ from: at(-5 * HOUR), to: at(0) })
    expect(view.previous!.points).toHaveLength(5)
    expect(view.previous!.totals.posts).toBe(0)

    const networks = view.breakdown.filter((b) => b.dimension === 'network')
    expect(networks.map((b) => [b.key, b.label, b.totals.posts])).toEqual([
      ['bluesky', 'Bluesky', 3],
      ['x', 'X', 1],
    ])
    expect(networks[1]!.grain).toBe('hour')
    expect(networks[1]!.points.map((p) => p.posts)).toEqual([0, 0, 0, 1, 0])
    const languages = view.breakdown.filter((b) => b.dimension === 'language')
    expect(languages.reduce((n, b) => n + b.totals.posts, 0)).toBe(4)

    const x = TrendsViewSchema.parse((await viewer.get(`${path}&network=x`)).body.data)
    expect(x.points.map((p) => p.posts)).toEqual([0, 0, 0, 1, 0])
    expect(x.totals.positive).toBe(1)
  })

  it('breaks down by theme under current names, leaves hidden themes out, and filters by one', async () => {
    const brand = await makeBrand(t.ctx)
    const base = await baseHour()
    const at = (ms: number) => new Date(base.getTime() + ms).toISOString()
    await ingest(brand.id, [
      makePost({ text: ANGRY, postedAt: at(0) }),
      makePost({ text: ANGRY, postedAt: at(HOUR) }),
      makePost({ text: ANGRY, postedAt: at(HOUR) }),
    ])
    const [shown, hidden] = await t.ctx.db
      .insert(themes)
      .values([
        { brandId: brand.id, name: '=score dropped', phrases: ['score dropped'] },
        { brandId: brand.id, name: 'hidden one', phrases: ['x'], hidden: true },
      ])
      .returning()
    const ids = await t.ctx.db
      .select({ id: posts.id })
      .from(posts)
      .where(eq(posts.brandId, brand.id))
      .orderBy(posts.postedAt, posts.id)
    await t.ctx.db.insert(postThemes).values([
      { postId: ids[0]!.id, brandId: brand.id, themeId: shown!.id },
      { postId: ids[1]!.id, brandId: brand.id, themeId: shown!.id },
      { postId: ids[2]!.id, brandId: brand.id, themeId: hidden!.id },
    ])
    const range = custom(base, new Date(base.getTime() + 2 * HOUR), '&grain=hour')
    const view = TrendsViewSchema.parse(
      (await viewer.get(`/api/brands/${brand.id}/trends?${range}`)).body.data,
    )
    const byTheme = view.breakdown.filter((b) => b.dimension === 'theme')
    expect(byTheme.map((b) => [b.key, b.label, b.points.map((p) => p.posts)])).toEqual([
      [shown!.id, '=score dropped', [1, 1]],
    ])
    const one = TrendsViewSchema.parse(
      (await viewer.get(`/api/brands/${brand.id}/trends?${range}&theme=${hidden!.id}`)).body.data,
    )
    expect(one.points.map((p) => p.posts)).toEqual([0, 1])
  })

  it('defaults to the last 24 hours by minute, and is read by every role but nobody unsigned', async () => {
    const brand = await makeBrand(t.ctx)
    const path = `/api/brands/${brand.id}/trends`
    for (const who of [admin, agent, viewer]) expect((await who.get(path)).status).toBe(200)
    const view = TrendsViewSchema.parse((await viewer.get(path)).body.data)
    expect(view.grain).toBe('minute')
    expect(view.points).toHaveLength(1440)
    expect(view.totals.negativeShare).toBeNull()
    expect(view.previous).toBeNull()
    expect((await request(app).get(path)).status).toBe(401)
    expect((await viewer.get(`/api/brands/${crypto.randomUUID()}/trends`)).status).toBe(404)
  })

  it('reads a custom range older than the minute buckets by the hour, and refuses minute there', async () => {
    const brand = await makeBrand(t.ctx)
    // Twelve hours, 40 days back: minute by length, but minute rollups are kept 35 days.
    const now = await clockNow(t.ctx)
    const from = new Date(Math.floor(now.getTime() / HOUR) * HOUR - 40 * 24 * HOUR)
    const at = (ms: number) => new Date(from.getTime() + ms).toISOString()
    await ingest(brand.id, [
      makePost({ text: ANGRY, postedAt: at(10 * MINUTE) }),
      makePost({ text: `${ANGRY} Again.`, postedAt: at(3 * HOUR + 20 * MINUTE) }),
    ])
    const path = `/api/brands/${brand.id}/trends?${custom(from, new Date(from.getTime() + 12 * HOUR))}`
    const res = await viewer.get(path)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const view = TrendsViewSchema.parse(res.body.data)
    expect(view.grain).toBe('hour')
    expect(view.period).toEqual({ from: at(0), to: at(12 * HOUR) })
    expect(view.points.map((p) => p.posts)).toEqual([1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0])

    const minute = await viewer.get(`${path}&grain=minute`)
    expect(minute.status).toBe(400)
    expect(minute.body.error.issues).toEqual([
      {
        path: 'grain',
        message:
          'Minute buckets are kept for 35 days: pick hour or day for a range reaching further back',
      },
    ])
  })

  it('refuses a bad range or filter with a 400 naming the field', async () => {
    const brand = await makeBrand(t.ctx)
    const base = await baseHour()
    const later = new Date(base.getTime() + HOUR)
    const trends = `/api/brands/${brand.id}/trends?`
    const refused = async (query: string) => {
      const res = await viewer.get(trends + query)
      expect(res.status, query).toBe(400)
      expect(res.body.error.code).toBe('invalid_request')
      return res.body.error.issues[0] as { path: string; message: string }
    }
    expect(await refused(custom(base, base))).toEqual({
      path: 'to',
      message: 'The range is empty: to equals from',
    })
    expect(await refused(custom(later, base))).toEqual({
      path: 'to',
      message: 'The range is reversed: to is before from',
    })
    const tooLong = await refused(custom(new Date(base.getTime() - 800 * 24 * HOUR), base))
    expect(tooLong.path).toBe('range')
    expect(tooLong.message).toMatch(/longer than this brand keeps its trends \(730 days\)/)
    expect((await refused('range=custom')).path).toBe('from')
    expect((await refused('range=7d&grain=minute')).path).toBe('grain')
    expect((await refused('range=week')).path).toBe('range')
    expect(await refused('network=myspace')).toEqual({
      path: 'network',
      message: "This brand has no network 'myspace'",
    })
    const theme = crypto.randomUUID()
    expect(await refused(`theme=${theme}`)).toEqual({
      path: 'theme',
      message: `This brand has no theme ${theme}`,
    })
    expect((await refused('theme=nope')).path).toBe('theme')
    expect((await refused('network=x&language=en')).path).toBe('language')
  })
})

describe('GET dashboard/kpis and dashboard/complainers', () => {
  /** 102 complainers on one network, one complaint each: followers 1000+i, two with none. */
  async function crowd() {
    const brand = await makeBrand(t.ctx)
    const base = await baseHour()
    const list = Array.from({ length: 102 }, (_, i) =>
      makePost({
        text: ANGRY,
        postedAt: new Date(base.getTime() + i * MINUTE).toISOString(),
        author: {
          externalId: `did:plc:crowd${i}-${brand.id}`,
          handle: `crowd${i}.example`,
          followers: i < 2 ? i : 1000 + i,
        },
        engagement: { likes: 1, replies: 0, shares: 0 },
      }),
    )
    await ingest(brand.id, list)
    const rows = await t.ctx.db
      .select({
        id: complaints.id,
        followers: complaints.leadFollowers,
        seen: complaints.firstSeenAt,
      })
      .from(complaints)
      .where(eq(complaints.brandId, brand.id))
    expect(rows).toHaveLength(102)
    // Most followers first: the top 100, then the two quiet ones.
    rows.sort((a, b) => b.followers! - a.followers!)
    return { brand, base, rows }
  }

  it('compare the answered share of the top 100 complainers with the rest, with p50/p90 and outcomes', async () => {
    const { brand, base, rows } = await crowd()
    // 30 of the top 100 answered, and one of the two quiet ones, through the real route.
    const answered = [...rows.slice(0, 30), rows[100]!]
    for (const row of answered) {
      const res = await agent.post(`/api/complaints/${row.id}/replies/elsewhere`, {
        url: 'https://support.kredo.example/tickets/1',
      })
      expect(res.status).toBe(201)
    }
    // Response times of 10, 20, ... minutes, and four outcomes (as the outcome writer stores them).
    const outcomes = [...Array<number>(3).fill(0.9), -0.95]
    for (const [i, row] of answered.entries()) {
      const after = outcomes[i]
      await t.ctx.db
        .update(complaints)
        .set({
          firstResponseAt: new Date(row.seen.getTime() + (i + 1) * 10 * MINUTE),
          ...(after === undefined
            ? {}
            : {
                outcome: after > 0 ? 'recovered' : 'worse',
                outcomeBefore: -0.7,
                outcomeAfter: after,
                outcomeAt: new Date(),
              }),
        })
        .where(eq(complaints.id, row.id))
    }
    const minutes = answered.map((_, i) => (i + 1) * 10)
    const cont = (p: number) => {
      const at = p * (minutes.length - 1)
      const lo = Math.floor(at)
      return (minutes[lo]! + (at - lo) * (minutes[lo + 1]! - minutes[lo]!)) * MINUTE
    }

    const query = custom(base, new Date(base.getTime() + 3 * HOUR), '&compare=true')
    const res = await viewer.get(`/api/brands/${brand.id}/dashboard/kpis?${query}`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const view = KpisViewSchema.parse(res.body.data)
    // p50/p90 come from the response rollups' log bins: within 1% of (1 s + the exact
    // percentile_cont), then whole seconds.
    const { firstResponse, ...rest } = view.kpis
    expect(firstResponse.answered).toBe(31)
    for (const [read, exact] of [
      [firstResponse.p50Ms, cont(0.5)],
      [firstResponse.p90Ms, cont(0.9)],
    ] as const) {
      expect(Math.abs(read! - exact)).toBeLessThanOrEqual(RESPONSE_BIN_ERROR * (1000 + exact) + 500)
    }
    expect(rest).toEqual({
      answeredShare: { top100: 0.3, rest: 0.5 },
      recoveredShare: 0.75,
      promises: { made: 0, kept: 0, broken: 0, open: 0, overdue: 0 },
    })
    expect(view.previous!.kpis.answeredShare).toEqual({ top100: null, rest: null })
    expect((await request(app).get(`/api/brands/${brand.id}/dashboard/kpis`)).status).toBe(401)

    const top = await viewer.get(`/api/brands/${brand.id}/dashboard/complainers?${query}`)
    expect(top.status).toBe(200)
    const list = top.body.data.map((c: unknown) => TopComplainerSchema.parse(c))
    expect(list).toHaveLength(20)
    expect(list.map((c: { handle: string }) => c.handle)).toEqual(
      Array.from({ length: 20 }, (_, i) => `crowd${101 - i}.example`),
    )
    expect(list.slice(0, 5).map((c: { standing: string }) => c.standing)).toEqual([
      'recovered',
      'recovered',
      'recovered',
      'worse',
      'answered',
    ])
    expect(list[0]).toMatchObject({ complaints: 1, followers: 1101, complaintId: rows[0]!.id })
    expect(list[19].standing).toBe('answered')
    // Nothing of the team's business in what a viewer reads.
    expect(Object.keys(list[0]).sort()).toEqual(
      [
        'authorId',
        'complaintId',
        'complaints',
        'displayName',
        'followers',
        'handle',
        'network',
        'reach',
        'standing',
      ].sort(),
    )
    expect(top.body.period).toEqual({ from: base.toISOString(), to: view.period.to })
  })

  it('lists unanswered complainers as such, only those of the period, and both walks agree', async () => {
    const { brand, base } = await crowd()
    const firstHour = custom(base, new Date(base.getTime() + HOUR))
    const res = await viewer.get(`/api/brands/${brand.id}/dashboard/complainers?${firstHour}`)
    // Minutes 0..59 of the crowd: crowd59 has the most followers among them.
    expect(res.body.data[0]).toMatchObject({ handle: 'crowd59.example', standing: 'unanswered' })
    expect(res.body.data.map((c: { handle: string }) => c.handle)).not.toContain('crowd60.example')

    // Both ways of finding them give the same answer, for the list and the fairness split.
    for (const hours of [1, 2]) {
      const period = {
        brandId: brand.id,
        from: base,
        to: new Date(base.getTime() + hours * HOUR),
        limit: 20,
      }
      const byReach = await readPeriodComplainers(t.ctx.db, { ...period, walk: 'by_reach' })
      expect(byReach).toHaveLength(20)
      expect(await readPeriodComplainers(t.ctx.db, { ...period, walk: 'by_arrival' })).toEqual(
        byReach,
      )
      expect(await answeredByReach(t.ctx.db, { ...period, walk: 'by_reach' })).toEqual(
        await answeredByReach(t.ctx.db, { ...period, walk: 'by_arrival' }),
      )
    }
  })

  it('count the promises made in the period by where they stand, overdue ones too', async () => {
    const brand = await makeBrand(t.ctx)
    await ingest(
      brand.id,
      Array.from({ length: 4 }, () => makePost({ text: ANGRY, url: null })),
    )
    await putReplyAccount(t.ctx, {
      brandId: brand.id,
      network: 'bluesky',
      body: {
        handle: 'kredo.bsky.example',
        baseUrl: bluesky.url,
        credentials: FAKE_CREDENTIALS.bluesky,
      },
      actorId: admin.user.id,
      ip: null,
    })
    const rows = await t.ctx.db.select().from(complaints).where(eq(complaints.brandId, brand.id))
    const now = await clockNow(t.ctx)
    const dues = [2 * HOUR, 2 * HOUR, 2 * HOUR, 48 * HOUR]
    for (const [i, row] of rows.entries()) {
      const res = await agent.post(`/api/complaints/${row.id}/replies`, {
        text: 'We will restore your history.',
        promise: {
          what: 'restore your history',
          ownerId: agent.user.id,
          dueAt: new Date(now.getTime() + dues[i]!).toISOString(),
        },
      })
      expect(res.status, JSON.stringify(res.body)).toBe(202)
    }
    const made = await t.ctx.db
      .select()
      .from(promises)
      .where(
        inArray(
          promises.complaintId,
          rows.map((r) => r.id),
        ),
      )
    const byComplaint = new Map(made.map((p) => [p.complaintId, p.id]))
    const [kept, broken] = [byComplaint.get(rows[0]!.id)!, byComplaint.get(rows[1]!.id)!]
    expect((await agent.post(`/api/promises/${kept}/kept`, { note: 'restored' })).status).toBe(200)
    expect(
      (await agent.post(`/api/promises/${broken}/broken`, { note: 'not possible' })).status,
    ).toBe(200)
    await advanceClock(t.ctx, { advanceMs: 3 * HOUR })
    try {
      const later = await clockNow(t.ctx)
      const query = custom(new Date(now.getTime() - HOUR), later)
      const res = await viewer.get(`/api/brands/${brand.id}/dashboard/kpis?${query}`)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      expect(KpisViewSchema.parse(res.body.data).kpis.promises).toEqual({
        made: 4,
        kept: 1,
        broken: 1,
        open: 2,
        overdue: 1,
      })
    } finally {
      await advanceClock(t.ctx, { reset: true })
    }
  })
})
