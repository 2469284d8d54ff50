import fc from 'fast-check'
import { and, asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { ComplaintViewSchema, type ComplaintView } from '../../shared/schemas/complaints.js'
import { InboxCountsSchema, InboxPageSchema } from '../../shared/schemas/inbox.js'
import { NotificationListSchema } from '../../shared/schemas/notifications.js'
import { ThreadViewSchema } from '../../shared/schemas/threads.js'
import {
  COMPLAINT_STATES,
  nextState,
  TRANSITION_NAMES,
  type ComplaintState,
} from '../../shared/triage.js'
import { auditEvents, complaintHistory, complaints } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { autoAssignBrand, planRoundRobin } from '../../server/domain/triage/auto-assign.js'
import { changeComplaint } from '../../server/domain/triage/change-complaint.js'
import { makeUser, signIn, signInAs, type SignedIn } from '../support/auth.js'
import { makeBrand, makePost } from '../support/factories.js'
import { connectConsole, apiForFile } from '../support/server.js'
import { waitFor, waitForAnalysis } from '../support/wait.js'

const file = apiForFile()
let adviser: SignedIn
let agent: SignedIn
let viewer: SignedIn

beforeAll(async () => {
  adviser = await signIn(
    file.api.url,
    await makeUser(file.t.ctx, 'adviser', { name: 'Ada Adviser' }),
  )
  agent = await signIn(file.api.url, await makeUser(file.t.ctx, 'agent', { name: 'Bo Agent' }))
  viewer = await signInAs(file.api.url, file.t.ctx, 'viewer')
})

const TEXT = 'Kredo dropped my score overnight and support will not answer. Terrible.'

/** A fresh brand with `n` analysed complaints, one thread each; returns them highest first. */
async function complaintsOf(n: number, author = 'same') {
  const brand = await makeBrand(file.t.ctx)
  const posts = Array.from({ length: n }, (_, i) =>
    makePost({
      threadId: `t${i}`,
      externalId: `t${i}-root`,
      text: `${TEXT} case ${i}`,
      author: { externalId: `${author}-${i}`, handle: `${author}${i}.example`, followers: 100 * i },
    }),
  )
  const ingested = await ingestPosts(file.t.ctx, { brandId: brand.id, channel: 'import', posts })
  await waitForAnalysis(file.t.ctx, ingested.outboxIds)
  const res = await adviser.get(`/api/brands/${brand.id}/inbox?view=open`)
  const page = InboxPageSchema.parse(res.body)
  expect(page.data).toHaveLength(n)
  return { brand, list: page.data }
}

const act = (who: SignedIn, c: { id: string; version: number }, body: object) =>
  who.post(`/api/complaints/${c.id}/transition`, { version: c.version, ...body })

async function current(id: string): Promise<ComplaintView> {
  const res = await adviser.get(`/api/complaints/${id}/thread`)
  return ThreadViewSchema.parse(res.body.data).complaint
}

describe('the state table', () => {
  it('allows exactly what shared/triage.ts lists, from every state, and refuses the rest', async () => {
    // Every (state, transition) pair: reach the state, then ask for the transition.
    const reach: Record<ComplaintState, string[]> = {
      new: [],
      open: ['open'],
      waiting: ['wait'],
      resolved: ['resolve'],
      dismissed: ['dismiss'],
    }
    const { list } = await complaintsOf(COMPLAINT_STATES.length * TRANSITION_NAMES.length)
    let i = 0
    for (const state of COMPLAINT_STATES) {
      for (const transition of TRANSITION_NAMES) {
        let c = list[i++]!
        for (const step of reach[state]) {
          const res = await act(agent, c, {
            transition: step,
            reason: step === 'dismiss' ? 'spam' : undefined,
          })
          expect(res.status).toBe(200)
          c = res.body.data
        }
        expect(c.state).toBe(state)
        const reason = transition === 'dismiss' ? 'duplicate' : undefined
        const res = await act(agent, c, { transition, reason })
        const to = nextState(state, transition)
        if (to) {
          expect(res.status, `${state} --${transition}->`).toBe(200)
          expect(ComplaintViewSchema.parse(res.body.data)).toMatchObject({
            state: to,
            version: c.version + 1,
          })
        } else {
          expect(res.status, `${state} --${transition}-> refused`).toBe(400)
          expect(res.body.error.message).toContain(
            `Cannot ${transition} a complaint that is ${state}`,
          )
          expect((await current(c.id)).version).toBe(c.version)
        }
      }
    }
  })

  it('replays its history to its state over random sequences (property)', async () => {
    const { list } = await complaintsOf(1)
    const id = list[0]!.id
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...TRANSITION_NAMES), { maxLength: 12 }),
        async (steps) => {
          for (const transition of steps) {
            const before = await file.t.ctx.db
              .select()
              .from(complaints)
              .where(eq(complaints.id, id))
            const state = before[0]!.state as ComplaintState
            const attempt = changeComplaint(file.t.ctx, {
              complaintId: id,
              version: before[0]!.version,
              change: {
                kind: 'transition',
                transition,
                reason: transition === 'dismiss' ? 'spam' : undefined,
              },
              actorId: agent.user.id,
              role: 'agent',
              ip: null,
            })
            if (nextState(state, transition)) await attempt
            else await expect(attempt).rejects.toMatchObject({ code: 'invalid_request' })
            const [after] = await file.t.ctx.db
              .select()
              .from(complaints)
              .where(eq(complaints.id, id))
            expect(COMPLAINT_STATES).toContain(after!.state)
            expect(after!.state).toBe(nextState(state, transition) ?? state)
          }
          const history = await file.t.ctx.db
            .select()
            .from(complaintHistory)
            .where(eq(complaintHistory.complaintId, id))
            .orderBy(asc(complaintHistory.id))
          const replayed = history.reduce<ComplaintState>((state, h) => {
            expect(h.fromState).toBe(state)
            return h.toState as ComplaintState
          }, 'new')
          const [row] = await file.t.ctx.db.select().from(complaints).where(eq(complaints.id, id))
          expect(replayed).toBe(row!.state)
          expect(row!.version).toBe(history.length)
        },
      ),
      { numRuns: 15 },
    )
  })

  it('refuses a stale version with 409 and the current view; nothing changes', async () => {
    const { list } = await complaintsOf(1)
    const seen = list[0]!
    const first = await act(adviser, seen, { transition: 'resolve' })
    expect(first.status).toBe(200)
    const late = await act(agent, seen, { transition: 'dismiss', reason: 'spam' })
    expect(late.status).toBe(409)
    expect(late.body.error.code).toBe('conflict')
    expect(late.body.error.message).toContain('it is resolved now')
    expect(ComplaintViewSchema.parse(late.body.error.current)).toMatchObject({
      id: seen.id,
      state: 'resolved',
      version: seen.version + 1,
    })
    expect((await current(seen.id)).state).toBe('resolved')
  })

  it('answers bad input with a precise 400 and changes nothing', async () => {
    const { list, brand } = await complaintsOf(1)
    const c = list[0]!
    const deactivated = await makeUser(file.t.ctx, 'agent', { isActive: false, name: 'Gone Agent' })
    const cases: Array<
      [Promise<{ status: number; body: { error: { message: string } } }>, string]
    > = [
      [
        act(agent, c, { transition: 'explode' }),
        'must be one of open, wait, resolve, dismiss, reopen',
      ],
      [act(agent, c, { transition: 'dismiss' }), 'a dismissal needs a reason'],
      [
        act(agent, c, { transition: 'dismiss', reason: 'other' }),
        'say why, when the reason is other',
      ],
      [act(agent, c, { transition: 'resolve', version: 'x' }), 'version'],
      [
        adviser.put(`/api/complaints/${c.id}/assignee`, {
          assigneeId: viewer.user.id,
          version: c.version,
        }),
        'cannot triage (role viewer)',
      ],
      [
        adviser.put(`/api/complaints/${c.id}/assignee`, {
          assigneeId: deactivated.id,
          version: c.version,
        }),
        'Gone Agent is deactivated',
      ],
      [
        agent.post(`/api/complaints/${c.id}/notes`, { body: 'x'.repeat(5001) }),
        'at most 5000 characters',
      ],
      [
        agent.put(`/api/complaints/${c.id}/snooze`, {
          until: '2020-01-01T00:00:00Z',
          version: c.version,
        }),
        'must be in the future',
      ],
      [agent.get(`/api/brands/${brand.id}/inbox?view=sideways`), 'view'],
      [
        agent.get(
          `/api/brands/${brand.id}/inbox?from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z`,
        ),
        'must not be after to',
      ],
    ]
    for (const [pending, message] of cases) {
      const res = await pending
      expect(res.status, message).toBe(400)
      expect(JSON.stringify(res.body.error), message).toContain(message)
    }
    expect(await current(c.id)).toMatchObject({ state: 'new', version: c.version, assignee: null })
  })
})

