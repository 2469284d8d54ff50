import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { AnnouncementListSchema } from '../../shared/schemas/announcements.js'
import { PRIORITY_3_CONFIG } from '../../shared/scoring/defaults.js'
import { announcements, auditEvents } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { signInAs, type SignedIn } from '../support/auth.js'
import { makeBrand, makePost } from '../support/factories.js'
import { apiForFile } from '../support/server.js'
import { waitForAnalysis } from '../support/wait.js'

const file = apiForFile()
let adviser: SignedIn
let agent: SignedIn
let viewer: SignedIn
const HOUR = 3600_000

beforeAll(async () => {
  adviser = await signInAs(file.api.url, file.t.ctx, 'adviser')
  agent = await signInAs(file.api.url, file.t.ctx, 'agent')
  viewer = await signInAs(file.api.url, file.t.ctx, 'viewer')
})

const iso = (ms: number) => new Date(ms).toISOString()

/** Posts written at the given times (ms): complaints, or praise. */
async function postAt(brandId: string, times: number[], kind: 'complaint' | 'praise') {
  const text =
    kind === 'complaint'
      ? 'My Kredo score dropped overnight and support will not answer. Terrible, awful.'
      : 'Love the new Kredo dashboard, great work, thank you!'
  const posts = times.map((at) => makePost({ postedAt: iso(at), text }))
  const { outboxIds } = await ingestPosts(file.t.ctx, { brandId, channel: 'import', posts })
  await waitForAnalysis(file.t.ctx, outboxIds)
}

describe('announcements', () => {
  it('compares equal windows before and after a change, and says whether it was announced first', async () => {
    const brand = await makeBrand(file.t.ctx)
    const now = Date.now()
    const effective = now - 2 * HOUR
    // Before the change: two praising posts; after it: three complaints.
    await postAt(brand.id, [effective - HOUR, effective - 30 * 60_000], 'praise')
    await postAt(brand.id, [effective + 10 * 60_000, effective + HOUR, now - 60_000], 'complaint')
    // Outside the two-hour windows: not counted.
    await postAt(brand.id, [effective - 3 * HOUR], 'complaint')

    const created = await adviser.post(`/api/brands/${brand.id}/announcements`, {
      kind: 'change',
      title: 'Score formula changed',
      effectiveAt: iso(effective),
      announcedAt: iso(effective - 24 * HOUR),
      url: 'https://kredo.example/blog/new-score',
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body.data).toMatchObject({
      kind: 'change',
      announcedFirst: true,
      createdBy: { id: adviser.user.id },
    })
    const { impact } = created.body.data
    expect(impact.windowHours).toBeCloseTo(2, 1)
    expect(impact.before).toEqual({ posts: 2, complaints: 0, negativeShare: 0 })
    expect(impact.after.posts).toBe(3)
    expect(impact.after.complaints).toBe(3)
    expect(impact.after.negativeShare).toBeGreaterThan(0.5)

    // An incident nobody announced; a change planned for tomorrow, not announced yet.
    await adviser.post(`/api/brands/${brand.id}/announcements`, {
      kind: 'incident',
      title: 'History pages down',
      effectiveAt: iso(now - HOUR),
    })
    await adviser.post(`/api/brands/${brand.id}/announcements`, {
      kind: 'change',
      title: 'Agencies plan ends',
      effectiveAt: iso(now + 24 * HOUR),
    })
    const list = AnnouncementListSchema.parse(
      (await viewer.get(`/api/brands/${brand.id}/announcements`)).body,
    )
    expect(list.data.map((a) => [a.title, a.announcedFirst, a.impact === null])).toEqual([
      ['Agencies plan ends', null, true],
      ['History pages down', false, false],
      ['Score formula changed', true, false],
    ])
  })

  it('refuses bad input with precise 400s, and lets only advisers and admins record', async () => {
    const brand = await makeBrand(file.t.ctx)
    const path = `/api/brands/${brand.id}/announcements`
    const issues = async (body: object) => (await adviser.post(path, body)).body.error.issues
    expect(await issues({ kind: 'change', title: 'No date' })).toEqual([
      { path: 'effectiveAt', message: 'must be an ISO time' },
    ])
    expect(
      await issues({ kind: 'scoring_version', title: 'x', effectiveAt: iso(Date.now()) }),
    ).toEqual([expect.objectContaining({ path: 'kind' })])
    expect(await issues({ kind: 'change', title: '   ', effectiveAt: iso(Date.now()) })).toEqual([
      { path: 'title', message: 'a title cannot be empty' },
    ])
    expect(
      await issues({
        kind: 'change',
        title: 'x',
        effectiveAt: iso(Date.now()),
        announcedAt: 'yesterday',
      }),
    ).toEqual([{ path: 'announcedAt', message: 'must be an ISO time' }])
    const body = { kind: 'incident', title: 'Outage', effectiveAt: iso(Date.now()) }
    expect((await agent.post(path, body)).status).toBe(403)
    expect((await viewer.post(path, body)).status).toBe(403)
    expect((await viewer.get(path)).status).toBe(200)
  })

  it('records a published scoring version on every brand, which cannot be deleted', async () => {
    const brand = await makeBrand(file.t.ctx)
    const change = await adviser.post(`/api/brands/${brand.id}/announcements`, {
      kind: 'change',
      title: 'Typo',
      effectiveAt: iso(Date.now()),
    })
    const saved = await adviser.put('/api/scoring/draft', {
      config: { ...PRIORITY_3_CONFIG, weights: { ...PRIORITY_3_CONFIG.weights, escalation: 30 } },
    })
    expect(saved.status, JSON.stringify(saved.body)).toBe(200)
    const changelog = 'Escalation cues weigh twice what they did.'
    const effectiveAt = iso(Date.now() + HOUR)
    const published = await adviser.post(`/api/scoring/versions/${saved.body.data.id}/publish`, {
      changelog,
      effectiveAt,
    })
    expect(published.status, JSON.stringify(published.body)).toBe(200)

    const list = AnnouncementListSchema.parse(
      (await viewer.get(`/api/brands/${brand.id}/announcements`)).body,
    )
    const scoring = list.data.find((a) => a.kind === 'scoring_version')!
    expect(scoring).toMatchObject({
      title: `Scoring ${saved.body.data.key} published`,
      body: changelog,
      effectiveAt,
      announcedFirst: true,
      impact: null,
    })
    const other = await makeBrand(file.t.ctx, 'Other')
    // Brands made after the publication have no row of it; every brand then had one.
    expect(
      await file.t.ctx.db.select().from(announcements).where(eq(announcements.brandId, other.id)),
    ).toEqual([])

    const refused = await adviser.delete(`/api/brands/${brand.id}/announcements/${scoring.id}`)
    expect(refused.status).toBe(409)
    const removed = await adviser.delete(
      `/api/brands/${brand.id}/announcements/${change.body.data.id}`,
    )
    expect(removed.status).toBe(204)
    const audit = await file.t.ctx.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.subjectType, 'announcement'),
          eq(auditEvents.subjectId, change.body.data.id as string),
        ),
      )
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['announcement.created', adviser.user.id],
      ['announcement.deleted', adviser.user.id],
    ])
  })
})
