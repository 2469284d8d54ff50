import crypto from 'node:crypto'
import { eq } from 'drizzle-orm'
import request from 'supertest'
import type { Express } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../shared/events.js'
import type { ComplaintView } from '../../shared/schemas/complaints.js'
import { ThreadViewSchema } from '../../shared/schemas/threads.js'
import { outcomeFigures, ResponseTimeStatsSchema } from '../../shared/sla.js'
import { complaints } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { putReplyAccount } from '../../server/domain/replies/reply-accounts.js'
import { createApp } from '../../server/http/app.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { makeUser, signIn, type SignedIn } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { eventually } from '../support/eventually.js'
import { makeBrand, makePost, makeWebhookSource } from '../support/factories.js'
import { FakeBluesky } from '../support/fake-networks.js'
import { FAKE_CREDENTIALS, replyReaches } from '../support/replies.js'
import { connectConsole, startApiServer, waitForEvent, type ApiServer } from '../support/server.js'
import { waitForAnalysis } from '../support/wait.js'
import { WEBHOOK_MANIFEST, deliverMention } from '../support/webhook.js'

let t: TestContext
let app: Express
let api: ApiServer
let workers: WorkersHandle
let admin: SignedIn
let adviser: SignedIn
let agent: SignedIn
let viewer: SignedIn
const bluesky = new FakeBluesky()
const secret = WEBHOOK_MANIFEST.secret

beforeAll(async () => {
  await bluesky.start()
  t = await createTestContext({
    SSRF_ALLOWLIST: '127.0.0.1',
    REPLY_POLL_MS: '50',
    REPLY_RETRY_BASE_MS: '100',
  })
  app = createApp(t.ctx)
  api = await startApiServer(t)
  workers = await startWorkers(t.ctx)
  admin = await signIn(app, await makeUser(t.ctx, 'admin'))
  adviser = await signIn(app, await makeUser(t.ctx, 'adviser'))
  agent = await signIn(app, await makeUser(t.ctx, 'agent'))
  viewer = await signIn(app, await makeUser(t.ctx, 'viewer'))
})
afterAll(async () => {
  await workers?.close()
  await api?.close()
  await t?.close()
  await bluesky.close()
})

// Analyzer sentiments (firebreak-lr): the lead about −0.72, the follow-ups about +0.99, −0.84
// and −1.00, so each follow-up lands clearly on one side of the thresholds (±0.25).
const LEAD = 'Kredo deleted my whole history overnight. This is outrageous and I want it back now.'
const FOLLOW_UPS = {
  recovered:
    'Thank you so much, it is fixed now and my history is back. Great support, really appreciate it!',
  unchanged: 'Still broken. Kredo, my history is still gone.',
  worse: 'You are useless liars. Worst company ever, I hate this, disgusting and pathetic.',
}

/**
 * A brand with a webhook source and a Bluesky reply account on the fake PDS, one analysed
 * complaint by one author, and a reply to it delivered to the fake network (so the complaint
 * waits on its author).
 */
async function answeredComplaint() {
  const brand = await makeBrand(t.ctx)
  const source = (await makeWebhookSource(t.ctx, brand.id, secret)).source
  const id = crypto.randomBytes(6).toString('hex')
  const author = { externalId: `did:plc:${id}`, handle: `angry${id}.example`, followers: 40 }
  const lead = makePost({
    externalId: `at://did:plc:${id}/app.bsky.feed.post/${id}`,
    url: null,
    text: LEAD,
    author,
  })
  const ingested = await ingestPosts(t.ctx, { brandId: brand.id, channel: 'import', posts: [lead] })
  await waitForAnalysis(t.ctx, ingested.outboxIds)
  const [row] = await t.ctx.db.select().from(complaints).where(eq(complaints.brandId, brand.id))
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
  const res = await agent.post(`/api/complaints/${row!.id}/replies`, {
    text: 'Sorry about this: we are restoring your history.',
  })
  expect(res.status).toBe(202)
  const reply = await replyReaches(t.ctx, res.body.data.id, ['sent'])
  return { brand, source, author, complaintId: row!.id, reply }
}

/** The author answers the brand's reply, through the signed webhook. */
async function followUp(
  c: Awaited<ReturnType<typeof answeredComplaint>>,
  text: string,
  postedAt = new Date(),
) {
  const id = crypto.randomBytes(6).toString('hex')
  const res = await deliverMention(app, c.source.id, secret, {
    id: `at://${c.author.externalId}/app.bsky.feed.post/${id}`,
    source: 'bluesky',
    created_at: postedAt.toISOString(),
    author: { id: c.author.externalId, handle: c.author.handle, followers: c.author.followers },
    text,
    in_reply_to: c.reply.externalId,
  })
  expect(res.status).toBe(202)
  expect(res.body.data.inserted).toBe(1)
}