describe('owners', () => {
  it('agents take and release their own; only advisers assign others; all audited and notified', async () => {
    const { list } = await complaintsOf(2)
    const [a, b] = list as [ComplaintView, ComplaintView]
    const socket = await connectConsole(
      file.api.url,
      { brandId: a.brandId },
      { cookie: agent.cookie },
    )
    try {
      const took = await agent.put(`/api/complaints/${a.id}/assignee`, {
        assigneeId: agent.user.id,
        version: a.version,
      })
      expect(took.status).toBe(200)
      expect(took.body.data.assignee).toEqual({ id: agent.user.id, name: 'Bo Agent' })
      const other = await makeUser(file.t.ctx, 'agent', { name: 'Cy Agent' })
      const refused = await agent.put(`/api/complaints/${b.id}/assignee`, {
        assigneeId: other.id,
        version: b.version,
      })
      expect(refused.status).toBe(403)
      expect(refused.body.error.message).toContain('only advisers and admins assign others')

      const pushed = waitFor(socket as never, 'notification.created', () => true, 5000)
      const given = await adviser.put(`/api/complaints/${b.id}/assignee`, {
        assigneeId: agent.user.id,
        version: b.version,
      })
      expect(given.status).toBe(200)
      const push = (await pushed) as {
        notification: { kind: string; complaintId: string; actor: string }
        unread: number
      }
      expect(push.notification).toMatchObject({
        kind: 'assigned',
        complaintId: b.id,
        actor: 'Ada Adviser',
      })
      const mine = NotificationListSchema.parse((await agent.get('/api/notifications')).body)
      expect(mine.unread).toBeGreaterThanOrEqual(1)
      const read = await agent.post('/api/notifications/read', { all: true })
      expect(read.body.unread).toBe(0)

      const released = await agent.put(`/api/complaints/${a.id}/assignee`, {
        assigneeId: null,
        version: took.body.data.version,
      })
      expect(released.body.data.assignee).toBeNull()
      const audit = await file.t.ctx.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'complaint.assigned'), eq(auditEvents.subjectId, a.id)))
      expect(audit).toHaveLength(2)
    } finally {
      socket.close()
    }
  })

  it('returns the open complaints of a deactivated user to the pool, and keeps ended ones', async () => {
    const { list } = await complaintsOf(2)
    const leaving = await makeUser(file.t.ctx, 'agent', { name: 'Leaving Agent' })
    const owned: ComplaintView[] = []
    for (const c of list) {
      const res = await adviser.put(`/api/complaints/${c.id}/assignee`, {
        assigneeId: leaving.id,
        version: c.version,
      })
      owned.push(res.body.data)
    }
    const ended = await act(adviser, owned[1]!, { transition: 'resolve' })
    expect(ended.status).toBe(200)
    const admin = await signInAs(file.api.url, file.t.ctx, 'admin')
    const res = await admin.patch(`/api/users/${leaving.id}`, { isActive: false })
    expect(res.status).toBe(200)
    expect((await current(owned[0]!.id)).assignee).toBeNull()
    expect((await current(owned[1]!.id)).assignee).toMatchObject({ id: leaving.id })
  })

  it('auto-assigns highest priority first, within caps, to online agents only, in turn', async () => {
    expect([
      ...planRoundRobin(
        ['c1', 'c2', 'c3', 'c4', 'c5'],
        [
          { id: 'x', room: 1, lastAssignedAt: 5 },
          { id: 'y', room: 3, lastAssignedAt: 1 },
          { id: 'z', room: 3, lastAssignedAt: 9 },
        ],
      ),
    ]).toEqual([
      ['c1', 'y'],
      ['c2', 'x'],
      ['c3', 'z'],
      ['c4', 'y'],
      ['c5', 'z'],
    ])

    const { brand, list } = await complaintsOf(7)
    const admin = await signInAs(file.api.url, file.t.ctx, 'admin')
    await admin.patch(`/api/brands/${brand.id}`, { autoAssign: { enabled: true, cap: 2 } })
    const [p, q, offline] = await Promise.all(
      ['P', 'Q', 'Offline'].map((n) => makeUser(file.t.ctx, 'agent', { name: `${n} Agent` })),
    )
    const online = new Set([p!.id, q!.id])
    const run = () =>
      file.t.ctx.db.transaction((tx) =>
        autoAssignBrand(tx, { brandId: brand.id, online, now: new Date() }),
      )
    const outcome = await run()
    expect(outcome.events).toHaveLength(4)
    const owners = new Map<string, number>()
    for (const c of list) {
      const owner = (await current(c.id)).assignee?.id
      if (owner) owners.set(owner, (owners.get(owner) ?? 0) + 1)
    }
    expect(owners).toEqual(
      new Map([
        [p!.id, 2],
        [q!.id, 2],
      ]),
    )
    expect(owners.has(offline!.id)).toBe(false)
    // The four given are the four highest; the rest wait for room.
    for (const c of list.slice(0, 4)) expect((await current(c.id)).assignee).not.toBeNull()
    for (const c of list.slice(4)) expect((await current(c.id)).assignee).toBeNull()
    expect((await run()).events).toHaveLength(0)
  })
})

