import { and, asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  ComplaintListSchema,
  ComplaintViewSchema,
  type ComplaintView,
} from '../../shared/schemas/complaints.js'
import {
  PreviewResultSchema,
  RescoreProgressSchema,
  ScoringVersionViewSchema,
} from '../../shared/schemas/scoring-config.js'
import { PRIORITY_3_CONFIG } from '../../shared/scoring/defaults.js'
import { sumContributions } from '../../shared/scoring/explanation.js'
import { ScoreExplanationSchema } from '../../shared/schemas/scoring.js'
import { auditEvents, posts, scores } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { makeUser, signIn, signInAs, type SignedIn } from '../support/auth.js'
import { makeBrand, makePost } from '../support/factories.js'
import { connectConsole, apiForFile, waitForBroadcast, waitForEvent } from '../support/server.js'
import { waitForAnalysis } from '../support/wait.js'

const file = apiForFile()
let adviser: SignedIn
let viewer: SignedIn

beforeAll(async () => {
  adviser = await signIn(
    file.api.url,
    await makeUser(file.t.ctx, 'adviser', { name: 'Ada Adviser' }),
  )
  viewer = await signInAs(file.api.url, file.t.ctx, 'viewer')
})

const TEXT = 'Kredo dropped my score overnight and support will not answer. Terrible.'

/**
 * Two complaints alike in all but the author's followers: `ahead` ranks above `behind` by the
 * reach factor alone (20 followers: 3.8 points; 10,000: 11.4), a fresh brand each time.
 */
/**
 * Two complaints of the same text, ranked 'ahead' then 'behind': by the reach of the one
 * ahead, or, between equal authors, by how much earlier it was posted (waiting time).
 */
async function twoComplaints({ aheadFollowers = 0, aheadMinutesEarlier = 0 }) {
  const brand = await makeBrand(file.t.ctx)
  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString()
  const post = (thread: string, followers: number, postedAt: string) =>
    makePost({
      threadId: thread,
      externalId: `${thread}-root`,
      text: TEXT,
      postedAt,
      author: { externalId: thread, handle: `${thread}.example`, followers },
      engagement: { likes: 3, replies: 0, shares: 0 },
    })
  const ingested = await ingestPosts(file.t.ctx, {
    brandId: brand.id,
    channel: 'import',
    posts: [
      post('ahead', aheadFollowers, minutesAgo(1 + aheadMinutesEarlier)),
      post('behind', 0, minutesAgo(1)),
    ],
  })
  await waitForAnalysis(file.t.ctx, ingested.outboxIds)
  const list = await ranked(brand.id)
  expect(list.map((c) => c.threadKey)).toEqual(['ahead', 'behind'])
  return { brand, ahead: list[0]!, behind: list[1]! }
}

async function ranked(brandId: string): Promise<ComplaintView[]> {
  const res = await viewer.get(`/api/brands/${brandId}/complaints`)
  return ComplaintListSchema.parse(res.body).data
}

const pickFactor = (c: ComplaintView) => c.lead.explanation.factors.find((f) => f.key === 'pick')!

async function leadScores(postId: number) {
  return file.t.ctx.db
    .select()
    .from(scores)
    .where(eq(scores.postId, postId))
    .orderBy(asc(scores.version), asc(scores.revision))
}

async function auditOf(complaintId: string) {
  return file.t.ctx.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, 'complaint'), eq(auditEvents.subjectId, complaintId)))
    .orderBy(asc(auditEvents.id))
}

