import { and, eq } from 'drizzle-orm'
import type { Express } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PromiseListSchema, PromiseViewSchema } from '../../shared/schemas/promises.js'
import {
  auditEvents,
  complaintHistory,
  complaints,
  notifications,
  promises,
  replies,
} from '../../server/db/schema.js'
import { createApp } from '../../server/http/app.js'
import { clockNow } from '../../server/lib/clock.js'
import { runPromiseTimers } from '../../workers/promise-timers.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { makeUser, signIn, type SignedIn } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { FakeBluesky } from '../support/fake-networks.js'
import { complaintOn, replyReaches } from '../support/replies.js'

let t: TestContext
let app: Express
let workers: WorkersHandle
let admin: SignedIn
let agent: SignedIn
let adviser: SignedIn
let adviser2: SignedIn
let viewer: SignedIn
const bluesky = new FakeBluesky()
const HOUR = 3600_000

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
  adviser = await signIn(app, await makeUser(t.ctx, 'adviser'))
  adviser2 = await signIn(app, await makeUser(t.ctx, 'adviser'))
  viewer = await signIn(app, await makeUser(t.ctx, 'viewer'))
})
afterAll(async () => {
  await workers?.close()
  await t?.close()
  await bluesky.close()
})

const setup = () => complaintOn(t.ctx, 'bluesky', { fake: bluesky, adminId: admin.user.id })
const dueIn = async (ms: number) => new Date((await clockNow(t.ctx)).getTime() + ms).toISOString()

/** A reply with a promise, sent by the agent and owned by `ownerId` (the agent by default). */
async function replyWithPromise(complaintId: string, dueAt: string, ownerId = agent.user.id) {
  const res = await agent.post(`/api/complaints/${complaintId}/replies`, {
    text: 'We will restore your history by Friday.',
    promise: { what: 'restore your history', ownerId, dueAt },
  })
  expect(res.status, JSON.stringify(res.body)).toBe(202)
  const [row] = await t.ctx.db
    .select()
    .from(promises)
    .where(eq(promises.replyId, res.body.data.id as string))
  return { replyId: res.body.data.id as string, promise: row! }
}

const notificationsOf = (userId: string, kind: string) =>
  t.ctx.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)))

describe('promises made with a reply', () => {
  it('are created in the reply’s transaction, audited, and listed by state', async () => {
    const { brand, complaint, lead } = await setup()
    const dueAt = await dueIn(3 * 24 * HOUR)
    const { replyId, promise } = await replyWithPromise(complaint.id, dueAt)
    expect(promise).toMatchObject({
      complaintId: complaint.id,
      authorId: lead.authorId,
      what: 'restore your history',
      ownerId: agent.user.id,
      state: 'open',
    })
    const [audit] = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'promise.made'), eq(auditEvents.subjectId, promise.id)))
    expect(audit).toMatchObject({ actorId: agent.user.id })
    const list = PromiseListSchema.parse((await agent.get(`/api/brands/${brand.id}/promises`)).body)
    expect(list.data).toEqual([
      expect.objectContaining({ id: promise.id, replyId, state: 'open', dueAt }),
    ])
    const byAuthor = await agent.get(`/api/brands/${brand.id}/promises?authorIds=${lead.authorId}`)
    expect(byAuthor.body.data.map((p: { id: string }) => p.id)).toEqual([promise.id])
    const overdue = await agent.get(`/api/brands/${brand.id}/promises?state=overdue`)
    expect(overdue.body.data).toEqual([])
  })

  it('refuses a bad promise with a precise message, and then queues no reply either', async () => {
    const { complaint } = await setup()
    const send = (promise: object) =>
      agent.post(`/api/complaints/${complaint.id}/replies`, { text: 'We will fix it.', promise })
    const owner = await send({ what: 'fix it', ownerId: viewer.user.id, dueAt: await dueIn(HOUR) })
    expect(owner.status).toBe(400)
    expect(owner.body.error.issues).toEqual([
      { path: 'promise.ownerId', message: 'Test viewer cannot triage (role viewer)' },
    ])
    const past = await send({ what: 'fix it', ownerId: agent.user.id, dueAt: await dueIn(-HOUR) })
    expect(past.status).toBe(400)
    expect(past.body.error.issues[0].path).toBe('promise.dueAt')
    const empty = await send({ what: '  ', ownerId: agent.user.id, dueAt: await dueIn(HOUR) })
    expect(empty.status).toBe(400)
    const rows = await t.ctx.db.select().from(replies).where(eq(replies.complaintId, complaint.id))
    expect(rows).toEqual([])
  })

  it('needs a link or a note to be kept, a note to be broken, and ends once', async () => {
    const { complaint } = await setup()
    const { promise } = await replyWithPromise(complaint.id, await dueIn(48 * HOUR))
    const path = `/api/promises/${promise.id}`
    const bare = await agent.post(`${path}/kept`, {})
    expect(bare.status).toBe(400)
    expect(bare.body.error.issues).toEqual([
      { path: 'note', message: 'say how it was kept: a link (url) or a note' },
    ])
    expect((await agent.post(`${path}/kept`, { url: 'javascript:alert(1)' })).status).toBe(400)
    expect((await agent.post(`${path}/broken`, {})).status).toBe(400)
    const kept = await agent.post(`${path}/kept`, { url: 'https://status.example/restored' })
    expect(kept.status).toBe(200)
    expect(PromiseViewSchema.parse(kept.body.data)).toMatchObject({
      state: 'kept',
      resolution: { url: 'https://status.example/restored', note: null },
    })
    const again = await agent.post(`${path}/broken`, { note: 'oops' })
    expect(again.status).toBe(409)

    const other = await replyWithPromise(complaint.id, await dueIn(48 * HOUR))
    const broken = await adviser.post(`/api/promises/${other.promise.id}/broken`, {
      note: 'The restore failed; we told them and offered a refund.',
    })
    expect(broken.body.data).toMatchObject({ state: 'broken' })
    const audits = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectType, 'promise'))
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['promise.kept', 'promise.broken']),
    )
  })

  it('is read and marked by the team only', async () => {
    const { brand, complaint } = await setup()
    const { promise } = await replyWithPromise(complaint.id, await dueIn(48 * HOUR))
    expect((await viewer.get(`/api/brands/${brand.id}/promises`)).status).toBe(403)
    const denied = await viewer.post(`/api/promises/${promise.id}/kept`, { note: 'done' })
    expect(denied.status).toBe(403)
    expect(denied.body.error.message).toMatch(/Only agents, advisers and admins mark promises/)
    expect((await admin.get(`/api/brands/${brand.id}/promises?state=bogus`)).status).toBe(400)
  })
})