describe('the author', () => {
  it('reopens a resolved complaint by posting again in the thread, live', async () => {
    const { brand, list } = await complaintsOf(1, 'returning')
    const c = list[0]!
    const resolved = await act(agent, c, { transition: 'resolve' })
    expect(resolved.body.data.state).toBe('resolved')
    const again = makePost({
      threadId: 't0',
      externalId: 't0-again',
      inReplyTo: 't0-root',
      text: 'Still broken. Kredo, my history is still gone.',
      author: { externalId: 'returning-0', handle: 'returning0.example', followers: 0 },
    })
    const ingested = await ingestPosts(file.t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [again],
    })
    await waitForAnalysis(file.t.ctx, ingested.outboxIds)
    const thread = ThreadViewSchema.parse(
      (await adviser.get(`/api/complaints/${c.id}/thread`)).body.data,
    )
    expect(thread.complaint.state).toBe('open')
    expect(thread.posts.map((p) => p.externalId)).toEqual(['t0-root', 't0-again'])
    expect(thread.history.map((h) => h.kind)).toEqual(['state', 'reopened_by_author'])
  })
})

describe('the inbox', () => {
  it('lists each view with counts, searches text and handles, and keeps owners from viewers', async () => {
    const { brand, list } = await complaintsOf(3, 'finder')
    await agent.put(`/api/complaints/${list[0]!.id}/assignee`, {
      assigneeId: agent.user.id,
      version: list[0]!.version,
    })
    await act(agent, list[1]!, { transition: 'wait' })
    const counts = InboxCountsSchema.parse(
      (await agent.get(`/api/brands/${brand.id}/inbox/counts`)).body,
    )
    expect(counts.data).toMatchObject({ mine: 1, unassigned: 1, open: 2, waiting: 1, resolved: 0 })
    const mine = InboxPageSchema.parse(
      (await agent.get(`/api/brands/${brand.id}/inbox?view=mine`)).body,
    )
    expect(mine.data.map((c) => c.id)).toEqual([list[0]!.id])
    const byText = InboxPageSchema.parse(
      (await agent.get(`/api/brands/${brand.id}/inbox?view=open&q=case%202`)).body,
    )
    expect(byText.data.map((c) => c.lead.text)).toEqual([`${TEXT} case 2`])
    const byHandle = InboxPageSchema.parse(
      (await agent.get(`/api/brands/${brand.id}/inbox?view=waiting&q=finder1`)).body,
    )
    expect(byHandle.data.map((c) => c.id)).toEqual([list[1]!.id])
    const hostile = await agent.get(
      `/api/brands/${brand.id}/inbox?q=${encodeURIComponent("') | !( :* &")}`,
    )
    expect(hostile.status).toBe(200)

    expect((await viewer.get(`/api/brands/${brand.id}/inbox?view=mine`)).status).toBe(403)
    const seen = InboxPageSchema.parse(
      (await viewer.get(`/api/brands/${brand.id}/inbox?view=open`)).body,
    )
    expect(seen.data.every((c) => !('assignee' in c))).toBe(true)
    const thread = (await viewer.get(`/api/complaints/${list[0]!.id}/thread`)).body.data
    expect(thread.notes).toBeUndefined()
    expect(thread.complaint.assignee).toBeUndefined()
    expect((await viewer.get(`/api/complaints/${list[0]!.id}/notes`)).status).toBe(403)
  })
})