async function thread(complaintId: string, who: SignedIn = adviser) {
  const res = await who.get(`/api/complaints/${complaintId}/thread`)
  expect(res.status).toBe(200)
  return ThreadViewSchema.parse(res.body.data)
}

/** The complaint's view once its outcome was recorded `times` times (each a new `at`). */
const outcomeRecorded = (complaintId: string, after?: string) =>
  eventually(`an outcome on ${complaintId}`, async () => {
    const { complaint } = await thread(complaintId)
    return complaint.outcome && complaint.outcome.at !== after ? complaint : null
  })

describe('the outcome of a reply', () => {
  it('is recovered when the author answers warmly, live, with the figures it used', async () => {
    const c = await answeredComplaint()
    const before = await thread(c.complaintId)
    expect(before.complaint.state).toBe('waiting')
    expect(before.complaint.outcome).toBeNull()
    const leadSentiment = before.complaint.lead.sentiment.score

    const session = await signIn(api.url, agent.user)
    const socket = await connectConsole(
      api.url,
      { brandId: c.brand.id },
      { cookie: session.cookie },
    )
    try {
      const withOutcome = (e: EventEnvelope<'complaint.updated' | 'complaint.scored'>) =>
        e.data.id === c.complaintId && e.data.outcome !== null
      const live = Promise.race([
        waitForEvent(socket, 'complaint.updated', withOutcome),
        waitForEvent(socket, 'complaint.scored', withOutcome),
      ])
      await followUp(c, FOLLOW_UPS.recovered)
      const pushed: ComplaintView = (await live).data
      expect(pushed.state).toBe('open')
      expect(pushed.outcome).toMatchObject({ outcome: 'recovered' })
    } finally {
      socket.close()
    }
    const after = await thread(c.complaintId)
    const outcome = after.complaint.outcome!
    expect(outcome.outcome).toBe('recovered')
    expect(outcome.before).toBeCloseTo(leadSentiment, 2)
    expect(outcome.after).toBeGreaterThan(0.5)
    expect(outcomeFigures(outcome)).toMatch(/^sentiment −0\.\d\d before, \+0\.\d\d after$/)
    // The author's follow-up owes the team the next answer: its clock runs.
    expect(after.complaint.sla).toMatchObject({ kind: 'next' })
    // The same view goes to viewers (published complaint data), and to the inbox list.
    expect((await thread(c.complaintId, viewer)).complaint.outcome).toEqual(outcome)
    const inbox = await agent.get(`/api/brands/${c.brand.id}/inbox?view=open`)
    expect(inbox.body.data[0].outcome).toEqual(outcome)
  })

  it('is unchanged when the tone barely moves, and worse when it sours', async () => {
    const [flat, sour] = await Promise.all([answeredComplaint(), answeredComplaint()])
    await followUp(flat, FOLLOW_UPS.unchanged)
    await followUp(sour, FOLLOW_UPS.worse)
    const unchanged = (await outcomeRecorded(flat.complaintId)).outcome!
    const worse = (await outcomeRecorded(sour.complaintId)).outcome!
    expect(unchanged.outcome).toBe('unchanged')
    expect(Math.abs(unchanged.after - unchanged.before)).toBeLessThan(0.25)
    expect(worse.outcome).toBe('worse')
    expect(worse.after - worse.before).toBeLessThanOrEqual(-0.25)
  })

  it('is decided again with every post after the reply, and never from posts before it', async () => {
    const c = await answeredComplaint()
    await followUp(c, FOLLOW_UPS.worse)
    const first = (await outcomeRecorded(c.complaintId)).outcome!
    expect(first.outcome).toBe('worse')
    // A warm second follow-up: the mean of both after the reply is about 0, from −0.72: up.
    await followUp(c, FOLLOW_UPS.recovered)
    const second = (await outcomeRecorded(c.complaintId, first.at)).outcome!
    expect(second.before).toBeCloseTo(first.before, 5)
    expect(second.after).toBeGreaterThan(first.after + 0.5)
  })

  it('is not decided by a post of the author older than the reply', async () => {
    const c = await answeredComplaint()
    // Late arrival of a post made before the reply went out: not an answer to it.
    await followUp(c, FOLLOW_UPS.recovered, new Date(c.reply.sentAt!.getTime() - 60_000))
    await eventually('the late post to be analysed', async () => {
      const { posts: shown } = await thread(c.complaintId)
      return (
        shown.length === 3 &&
        shown.every((p) => p.sentiment !== null || p.author.handle.startsWith('kredo'))
      )
    })
    const { complaint } = await thread(c.complaintId)
    expect(complaint.outcome).toBeNull()
    expect(complaint.state).toBe('waiting')
  })
})