describe('promise alarms (the worker’s housekeeping)', () => {
  it('reminds the owner once before it is due', async () => {
    const { complaint } = await setup()
    const owner = adviser2.user.id
    const { promise } = await replyWithPromise(complaint.id, await dueIn(10 * HOUR), owner)
    const before = await notificationsOf(owner, 'promise_due')
    // Not yet: 10 h ahead is outside the reminder window.
    await runPromiseTimers(t.ctx, new Date(promise.dueAt.getTime() - 5 * HOUR))
    expect(await notificationsOf(owner, 'promise_due')).toHaveLength(before.length)
    const at = new Date(promise.dueAt.getTime() - HOUR)
    await Promise.all([runPromiseTimers(t.ctx, at), runPromiseTimers(t.ctx, at)])
    await runPromiseTimers(t.ctx, new Date(at.getTime() + 10 * 60_000))
    const after = await notificationsOf(owner, 'promise_due')
    expect(after.filter((n) => n.complaintId === complaint.id)).toHaveLength(1)
    const [row] = await t.ctx.db.select().from(promises).where(eq(promises.id, promise.id))
    expect(row!.remindedAt?.toISOString()).toBe(at.toISOString())
  })

  it('when overdue, notifies the advisers and the owner once and reopens a waiting thread', async () => {
    const { complaint } = await setup()
    const { replyId, promise } = await replyWithPromise(complaint.id, await dueIn(2 * HOUR))
    await replyReaches(t.ctx, replyId, ['sent'])
    const [waiting] = await t.ctx.db
      .select()
      .from(complaints)
      .where(eq(complaints.id, complaint.id))
    expect(waiting!.state).toBe('waiting')

    const late = new Date(promise.dueAt.getTime() + 60_000)
    await Promise.all([runPromiseTimers(t.ctx, late), runPromiseTimers(t.ctx, late)])
    await runPromiseTimers(t.ctx, new Date(late.getTime() + HOUR))

    for (const person of [adviser, adviser2, agent]) {
      const mine = (await notificationsOf(person.user.id, 'promise_overdue')).filter(
        (n) => n.complaintId === complaint.id,
      )
      expect(mine, person.user.role).toHaveLength(1)
    }
    expect(
      (await notificationsOf(admin.user.id, 'promise_overdue')).filter(
        (n) => n.complaintId === complaint.id,
      ),
    ).toHaveLength(0)
    const [raised] = await t.ctx.db.select().from(complaints).where(eq(complaints.id, complaint.id))
    expect(raised!.state).toBe('open')
    const history = await t.ctx.db
      .select()
      .from(complaintHistory)
      .where(eq(complaintHistory.complaintId, complaint.id))
    expect(history.filter((h) => h.fromState === 'waiting' && h.toState === 'open')).toEqual([
      expect.objectContaining({ kind: 'state', actorId: null }),
    ])
    const [row] = await t.ctx.db.select().from(promises).where(eq(promises.id, promise.id))
    expect(row!.overdueAt?.toISOString()).toBe(late.toISOString())
    const overdueAudits = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'promise.overdue'), eq(auditEvents.subjectId, promise.id)))
    expect(overdueAudits).toHaveLength(1)
  })

  it('marks a thread already in the queue while its promise is overdue, live, until it is kept', async () => {
    const { brand, complaint } = await setup()
    const { replyId, promise } = await replyWithPromise(complaint.id, await dueIn(2 * HOUR))
    await replyReaches(t.ctx, replyId, ['sent'])
    const thread = async () =>
      (await adviser.get(`/api/complaints/${complaint.id}/thread`)).body.data.complaint
    const waiting = await thread()
    // The team opens it again by hand: nothing for the alarm to reopen.
    const opened = await adviser.post(`/api/complaints/${complaint.id}/transition`, {
      version: waiting.version,
      transition: 'open',
    })
    expect(opened.status, JSON.stringify(opened.body)).toBe(200)
    expect((await thread()).promiseOverdueSince).toBeNull()
    const seq = async () => {
      const page = await adviser.get(`/api/brands/${brand.id}/events?after=0&limit=1000`)
      return page.body as {
        data: { type: string; data: { id: string; promiseOverdueSince: string | null } }[]
      }
    }
    const updatesOf = async () =>
      (await seq()).data.filter((e) => e.type === 'complaint.updated' && e.data.id === complaint.id)
    const before = (await updatesOf()).length

    await runPromiseTimers(t.ctx, new Date(promise.dueAt.getTime() + 60_000))
    const marked = await thread()
    expect(marked.state).toBe('open')
    expect(marked.promiseOverdueSince).toBe(promise.dueAt.toISOString())
    const pushed = await updatesOf()
    expect(pushed).toHaveLength(before + 1)
    expect(pushed.at(-1)!.data.promiseOverdueSince).toBe(promise.dueAt.toISOString())

    const kept = await agent.post(`/api/promises/${promise.id}/kept`, { note: 'restored by hand' })
    expect(kept.status).toBe(200)
    expect((await thread()).promiseOverdueSince).toBeNull()
    const after = await updatesOf()
    expect(after).toHaveLength(before + 2)
    expect(after.at(-1)!.data.promiseOverdueSince).toBeNull()
  })
})

