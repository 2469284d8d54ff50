import { eq } from 'drizzle-orm'
import type { Express } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ComplaintListSchema } from '../../shared/schemas/complaints.js'
import { ScoringConfigSchema } from '../../shared/schemas/scoring-config.js'
import { sumContributions } from '../../shared/scoring/explanation.js'
import {
  PRIORITY_1_CONFIG,
  PRIORITY_2_CONFIG,
  PRIORITY_3_CONFIG,
} from '../../shared/scoring/defaults.js'
import { SUNK_RANK_KEY } from '../../shared/scoring/ranking.js'
import { currentScoringVersion } from '../../server/db/repositories/scoring-versions.js'
import { complaints, posts, scores, scoringVersions } from '../../server/db/schema.js'
import { markPostDeleted } from '../../server/domain/complaints/delete-post.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { createApp } from '../../server/http/app.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { signInAs } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, makePost } from '../support/factories.js'
import { waitForAnalysis } from '../support/wait.js'

let t: TestContext
let app: Express
let workers: WorkersHandle
const HOUR = 3_600_000

beforeAll(async () => {
  t = await createTestContext()
  app = createApp(t.ctx)
  workers = await startWorkers(t.ctx)
})
afterAll(async () => {
  await workers?.close()
  await t?.close()
})

describe('scoring versions as data', () => {
  it('seeds priority-1 exactly as shipped, priority-2 as it was, and priority-3 as the version in effect', async () => {
    const rows = await t.ctx.db.select().from(scoringVersions).orderBy(scoringVersions.number)
    expect(rows.slice(0, 3).map((r) => [r.number, r.key, r.status])).toEqual([
      [1, 'priority-1', 'published'],
      [2, 'priority-2', 'published'],
      [3, 'priority-3', 'published'],
    ])
    expect(ScoringConfigSchema.parse(rows[0]!.config)).toEqual(PRIORITY_1_CONFIG)
    expect(ScoringConfigSchema.parse(rows[1]!.config)).toEqual(PRIORITY_2_CONFIG)
    expect(ScoringConfigSchema.parse(rows[2]!.config)).toEqual(PRIORITY_3_CONFIG)
    // Stored versions are never rewritten: the old configs are stored as they were seeded.
    expect(rows[1]!.config).not.toHaveProperty('reachMeasure')
    expect(rows[2]!.changelog).toMatch(/percentile/)
    expect((await currentScoringVersion(t.ctx.db)).key).toBe('priority-3')
  })
})