describe('response times', () => {
  it('records the first response and the resolution, and a reopen then re-resolve moves it', async () => {
    const c = await answeredComplaint()
    const [row] = await t.ctx.db.select().from(complaints).where(eq(complaints.id, c.complaintId))
    let view = (await thread(c.complaintId)).complaint
    expect(view.responseTimes.firstResponseAt).toBe(c.reply.sentAt!.toISOString())
    expect(view.responseTimes.firstResponseSeconds).toBe(
      Math.round((c.reply.sentAt!.getTime() - row!.firstSeenAt.getTime()) / 1000),
    )
    expect(view.responseTimes.resolvedAt).toBeNull()
    expect(view.sla).toBeNull() // waiting on the author: nothing owed

    const resolved = await agent.post(`/api/complaints/${c.complaintId}/transition`, {
      version: view.version,
      transition: 'resolve',
    })
    expect(resolved.status).toBe(200)
    const firstResolution = resolved.body.data.responseTimes.resolvedAt as string
    expect(firstResolution).not.toBeNull()
    expect(resolved.body.data.responseTimes.resolutionSeconds).toBeGreaterThanOrEqual(0)

    // The author posts again: reopened, no longer resolved.
    await followUp(c, FOLLOW_UPS.unchanged)
    view = await outcomeRecorded(c.complaintId)
    expect(view.state).toBe('open')
    expect(view.responseTimes.resolvedAt).toBeNull()
    expect(view.responseTimes.resolutionSeconds).toBeNull()
    // The first response stays the first.
    expect(view.responseTimes.firstResponseAt).toBe(c.reply.sentAt!.toISOString())

    const again = await agent.post(`/api/complaints/${c.complaintId}/transition`, {
      version: view.version,
      transition: 'resolve',
    })
    expect(again.status).toBe(200)
    expect(Date.parse(again.body.data.responseTimes.resolvedAt)).toBeGreaterThan(
      Date.parse(firstResolution),
    )
  })

  it('counts a reply recorded as made elsewhere as the first response', async () => {
    const brand = await makeBrand(t.ctx)
    const ingested = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [makePost({ text: LEAD })],
    })
    await waitForAnalysis(t.ctx, ingested.outboxIds)
    const [row] = await t.ctx.db.select().from(complaints).where(eq(complaints.brandId, brand.id))
    const res = await agent.post(`/api/complaints/${row!.id}/replies/elsewhere`, {
      url: 'https://support.kredo.example/tickets/42',
    })
    expect(res.status).toBe(201)
    const { complaint } = await thread(row!.id)
    expect(complaint.responseTimes.firstResponseAt).not.toBeNull()
    expect(complaint.responseTimes.firstResponseSeconds).toBeGreaterThanOrEqual(0)
  })

  it('gives a brand p50 and p90 of first responses to every role, and nothing to strangers', async () => {
    const brand = await makeBrand(t.ctx)
    const ingested = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: Array.from({ length: 6 }, (_, i) => makePost({ text: `${LEAD} (${i})` })),
    })
    await waitForAnalysis(t.ctx, ingested.outboxIds)
    const rows = await t.ctx.db
      .select()
      .from(complaints)
      .where(eq(complaints.brandId, brand.id))
      .orderBy(complaints.id)
    expect(rows.length).toBeGreaterThanOrEqual(4)
    // Answered after 10, 20, 30... minutes; the last one not yet.
    const answered = rows.slice(0, -1)
    for (const [i, row] of answered.entries())
      await t.ctx.db
        .update(complaints)
        .set({ firstResponseAt: new Date(row.firstSeenAt.getTime() + (i + 1) * 600_000) })
        .where(eq(complaints.id, row.id))
    // PostgreSQL's percentile_cont: linear between the two closest ranks.
    const seconds = answered.map((_, i) => (i + 1) * 600)
    const cont = (p: number) => {
      const at = p * (seconds.length - 1)
      const lo = Math.floor(at)
      return Math.round(
        seconds[lo]! + (at - lo) * ((seconds[lo + 1] ?? seconds[lo]!) - seconds[lo]!),
      )
    }
    const path = `/api/brands/${brand.id}/response-times?days=7`
    for (const who of [admin, adviser, agent, viewer])
      expect((await who.get(path)).status).toBe(200)
    expect((await request(app).get(path)).status).toBe(401)
    const stats = ResponseTimeStatsSchema.parse((await viewer.get(path)).body.data)
    expect(stats).toMatchObject({
      answered: answered.length,
      unanswered: 1,
      firstResponse: { p50Seconds: cont(0.5), p90Seconds: cont(0.9) },
    })
    const bad = await viewer.get(`/api/brands/${brand.id}/response-times?days=0`)
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues[0].path).toBe('days')
    const none = await viewer.get(`/api/brands/${crypto.randomUUID()}/response-times`)
    expect(none.status).toBe(404)
  })
})
