import { and, asc, eq } from 'drizzle-orm'
import type { Express } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApprovalCountSchema, ApprovalQueueSchema } from '../../shared/schemas/approval.js'
import { BrandViewSchema } from '../../shared/schemas/brands.js'
import { ReplyViewSchema } from '../../shared/schemas/replies.js'
import { auditEvents, complaints, events, notifications, posts } from '../../server/db/schema.js'
import { createApp } from '../../server/http/app.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { makeUser, signIn, type SignedIn } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { FakeBluesky } from '../support/fake-networks.js'
import { complaintOn, replyReaches, LET_THROUGH } from '../support/replies.js'
import { connectConsole, startApiServer, waitForEvent } from '../support/server.js'

let t: TestContext
let app: Express
let workers: WorkersHandle
let admin: SignedIn
let adviser: SignedIn
let adviser2: SignedIn
let agent: SignedIn
let agent2: SignedIn
let viewer: SignedIn
const bluesky = new FakeBluesky()

beforeAll(async () => {
  await bluesky.start()
  t = await createTestContext({
    SSRF_ALLOWLIST: '127.0.0.1',
    REPLY_POLL_MS: '50',
    REPLY_RETRY_BASE_MS: '100',
  })
  app = createApp(t.ctx)
  workers = await startWorkers(t.ctx)
  admin = await signIn(app, await makeUser(t.ctx, 'admin'))
  adviser = await signIn(app, await makeUser(t.ctx, 'adviser', { name: 'Ada Adviser' }))
  adviser2 = await signIn(app, await makeUser(t.ctx, 'adviser', { name: 'Bo Adviser' }))
  agent = await signIn(app, await makeUser(t.ctx, 'agent', { name: 'Ana Agent' }))
  agent2 = await signIn(app, await makeUser(t.ctx, 'agent'))
  viewer = await signIn(app, await makeUser(t.ctx, 'viewer'))
})
afterAll(async () => {
  await workers?.close()
  await t?.close()
  await bluesky.close()
})

type Rule =
  | { mode: 'none' }
  | { mode: 'all' }
  | { mode: 'above_priority'; threshold: number }
  | { mode: 'agents'; userIds: string[] }

/** A brand with one Bluesky complaint, a reply account on the fake, and `rule` set by an adviser. */
async function setup(rule: Rule) {
  const made = await complaintOn(t.ctx, 'bluesky', { fake: bluesky, adminId: admin.user.id })
  const res = await adviser.put(`/api/brands/${made.brand.id}/reply-approval`, rule)
  expect(res.status).toBe(200)
  return made
}

const send = (who: SignedIn, complaintId: string, text: string) =>
  who.post(`/api/complaints/${complaintId}/replies`, { text })

const postsSaying = (text: string) => bluesky.posts.filter((p) => p.text === text)