describe("an adviser's pick", () => {
  it('is for advisers and admins only: agents and viewers get 403 saying so', async () => {
    const { behind } = await twoComplaints({ aheadMinutesEarlier: 30 })
    for (const role of ['agent', 'viewer'] as const) {
      const client = await signInAs(file.api.url, file.t.ctx, role)
      for (const res of [
        await client.put(`/api/complaints/${behind.id}/pick`, { reason: 'mine' }),
        await client.delete(`/api/complaints/${behind.id}/pick`),
      ]) {
        expect(res.status).toBe(403)
        expect(res.body.error).toMatchObject({
          code: 'forbidden',
          message: `Only advisers and admins may pick or unpick threads; your role is ${role}`,
        })
      }
    }
    const admin = await signInAs(file.api.url, file.t.ctx, 'admin')
    const picked = await admin.put(`/api/complaints/${behind.id}/pick`, {})
    expect(picked.status).toBe(200)
    expect(ComplaintViewSchema.parse(picked.body.data).pick).toMatchObject({
      by: 'Test admin',
      reason: null,
    })
    expect((await auditOf(behind.id)).map((a) => [a.action, a.actorId])).toEqual([
      ['complaint.picked', admin.user.id],
    ])
  })

  it('refuses a bad request with the precise reason, and an unknown complaint with 404', async () => {
    const { behind } = await twoComplaints({ aheadMinutesEarlier: 30 })
    const long = await adviser.put(`/api/complaints/${behind.id}/pick`, {
      reason: 'x'.repeat(501),
    })
    expect(long.status).toBe(400)
    expect(long.body.error).toMatchObject({
      code: 'invalid_request',
      issues: [{ path: 'reason', message: 'must be at most 500 characters' }],
    })
    const notText = await adviser.put(`/api/complaints/${behind.id}/pick`, { reason: 42 })
    expect(notText.status).toBe(400)
    expect(notText.body.error.issues).toEqual([{ path: 'reason', message: 'must be text' }])
    const badId = await adviser.put('/api/complaints/not-a-uuid/pick', {})
    expect(badId.status).toBe(400)
    expect(badId.body.error.issues).toEqual([
      { path: 'complaintId', message: 'must be a complaint id' },
    ])
    const unknown = await adviser.put(
      '/api/complaints/00000000-0000-4000-8000-000000000000/pick',
      {},
    )
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.message).toBe('Complaint not found')
    // Nothing was changed, scored or audited by a refused request.
    expect(await auditOf(behind.id)).toEqual([])
    expect(await leadScores(behind.lead.id)).toHaveLength(1)
  })

  it('scores the complaint again at once as a new revision, moves it up live, and is audited; unpick undoes it', async () => {
    const { brand, ahead, behind } = await twoComplaints({ aheadMinutesEarlier: 30 })
    const [original] = await leadScores(behind.lead.id)
    expect(pickFactor(behind)).toMatchObject({ contribution: 0, note: 'not picked' })

    const socket = await connectConsole(
      file.api.url,
      { brandId: brand.id },
      { cookie: viewer.cookie },
    )
    try {
      const pushed = waitForEvent(socket, 'complaint.scored', (e) => e.data.id === behind.id)
      const reason = 'Journalist <b>asking</b> & "quoting" it'
      const res = await adviser.put(`/api/complaints/${behind.id}/pick`, { reason: ` ${reason} ` })
      expect(res.status).toBe(200)
      const view = ComplaintViewSchema.parse(res.body.data)

      // Every console of the brand hears of it, with the view REST returns.
      const event = await pushed
      expect(event.seq).toBeGreaterThan(0)
      expect(event.data.pick).toEqual(view.pick)
      expect(view.pick).toMatchObject({ by: 'Ada Adviser', reason })

      // The pick's five points, explained with who and why; the parts add up.
      expect(pickFactor(view)).toMatchObject({
        input: 1,
        weight: 5,
        contribution: 5,
        note: `picked by Ada Adviser: “${reason}”`,
      })
      expect(sumContributions(view.lead.explanation.factors)).toBe(view.lead.explanation.priority)
      expect(view.waiting.basePriority).toBeCloseTo(behind.waiting.basePriority + 5, 1)
      expect(view.rankKey).toBeGreaterThan(ahead.rankKey)
      expect((await ranked(brand.id)).map((c) => c.threadKey)).toEqual(['behind', 'ahead'])

      // A new revision under the version in effect; the first score is kept as it was.
      const rows = await leadScores(behind.lead.id)
      expect(rows.map((r) => [r.version, r.revision])).toEqual([
        ['priority-3', 0],
        ['priority-3', 1],
      ])
      expect(rows[0]).toEqual(original)
      const stored = ScoreExplanationSchema.parse(rows[1]!.explanation)
      expect(sumContributions(stored.factors)).toBe(stored.priority)
      expect(rows[1]!.priority).toBeCloseTo(stored.priority, 2)

      // One audit row, naming who, why, and the priority before and after.
      const [audit] = await auditOf(behind.id)
      expect(audit).toMatchObject({
        action: 'complaint.picked',
        actorId: adviser.user.id,
        subjectType: 'complaint',
        before: { pick: null, scoringVersion: 'priority-3' },
        after: { pick: { by: adviser.user.id, reason }, scoringVersion: 'priority-3' },
      })
      expect((audit!.after as { priority: number }).priority).toBeCloseTo(view.priority, 0)

      // The same pick again changes nothing: no revision, no audit row, no event.
      const again = await adviser.put(`/api/complaints/${behind.id}/pick`, { reason })
      expect(again.status).toBe(200)
      expect(ComplaintViewSchema.parse(again.body.data).pick).toEqual(view.pick)
      expect(await leadScores(behind.lead.id)).toHaveLength(2)
      expect(await auditOf(behind.id)).toHaveLength(1)

      // Unpicking scores it again (a third revision) and it falls back behind.
      const unpushed = waitForEvent(
        socket,
        'complaint.scored',
        (e) => e.data.id === behind.id && e.data.pick === null,
      )
      const unpicked = await adviser.delete(`/api/complaints/${behind.id}/pick`)
      expect(unpicked.status).toBe(200)
      const after = ComplaintViewSchema.parse(unpicked.body.data)
      expect(after.pick).toBeNull()
      expect((await unpushed).seq).toBeGreaterThan(event.seq)
      expect(pickFactor(after)).toMatchObject({ contribution: 0, note: 'not picked' })
      expect(sumContributions(after.lead.explanation.factors)).toBe(after.lead.explanation.priority)
      expect((await leadScores(behind.lead.id)).map((r) => r.revision)).toEqual([0, 1, 2])
      expect((await ranked(brand.id)).map((c) => c.threadKey)).toEqual(['ahead', 'behind'])
      expect((await auditOf(behind.id)).map((a) => a.action)).toEqual([
        'complaint.picked',
        'complaint.unpicked',
      ])
      // Unpicking what is not picked is a no-op.
      expect((await adviser.delete(`/api/complaints/${behind.id}/pick`)).status).toBe(200)
      expect(await auditOf(behind.id)).toHaveLength(2)
    } finally {
      socket.close()
    }
  })

  it('is scored by every path: new posts and replies of the thread, the preview, and a new version', async () => {
    const { brand, ahead, behind } = await twoComplaints({ aheadFollowers: 10_000 })
    const picked = await adviser.put(`/api/complaints/${behind.id}/pick`, {
      reason: 'Regulator copied',
    })
    expect(picked.status).toBe(200)
    // The top reach percentile of the network is worth more than a pick's five: still behind.
    expect((await ranked(brand.id)).map((c) => c.threadKey)).toEqual(['ahead', 'behind'])

    // A reply to the picked thread: the grown thread's new revision keeps the pick.
    const reply = await ingestPosts(file.t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [
        makePost({
          threadId: 'behind',
          inReplyTo: 'behind-root',
          text: 'Same here, thanks for saying it.',
        }),
      ],
    })
    await waitForAnalysis(file.t.ctx, reply.outboxIds)
    const grown = (await ranked(brand.id)).find((c) => c.id === behind.id)!
    expect(grown.lead.explanation.factors.find((f) => f.key === 'engagement')!.note).toMatch(
      /the thread has 1 replies/,
    )
    expect(pickFactor(grown)).toMatchObject({
      contribution: 5,
      note: 'picked by Ada Adviser: “Regulator copied”',
    })
    expect((await leadScores(behind.lead.id)).map((r) => r.revision)).toEqual([0, 1, 2])

    // A new complaint post in the picked thread is scored with the pick from the start.
    const more = await ingestPosts(file.t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [
        // Quieter than the lead (no reach, no engagement), so the lead stays the lead.
        makePost({
          threadId: 'behind',
          externalId: 'behind-more',
          inReplyTo: 'behind-root',
          text: TEXT,
          author: { externalId: 'more', handle: 'more.example', followers: 0 },
          engagement: { likes: 0, replies: 0, shares: 0 },
        }),
      ],
    })
    await waitForAnalysis(file.t.ctx, more.outboxIds)
    const [newPost] = await file.t.ctx.db
      .select({ explanation: scores.explanation })
      .from(scores)
      .innerJoin(posts, eq(posts.id, scores.postId))
      .where(and(eq(posts.brandId, brand.id), eq(posts.externalId, 'behind-more')))
    expect(
      ScoreExplanationSchema.parse(newPost!.explanation).factors.find((f) => f.key === 'pick'),
    ).toMatchObject({ contribution: 5 })

    // A draft that weighs a pick at 40: the preview reads the pick, so the picked one moves up.
    const draftConfig = {
      ...PRIORITY_3_CONFIG,
      weights: { ...PRIORITY_3_CONFIG.weights, pick: 40 },
    }
    const saved = await adviser.put('/api/scoring/draft', { config: draftConfig })
    expect(saved.status).toBe(200)
    const draft = ScoringVersionViewSchema.parse(saved.body.data)
    const now = Date.now()
    const preview = await adviser.post(`/api/scoring/versions/${draft.id}/preview`, {
      brandId: brand.id,
      from: new Date(now - 3_600_000).toISOString(),
      to: new Date(now + 60_000).toISOString(),
    })
    expect(preview.status).toBe(200)
    const diff = PreviewResultSchema.parse(preview.body.data)
    expect(diff.movedUp.map((m) => m.complaintId)).toEqual([behind.id])
    expect(diff.movedDown.map((m) => m.complaintId)).toEqual([ahead.id])

    // Published, the rescore carries the pick into the new version.
    const socket = await connectConsole(
      file.api.url,
      { brandId: brand.id },
      { cookie: viewer.cookie },
    )
    try {
      const done = waitForBroadcast(
        socket,
        'scoring.rescored',
        (p) => RescoreProgressSchema.parse(p).state === 'done' && p.key === draft.key,
      )
      const published = await adviser.post(`/api/scoring/versions/${draft.id}/publish`, {
        changelog: "An adviser's pick weighs 40 points, eight times more.",
      })
      expect(published.status).toBe(200)
      await done
    } finally {
      socket.close()
    }
    const list = await ranked(brand.id)
    expect(list.map((c) => [c.threadKey, c.scoringVersion])).toEqual([
      ['behind', draft.key],
      ['ahead', draft.key],
    ])
    expect(list[0]!.pick).toMatchObject({ by: 'Ada Adviser', reason: 'Regulator copied' })
    expect(pickFactor(list[0]!)).toMatchObject({ weight: 40, contribution: 40 })
    expect(pickFactor(list[1]!)).toMatchObject({ weight: 40, contribution: 0 })
    for (const c of list)
      expect(sumContributions(c.lead.explanation.factors)).toBe(c.lead.explanation.priority)
    // Rows of the earlier version are all still there: first score, pick, two thread growths.
    expect(
      (await leadScores(behind.lead.id))
        .filter((r) => r.version === 'priority-3')
        .map((r) => r.revision),
    ).toEqual([0, 1, 2, 3])
  })
})