describe('the test clock', () => {
  it('moves "now" for promises, for admins only, and is not mounted without the flag', async () => {
    const { brand, complaint } = await setup()
    const { promise } = await replyWithPromise(complaint.id, await dueIn(30 * HOUR))
    const list = async () =>
      PromiseListSchema.parse((await agent.get(`/api/brands/${brand.id}/promises`)).body)
    expect((await list()).data[0]).toMatchObject({ id: promise.id, state: 'open' })

    expect((await agent.post('/api/test/clock', { advanceMs: HOUR })).status).toBe(403)
    expect((await admin.post('/api/test/clock', { advanceMs: -5 })).status).toBe(400)
    const moved = await admin.post('/api/test/clock', { advanceMs: 10 * HOUR })
    expect(moved.status).toBe(200)
    expect(moved.body.data.offsetMs).toBeGreaterThanOrEqual(10 * HOUR)
    expect((await list()).data.find((p) => p.id === promise.id)?.state).toBe('due_soon')

    await admin.post('/api/test/clock', { advanceMs: 21 * HOUR })
    // The worker's own pass reads the same clock (Redis), and raises it by itself.
    await runPromiseTimers(t.ctx)
    const now = (await list()).data.find((p) => p.id === promise.id)!
    expect(now.state).toBe('overdue')
    expect(now.overdueAt).not.toBeNull()

    const plain = createApp({ ...t.ctx, config: { ...t.ctx.config, testClock: false } })
    const outsider = await signIn(plain, admin.user)
    expect((await outsider.post('/api/test/clock', { advanceMs: HOUR })).status).toBe(404)
  })
})