describe('the ranked queue', () => {
  it('ranks by priority now, with waiting counted, and every explanation adds up', async () => {
    const brand = await makeBrand(t.ctx)
    const now = Date.now()
    const quietOld = makePost({
      threadId: 'quiet-old',
      text: 'Kredo dropped my score and nobody answers. Terrible.',
      postedAt: new Date(now - 20 * HOUR).toISOString(),
      author: { externalId: 'q', handle: 'quiet', followers: 0 },
      engagement: { likes: 0, replies: 0, shares: 0 },
    })
    const loudFresh = makePost({
      threadId: 'loud-fresh',
      text: 'Kredo rewrote my score history overnight. Terrible. My lawyer is reading this.',
      author: { externalId: 'l', handle: 'loud', followers: 5_000_000 },
      engagement: { likes: 50_000, replies: 4_000, shares: 9_000 },
    })
    const middle = makePost({ threadId: 'middle' })
    const result = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [quietOld, loudFresh, middle],
    })
    await waitForAnalysis(t.ctx, result.outboxIds)

    const viewer = await signInAs(app, t.ctx, 'viewer')
    const res = await viewer.get(`/api/brands/${brand.id}/complaints`)
    expect(res.status).toBe(200)
    const list = ComplaintListSchema.parse(res.body)
    // Twenty hours of waiting (166.7) outrank anything a fresh complaint can score (100).
    expect(list.data.map((c) => c.threadKey)).toEqual(['quiet-old', 'loud-fresh', 'middle'])
    for (const c of list.data) {
      expect(c.scoringVersion).toBe('priority-3')
      const { explanation } = c.lead
      expect(explanation.version).toBe('priority-3')
      expect(sumContributions(explanation.factors)).toBe(explanation.priority)
      expect(c.priority).toBe(explanation.priority)
    }
    const loud = list.data.find((c) => c.threadKey === 'loud-fresh')!
    expect(loud.lead.explanation.factors.find((f) => f.key === 'escalation')).toMatchObject({
      contribution: 15,
      note: 'Legal threat',
    })
    // Reach is where the author stands on their network, placed as they were scored.
    expect(loud.lead.explanation.factors.find((f) => f.key === 'reach')).toMatchObject({
      input: 1,
      contribution: 20,
      note: expect.stringMatching(/^100th percentile on Bluesky \(followers 5,000,000\)$/),
    })
    const quiet = list.data[0]!
    expect(quiet.lead.explanation.factors.find((f) => f.key === 'waiting')!.contribution).toBe(
      Math.round((200 / 24) * 20 * 100) / 100,
    )
  })

  it('keeps the complaint row keyed to its version, with base, rate and waiting start', async () => {
    const brand = await makeBrand(t.ctx)
    const result = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [makePost({ threadId: 't' })],
    })
    await waitForAnalysis(t.ctx, result.outboxIds)
    const { complaints } = await import('../../server/db/schema.js')
    const [row] = await t.ctx.db.select().from(complaints).where(eq(complaints.brandId, brand.id))
    expect(row).toMatchObject({ scoringVersion: 'priority-3' })
    expect(row!.waitingRate).toBeCloseTo(200 / 24, 4)
    expect(row!.waitingSince).toBeInstanceOf(Date)
  })

  it('scores the lead again as its thread gains replies: a new row, a higher priority', async () => {
    const brand = await makeBrand(t.ctx)
    const root = makePost({
      externalId: 'root',
      threadId: 'grows',
      engagement: { likes: 0, replies: 0, shares: 0 },
    })
    const first = await ingestPosts(t.ctx, { brandId: brand.id, channel: 'import', posts: [root] })
    await waitForAnalysis(t.ctx, first.outboxIds)
    const viewer = await signInAs(app, t.ctx, 'viewer')
    const before = ComplaintListSchema.parse(
      (await viewer.get(`/api/brands/${brand.id}/complaints`)).body,
    ).data[0]!

    const replies = Array.from({ length: 12 }, (_, i) =>
      makePost({
        externalId: `reply-${i}`,
        threadId: 'grows',
        inReplyTo: 'root',
        text: 'Same here, thanks for saying it.',
      }),
    )
    const second = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: replies,
    })
    await waitForAnalysis(t.ctx, second.outboxIds)
    const after = ComplaintListSchema.parse(
      (await viewer.get(`/api/brands/${brand.id}/complaints`)).body,
    ).data[0]!
    expect(after.id).toBe(before.id)
    expect(after.waiting.basePriority).toBeGreaterThan(before.waiting.basePriority)
    const engagement = after.lead.explanation.factors.find((f) => f.key === 'engagement')!
    expect(engagement.note).toMatch(/the thread has 12 replies/)
    expect(sumContributions(after.lead.explanation.factors)).toBe(after.lead.explanation.priority)

    const rows = await t.ctx.db
      .select({ version: scores.version, revision: scores.revision })
      .from(scores)
      .where(eq(scores.postId, before.lead.id))
    expect(rows.length).toBeGreaterThanOrEqual(2)
    expect(rows.map((r) => r.revision)).toContain(0)
    expect(new Set(rows.map((r) => r.version))).toEqual(new Set(['priority-3']))
  })
})

describe('a deleted post', () => {
  it('hands the lead to the thread’s next complaint post, scored again, and a thread with none left sinks', async () => {
    const brand = await makeBrand(t.ctx)
    const loud = makePost({
      threadId: 'deleted-lead',
      text: 'Kredo rewrote my score history overnight. Terrible. My lawyer is reading this.',
      author: { externalId: 'l', handle: 'loud', followers: 5_000_000 },
      engagement: { likes: 50_000, replies: 4_000, shares: 9_000 },
    })
    const quiet = makePost({
      threadId: 'deleted-lead',
      text: 'Same here, Kredo dropped my score and nobody answers. Terrible.',
      author: { externalId: 'q', handle: 'quiet', followers: 0 },
      engagement: { likes: 0, replies: 0, shares: 0 },
    })
    const ingested = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [loud, quiet],
    })
    await waitForAnalysis(t.ctx, ingested.outboxIds)
    const complaintOf = async () => {
      const [row] = await t.ctx.db.select().from(complaints).where(eq(complaints.brandId, brand.id))
      return row!
    }
    const postId = async (externalId: string) =>
      (await t.ctx.db.select().from(posts).where(eq(posts.externalId, externalId)))[0]!.id
    const [loudId, quietId] = [await postId(loud.externalId), await postId(quiet.externalId)]
    const before = await complaintOf()
    expect(before.leadPostId).toBe(loudId)

    const del = async (externalId: string) =>
      (await markPostDeleted(t.ctx, { brandId: brand.id, network: 'bluesky', externalId })).changed
    expect(await del(loud.externalId)).toBe(true)
    const after = await complaintOf()
    const quietScores = await t.ctx.db
      .select()
      .from(scores)
      .where(eq(scores.postId, quietId))
      .orderBy(scores.revision)
    const latest = quietScores.at(-1)!
    expect(quietScores.map((s) => s.revision)).toEqual([0, 1])
    expect(after).toMatchObject({
      leadPostId: quietId,
      postCount: 1,
      priority: latest.priority,
      scoringVersion: latest.version,
    })
    expect(after.rankKey).toBeCloseTo(latest.rankKey!, 6)
    expect(after.rankKey).toBeLessThan(before.rankKey)

    expect(await del(quiet.externalId)).toBe(true)
    expect(await complaintOf()).toMatchObject({
      postCount: 0,
      priority: 0,
      waitingRate: 0,
      rankKey: SUNK_RANK_KEY,
    })
  })
})