describe('what viewers get', () => {
  it('pushes complaint changes without their owner, and no notes or presence', async () => {
    const { list } = await complaintsOf(1)
    const c = list[0]!
    const watcher = await connectConsole(
      file.api.url,
      { brandId: c.brandId },
      { cookie: viewer.cookie },
    )
    const team = await connectConsole(
      file.api.url,
      { brandId: c.brandId },
      { cookie: adviser.cookie },
    )
    const leaked: string[] = []
    for (const name of ['note.added', 'presence.changed', 'notification.created'])
      (watcher as unknown as { on(n: string, f: () => void): void }).on(name, () =>
        leaked.push(name),
      )
    try {
      const seen = waitFor(watcher as never, 'complaint.updated', () => true, 5000)
      const full = waitFor(team as never, 'complaint.updated', () => true, 5000)
      await agent.put(`/api/complaints/${c.id}/assignee`, {
        assigneeId: agent.user.id,
        version: c.version,
      })
      const view = ((await seen) as { data: Record<string, unknown> }).data
      expect(view).toMatchObject({ id: c.id, version: c.version + 1 })
      expect('assignee' in view).toBe(false)
      expect(((await full) as { data: ComplaintView }).data.assignee).toEqual({
        id: agent.user.id,
        name: 'Bo Agent',
      })
      await agent.post(`/api/complaints/${c.id}/notes`, { body: 'for the team only' })
      team.emit('presence.set', { complaintId: c.id, writing: 'note' })
      // The team's own pushes arrive; by then any to the viewer would have too.
      await waitFor(team as never, 'presence.changed', () => true, 5000)
      expect(leaked).toEqual([])
    } finally {
      watcher.close()
      team.close()
    }
  })
})