describe('the rule', () => {
  it('is none by default, set by advisers and admins only, validated and audited', async () => {
    const { brand } = await complaintOn(t.ctx, 'bluesky', { adminId: admin.user.id })
    const listed = await agent.get('/api/brands')
    const shown = BrandViewSchema.array().parse(listed.body.data)
    expect(shown.find((b) => b.id === brand.id)!.replyApproval).toEqual({ mode: 'none' })

    const path = `/api/brands/${brand.id}/reply-approval`
    const denied = await agent.put(path, { mode: 'all' })
    expect(denied.status).toBe(403)
    expect(denied.body.error.message).toBe(
      'Only advisers and admins set which replies need approval; your role is agent',
    )
    const noThreshold = await adviser.put(path, { mode: 'above_priority' })
    expect(noThreshold.status).toBe(400)
    expect(noThreshold.body.error.issues[0].path).toBe('threshold')
    const stranger = await adviser.put(path, { mode: 'agents', userIds: [viewer.user.id] })
    expect(stranger.status).toBe(400)
    expect(stranger.body.error.message).toContain(viewer.user.id)

    const set = await admin.put(path, { mode: 'agents', userIds: [agent.user.id] })
    expect(set.status).toBe(200)
    expect(BrandViewSchema.parse(set.body.data).replyApproval).toEqual({
      mode: 'agents',
      userIds: [agent.user.id],
    })
    const audit = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'brand.reply_approval_changed'),
          eq(auditEvents.subjectId, brand.id),
        ),
      )
    expect(audit).toHaveLength(1)
    expect(audit[0]!.before).toEqual({ mode: 'none' })
    expect(audit[0]!.after).toEqual({ mode: 'agents', userIds: [agent.user.id] })
  })

  it('holds replies at or above the priority, and lets lower ones through', async () => {
    const { complaint } = await setup({ mode: 'none' })
    const [row] = await t.ctx.db.select().from(complaints).where(eq(complaints.id, complaint.id))
    const path = `/api/brands/${complaint.brandId}/reply-approval`
    await adviser.put(path, { mode: 'above_priority', threshold: Math.ceil(row!.priority) + 20 })
    const low = await send(agent, complaint.id, 'Low stakes')
    expect(low.status).toBe(202)
    expect(LET_THROUGH).toContain(low.body.data.state)
    await adviser.put(path, { mode: 'above_priority', threshold: Math.floor(row!.priority) })
    const high = await send(agent, complaint.id, 'High stakes')
    expect(high.body.data.state).toBe('awaiting_approval')
    expect(high.body.data.approval.reason).toMatch(/^priority \d+\.\d, at or above \d+$/)
    expect(high.body.data.nextAttemptAt).toBeNull()
  })

  it("holds the chosen agents' replies only", async () => {
    const { complaint } = await setup({ mode: 'agents', userIds: [agent.user.id] })
    expect((await send(agent, complaint.id, 'From Ana')).body.data.state).toBe('awaiting_approval')
    expect(LET_THROUGH).toContain(
      (await send(agent2, complaint.id, 'From another')).body.data.state,
    )
  })

  it('holds every reply under "all", advisers\' own included, and notifies the advisers', async () => {
    const { complaint } = await setup({ mode: 'all' })
    const res = await send(adviser, complaint.id, 'From an adviser')
    expect(res.body.data.state).toBe('awaiting_approval')
    const told = await t.ctx.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.complaintId, complaint.id),
          eq(notifications.kind, 'approval_requested'),
        ),
      )
    const to = told.map((n) => n.userId)
    expect(to).toEqual(expect.arrayContaining([adviser2.user.id, admin.user.id]))
    expect(to).not.toContain(adviser.user.id) // the writer
    expect(to).not.toContain(agent.user.id)
  })
})

