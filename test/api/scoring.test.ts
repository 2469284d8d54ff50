import { and, eq, inArray } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { ComplaintListSchema } from '../../shared/schemas/complaints.js'
import {
  ComplaintScoresSchema,
  PreviewResultSchema,
  RescoreProgressSchema,
  ScoringVersionViewSchema,
  type ScoringConfig,
} from '../../shared/schemas/scoring-config.js'
import { PRIORITY_3_CONFIG } from '../../shared/scoring/defaults.js'
import { sumContributions } from '../../shared/scoring/explanation.js'
import { auditEvents, posts, scores } from '../../server/db/schema.js'
import { signInAs, type SignedIn } from '../support/auth.js'
import { ingestLoudAndQuiet, makeBrand } from '../support/factories.js'
import { connectConsole, apiForFile, waitForBroadcast } from '../support/server.js'

const file = apiForFile()
let adviser: SignedIn
let viewer: SignedIn

beforeAll(async () => {
  adviser = await signInAs(file.api.url, file.t.ctx, 'adviser')
  viewer = await signInAs(file.api.url, file.t.ctx, 'viewer')
})

/** Escalation cues count four times what they did, and reach not at all. */
const DRAFT: ScoringConfig = {
  ...PRIORITY_3_CONFIG,
  weights: { ...PRIORITY_3_CONFIG.weights, reach: 0, escalation: 60 },
}

describe('a new scoring version: draft → preview → publish → rescore', () => {
  it('previews the diff, publishes with a changelog, keeps old scores, adds new rows, announces it live', async () => {
    const brand = await makeBrand(file.t.ctx)
    await ingestLoudAndQuiet(file.t.ctx, brand.id)
    const postIds = (
      await file.t.ctx.db.select({ id: posts.id }).from(posts).where(eq(posts.brandId, brand.id))
    ).map((p) => p.id)
    const before = await file.t.ctx.db.select().from(scores).where(inArray(scores.postId, postIds))
    expect(before.map((s) => s.version)).toEqual(['priority-3', 'priority-3'])

    // Agents and viewers may not propose; a draft that breaks fairness is refused.
    const agent = await signInAs(file.api.url, file.t.ctx, 'agent')
    expect((await agent.put('/api/scoring/draft', { config: DRAFT })).status).toBe(403)
    const unfair = await adviser.put('/api/scoring/draft', {
      config: { ...DRAFT, weights: { ...DRAFT.weights, waiting: 50 } },
    })
    expect(unfair.status).toBe(400)
    expect(unfair.body.error.issues).toContainEqual(
      expect.objectContaining({ path: 'config.weights.waiting' }),
    )

    // A proposal says what reach reads: left out, it would fall back to log followers unseen.
    const { reachMeasure: _left, ...silent } = DRAFT
    const unsaid = await adviser.put('/api/scoring/draft', { config: silent })
    expect(unsaid.status).toBe(400)
    expect(unsaid.body.error.issues).toContainEqual(
      expect.objectContaining({ path: 'config.reachMeasure' }),
    )

    const saved = await adviser.put('/api/scoring/draft', { config: DRAFT })
    expect(saved.status).toBe(200)
    const draft = ScoringVersionViewSchema.parse(saved.body.data)
    expect(draft).toMatchObject({ status: 'draft', number: 4, key: 'priority-4' })

    const now = Date.now()
    const preview = await adviser.post(`/api/scoring/versions/${draft.id}/preview`, {
      brandId: brand.id,
      from: new Date(now - 86_400_000).toISOString(),
      to: new Date(now + 60_000).toISOString(),
      top: 1,
    })
    expect(preview.status).toBe(200)
    const diff = PreviewResultSchema.parse(preview.body.data)
    expect(diff).toMatchObject({ complaints: 2, baselineKey: 'priority-3', key: 'priority-4' })
    expect(diff.movedUp.map((m) => [m.handle, m.before.rank, m.after.rank])).toEqual([
      ['quiet', 2, 1],
    ])
    expect(diff.movedDown.map((m) => m.handle)).toEqual(['loud'])
    expect(diff.enteredTop.map((m) => m.handle)).toEqual(['quiet'])
    expect(diff.leftTop.map((m) => m.handle)).toEqual(['loud'])

    // Every console hears of the publication, and of the rescore's end.
    const socket = await connectConsole(
      file.api.url,
      { brandId: brand.id },
      { cookie: viewer.cookie },
    )
    const announced = waitForBroadcast(socket, 'scoring.published')
    const rescored = waitForBroadcast(
      socket,
      'scoring.rescored',
      (p) => RescoreProgressSchema.parse(p).state === 'done' && p.key === 'priority-4',
    )
    expect(
      (await adviser.post(`/api/scoring/versions/${draft.id}/publish`, { changelog: 'short' }))
        .status,
    ).toBe(400)
    const changelog = 'Escalation cues weigh four times more; author reach no longer counts.'
    const published = await adviser.post(`/api/scoring/versions/${draft.id}/publish`, {
      changelog,
    })
    expect(published.status).toBe(200)
    expect(ScoringVersionViewSchema.parse(await announced)).toMatchObject({
      key: 'priority-4',
      status: 'published',
      changelog,
      isCurrent: true,
    })
    await rescored
    socket.close()

    // Old rows kept exactly; new rows added under the new version.
    const after = await file.t.ctx.db.select().from(scores).where(inArray(scores.postId, postIds))
    expect(after.filter((s) => s.version === 'priority-3')).toEqual(before)
    expect(after.filter((s) => s.version === 'priority-4')).toHaveLength(2)

    const list = ComplaintListSchema.parse(
      (await viewer.get(`/api/brands/${brand.id}/complaints`)).body,
    )
    expect(list.data.map((c) => [c.threadKey, c.scoringVersion])).toEqual([
      ['quiet', 'priority-4'],
      ['loud', 'priority-4'],
    ])
    for (const c of list.data)
      expect(sumContributions(c.lead.explanation.factors)).toBe(c.lead.explanation.priority)

    // A complaint's score under earlier versions stays readable.
    const history = ComplaintScoresSchema.parse(
      (await viewer.get(`/api/complaints/${list.data[0]!.id}/scores`)).body,
    )
    expect(history.data.map((s) => s.version)).toEqual(['priority-3', 'priority-4'])
    for (const s of history.data)
      expect(sumContributions(s.explanation.factors)).toBe(s.explanation.priority)

    // Published versions never change; both steps are audited.
    expect(
      (
        await adviser.post(`/api/scoring/versions/${draft.id}/publish`, {
          changelog: 'Trying to publish it a second time.',
        })
      ).status,
    ).toBe(409)
    const audit = await file.t.ctx.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.subjectType, 'scoring_version'),
          eq(auditEvents.subjectId, 'priority-4'),
        ),
      )
    expect(audit.map((a) => a.action).sort()).toEqual(['scoring.draft_saved', 'scoring.published'])
  })

  it('lets every role read the versions and their changelog', async () => {
    const res = await viewer.get('/api/scoring/versions')
    expect(res.status).toBe(200)
    const keys = (res.body.data as Array<{ key: string }>).map((v) => v.key)
    expect(keys).toContain('priority-1')
    expect(keys).toContain('priority-2')
    expect(keys).toContain('priority-3')
  })
})