describe('notes and presence', () => {
  it('notify those mentioned, push to the team, and show who views and writes', async () => {
    const { list } = await complaintsOf(1)
    const c = list[0]!
    const team = await connectConsole(
      file.api.url,
      { brandId: c.brandId },
      { cookie: adviser.cookie },
    )
    const mine = await connectConsole(
      file.api.url,
      { brandId: c.brandId },
      { cookie: agent.cookie },
    )
    try {
      const noted = waitFor(team as never, 'note.added', () => true, 5000)
      const res = await agent.post(`/api/complaints/${c.id}/notes`, {
        body: '@Ada Adviser see https://example.com/x <script>',
        mentions: [adviser.user.id],
      })
      expect(res.status).toBe(201)
      expect(await noted).toMatchObject({ body: '@Ada Adviser see https://example.com/x <script>' })
      const inbox = NotificationListSchema.parse((await adviser.get('/api/notifications')).body)
      expect(inbox.data[0]).toMatchObject({
        kind: 'mentioned',
        complaintId: c.id,
        actor: 'Bo Agent',
      })

      const writing = waitFor(
        team as never,
        'presence.changed',
        (s: { entries: Array<{ userId: string; writing: string | null }> }) =>
          s.entries.some((e) => e.userId === agent.user.id && e.writing === 'note'),
        5000,
      )
      mine.emit('presence.set', { complaintId: c.id, writing: 'note' })
      await writing
      const gone = waitFor(
        team as never,
        'presence.changed',
        (s: { entries: Array<{ userId: string }> }) =>
          !s.entries.some((e) => e.userId === agent.user.id),
        5000,
      )
      mine.close()
      await gone
    } finally {
      team.close()
      mine.close()
    }
  })
})