describe('approving', () => {
  it('never delivers a reply awaiting approval; approved, it goes out exactly once', async () => {
    const { complaint } = await setup({ mode: 'all' })
    const held = ReplyViewSchema.parse((await send(agent, complaint.id, 'Held back')).body.data)
    expect(held.state).toBe('awaiting_approval')

    // The worker claims due replies oldest-due first, and a held reply has no due time (nulls
    // first): once a later, unheld reply on the same fake network is sent, the worker has
    // passed the held one by, had it been claimable.
    const other = await setup({ mode: 'none' })
    const probe = await send(agent, other.complaint.id, 'Probe after the held one')
    await replyReaches(t.ctx, probe.body.data.id, ['sent'])
    expect(postsSaying('Held back')).toHaveLength(0)

    const queue = ApprovalQueueSchema.parse(
      (await adviser.get(`/api/brands/${complaint.brandId}/approvals`)).body,
    )
    const counted = ApprovalCountSchema.parse((await adviser.get('/api/approvals/count')).body)
    expect(counted.data.find((c) => c.brandId === complaint.brandId)?.count).toBe(1)
    const item = queue.data.find((i) => i.reply.id === held.id)!
    expect(item.complaint).toMatchObject({ id: complaint.id, network: 'bluesky' })
    expect(item.reply.createdBy).toEqual({ id: agent.user.id, name: 'Ana Agent' })
    // It makes no promise (the browser's loop test shows one that does).
    expect(item.promise).toBeNull()

    const approved = await adviser.post(`/api/replies/${held.id}/approve`, {
      version: held.version,
    })
    expect(approved.status).toBe(200)
    expect(approved.body.data).toMatchObject({
      state: 'queued',
      approval: { approvedBy: { id: adviser.user.id, name: 'Ada Adviser' }, edited: false },
    })
    const sent = await replyReaches(t.ctx, held.id, ['sent'])
    expect(postsSaying('Held back')).toHaveLength(1)
    expect(sent.url).toBe(postsSaying('Held back')[0]!.url)
    const recount = ApprovalCountSchema.parse((await adviser.get('/api/approvals/count')).body)
    expect(recount.data.some((c) => c.brandId === complaint.brandId)).toBe(false)
    const after = ApprovalQueueSchema.parse(
      (await adviser.get(`/api/brands/${complaint.brandId}/approvals`)).body,
    )
    expect(after.data.some((i) => i.reply.id === held.id)).toBe(false)
    const audit = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'reply.approved'), eq(auditEvents.subjectId, complaint.id)))
    expect(audit).toHaveLength(1)
    expect(audit[0]!.actorId).toBe(adviser.user.id)
  })

  it('refuses self-approval, even to an admin, and approval by an agent', async () => {
    const { complaint } = await setup({ mode: 'all' })
    const own = (await send(admin, complaint.id, 'Mine to approve?')).body.data
    const self = await admin.post(`/api/replies/${own.id}/approve`, { version: own.version })
    expect(self.status).toBe(403)
    expect(self.body.error.message).toBe(
      'You wrote this reply, so you cannot approve it: another adviser or admin must',
    )
    const selfReturn = await admin.post(`/api/replies/${own.id}/return`, {
      version: own.version,
      comment: 'fine by me',
    })
    expect(selfReturn.status).toBe(403)

    const byAgent = await agent2.post(`/api/replies/${own.id}/approve`, { version: own.version })
    expect(byAgent.status).toBe(403)
    expect(byAgent.body.error.message).toBe(
      'Only advisers and admins approve replies; your role is agent',
    )
    expect((await agent2.get(`/api/brands/${complaint.brandId}/approvals`)).status).toBe(403)
    expect((await viewer.get('/api/approvals/count')).status).toBe(403)
    const still = await adviser.get(`/api/complaints/${complaint.id}/replies`)
    expect(still.body.data[0].state).toBe('awaiting_approval')
  })

  it('refuses to approve a reply whose parent was deleted at the source while it waited', async () => {
    const { complaint, lead } = await setup({ mode: 'all' })
    const held = (await send(agent, complaint.id, 'Too late')).body.data
    await t.ctx.db.update(posts).set({ deletedAt: new Date() }).where(eq(posts.id, lead.id))
    const res = await adviser.post(`/api/replies/${held.id}/approve`, { version: held.version })
    expect(res.status).toBe(409)
    expect(res.body.error.message).toMatch(/^The post this reply answers was deleted at the source/)
    const back = await adviser.post(`/api/replies/${held.id}/return`, {
      version: held.version,
      comment: 'Their post is gone: answer their newer one',
    })
    expect(back.status).toBe(200)
  })

  it('re-validates an edit against the network limit, and delivers the edited text', async () => {
    const { complaint } = await setup({ mode: 'all' })
    const held = (await send(agent, complaint.id, 'Sorry for teh trouble')).body.data
    const tooLong = await adviser.post(`/api/replies/${held.id}/approve`, {
      version: held.version,
      text: '👨‍👩‍👧‍👦'.repeat(301),
    })
    expect(tooLong.status).toBe(400)
    expect(tooLong.body.error.issues).toEqual([
      { path: 'text', message: '301 graphemes; bluesky allows 300 (1 too many)' },
    ])
    const blank = await adviser.post(`/api/replies/${held.id}/approve`, {
      version: held.version,
      text: '   ',
    })
    expect(blank.status).toBe(400)
    const edited = await adviser.post(`/api/replies/${held.id}/approve`, {
      version: held.version,
      text: 'Sorry for the trouble',
    })
    expect(edited.status).toBe(200)
    expect(edited.body.data).toMatchObject({
      text: 'Sorry for the trouble',
      approval: { edited: true },
    })
    await replyReaches(t.ctx, held.id, ['sent'])
    expect(postsSaying('Sorry for the trouble')).toHaveLength(1)
    expect(postsSaying('Sorry for teh trouble')).toHaveLength(0)
  })

  it('gives the second of two advisers acting at once a 409 with the reply as it stands', async () => {
    const { complaint } = await setup({ mode: 'all' })
    const held = (await send(agent, complaint.id, 'Race me')).body.data
    const [a, b] = await Promise.all([
      adviser.post(`/api/replies/${held.id}/approve`, { version: held.version }),
      adviser2.post(`/api/replies/${held.id}/return`, {
        version: held.version,
        comment: 'Not like this',
      }),
    ])
    const statuses = [a.status, b.status].sort()
    expect(statuses).toEqual([200, 409])
    const loser = a.status === 409 ? a : b
    const current = ReplyViewSchema.parse(loser.body.error.current)
    expect(current.version).toBe(held.version + 1)
    expect(['queued', 'returned', 'sending', 'sent']).toContain(current.state)
    expect(loser.body.error.message).toMatch(/^Cannot (approve|send back) this reply: it is /)
    // A stale version on a reply still waiting is refused too.
    const again = (await send(agent, complaint.id, 'Stale?')).body.data
    const stale = await adviser.post(`/api/replies/${again.id}/approve`, {
      version: again.version + 3,
    })
    expect(stale.status).toBe(409)
    expect(stale.body.error.message).toMatch(/changed since you saw it/)
  })
})

describe('sending back', () => {
  it('returns with a comment the author reads, who edits and resubmits; the rule runs again', async () => {
    const { complaint } = await setup({ mode: 'agents', userIds: [agent.user.id] })
    const held = (await send(agent, complaint.id, 'We never lose data')).body.data
    const noComment = await adviser.post(`/api/replies/${held.id}/return`, {
      version: held.version,
      comment: ' ',
    })
    expect(noComment.status).toBe(400)
    expect(noComment.body.error.issues).toEqual([
      { path: 'comment', message: 'say what to change' },
    ])
    const returned = await adviser.post(`/api/replies/${held.id}/return`, {
      version: held.version,
      comment: 'Do not promise that <b>ever</b>',
    })
    expect(returned.status).toBe(200)
    const thread = await agent.get(`/api/complaints/${complaint.id}/replies`)
    const shown = ReplyViewSchema.parse(thread.body.data[0])
    expect(shown).toMatchObject({
      state: 'returned',
      approval: {
        comment: 'Do not promise that <b>ever</b>',
        returnedBy: { id: adviser.user.id, name: 'Ada Adviser' },
      },
    })
    const [told] = await t.ctx.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.complaintId, complaint.id), eq(notifications.kind, 'reply_returned')),
      )
    expect(told).toMatchObject({ userId: agent.user.id, actorId: adviser.user.id })

    // Only its writer resubmits, at the version they saw, within the network's limit.
    const byOther = await agent2.post(`/api/replies/${held.id}/resubmit`, {
      version: shown.version,
      text: 'Hijack',
    })
    expect(byOther.status).toBe(403)
    const long = await agent.post(`/api/replies/${held.id}/resubmit`, {
      version: shown.version,
      text: 'x'.repeat(301),
    })
    expect(long.status).toBe(400)
    const again = await agent.post(`/api/replies/${held.id}/resubmit`, {
      version: shown.version,
      text: 'We are restoring your history',
    })
    expect(again.status).toBe(200)
    expect(again.body.data.state).toBe('awaiting_approval')
    expect(postsSaying('We are restoring your history')).toHaveLength(0)

    // The rule changed meanwhile: a second send-back and resubmit goes straight out.
    const second = await adviser2.post(`/api/replies/${held.id}/return`, {
      version: again.body.data.version,
      comment: 'Say sorry first',
    })
    expect(second.status).toBe(200)
    await adviser.put(`/api/brands/${complaint.brandId}/reply-approval`, { mode: 'none' })
    const straight = await agent.post(`/api/replies/${held.id}/resubmit`, {
      version: second.body.data.version,
      text: 'Sorry! We are restoring your history',
    })
    expect(LET_THROUGH).toContain(straight.body.data.state)
    await replyReaches(t.ctx, held.id, ['sent'])
    expect(postsSaying('Sorry! We are restoring your history')).toHaveLength(1)
    const actions = (
      await t.ctx.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.subjectId, complaint.id))
        .orderBy(asc(auditEvents.id))
    ).map((a) => a.action)
    expect(actions).toEqual([
      'reply.awaiting_approval',
      'reply.returned',
      'reply.resubmitted',
      'reply.returned',
      'reply.resubmitted',
    ])
  })
})

describe('discarding', () => {
  it('lets the writer drop a sent-back reply for good: audited, pushed live, never delivered', async () => {
    const api = await startApiServer(t)
    try {
      const { brand, complaint } = await setup({ mode: 'all' })
      const session = await signIn(api.url, adviser2.user)
      const socket = await connectConsole(
        api.url,
        { brandId: brand.id },
        { cookie: session.cookie },
      )
      const discardedLive = waitForEvent(socket, 'reply.discarded')
      const held = (await send(agent, complaint.id, 'We never lose data, ever')).body.data
      // Only a returned reply is discarded: one awaiting approval is the adviser's to judge.
      const tooSoon = await agent.post(`/api/replies/${held.id}/discard`, {
        version: held.version,
      })
      expect(tooSoon.status).toBe(409)
      expect(tooSoon.body.error.message).toBe(
        'Cannot discard this reply: it is awaiting approval now',
      )
      const back = await adviser.post(`/api/replies/${held.id}/return`, {
        version: held.version,
        comment: 'Do not answer this one',
      })
      expect(back.status).toBe(200)
      const version = back.body.data.version

      // Not by anyone but its writer, nor by a viewer; not without the version, nor a stale one.
      expect((await agent2.post(`/api/replies/${held.id}/discard`, { version })).status).toBe(403)
      expect((await adviser.post(`/api/replies/${held.id}/discard`, { version })).status).toBe(403)
      expect((await viewer.post(`/api/replies/${held.id}/discard`, { version })).status).toBe(403)
      const noVersion = await agent.post(`/api/replies/${held.id}/discard`, {})
      expect(noVersion.status).toBe(400)
      expect(noVersion.body.error.issues).toEqual([
        { path: 'version', message: 'must be the version of the reply you saw' },
      ])
      const stale = await agent.post(`/api/replies/${held.id}/discard`, { version: version - 1 })
      expect(stale.status).toBe(409)

      const dropped = await agent.post(`/api/replies/${held.id}/discard`, { version })
      expect(dropped.status).toBe(200)
      expect(ReplyViewSchema.parse(dropped.body.data)).toMatchObject({
        id: held.id,
        state: 'discarded',
        version: version + 1,
      })
      expect((await discardedLive).data.id).toBe(complaint.id)
      socket.close()

      // Final: no resubmit, no second discard, no approval; listed in the thread as discarded.
      const resubmit = await agent.post(`/api/replies/${held.id}/resubmit`, {
        version: version + 1,
        text: 'Changed my mind',
      })
      expect(resubmit.status).toBe(409)
      expect(
        (await agent.post(`/api/replies/${held.id}/discard`, { version: version + 1 })).status,
      ).toBe(409)
      expect(
        (await adviser.post(`/api/replies/${held.id}/approve`, { version: version + 1 })).status,
      ).toBe(409)
      const thread = await agent.get(`/api/complaints/${complaint.id}/replies`)
      expect(thread.body.data.map((r: { state: string }) => r.state)).toEqual(['discarded'])
      expect(postsSaying('We never lose data, ever')).toHaveLength(0)

      const [audit] = await t.ctx.db
        .select()
        .from(auditEvents)
        .where(
          and(eq(auditEvents.subjectId, complaint.id), eq(auditEvents.action, 'reply.discarded')),
        )
      expect(audit).toMatchObject({
        actorId: agent.user.id,
        before: { replyId: held.id, state: 'returned', text: 'We never lose data, ever' },
        after: { replyId: held.id, state: 'discarded' },
      })
      const rows = await t.ctx.db.select().from(events).where(eq(events.brandId, brand.id))
      expect(rows.map((r) => r.type)).toContain('reply.discarded')
    } finally {
      await api.close()
    }
  })
})

describe('live', () => {
  it('pushes each step to the consoles, each an event row of the brand', async () => {
    const api = await startApiServer(t)
    try {
      const { brand, complaint } = await setup({ mode: 'all' })
      const session = await signIn(api.url, adviser2.user)
      const socket = await connectConsole(
        api.url,
        { brandId: brand.id },
        { cookie: session.cookie },
      )
      const waiting = waitForEvent(socket, 'reply.awaiting_approval')
      const returned = waitForEvent(socket, 'reply.returned')
      const approved = waitForEvent(socket, 'reply.approved')
      const held = (await send(agent, complaint.id, 'Live approval')).body.data
      expect((await waiting).data.id).toBe(complaint.id)
      const back = await adviser.post(`/api/replies/${held.id}/return`, {
        version: held.version,
        comment: 'Shorter',
      })
      await returned
      const again = await agent.post(`/api/replies/${held.id}/resubmit`, {
        version: back.body.data.version,
        text: 'Live',
      })
      await adviser.post(`/api/replies/${held.id}/approve`, { version: again.body.data.version })
      const done = await approved
      socket.close()
      expect(done.data.id).toBe(complaint.id)
      const rows = await t.ctx.db.select().from(events).where(eq(events.brandId, brand.id))
      expect(rows.map((r) => r.type)).toEqual(
        expect.arrayContaining([
          'reply.awaiting_approval',
          'reply.returned',
          'reply.awaiting_approval',
          'reply.approved',
        ]),
      )
    } finally {
      await api.close()
    }
  })
})
