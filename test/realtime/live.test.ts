import { ROOM_ACCESS, SERVER_EVENT_NAMES, SERVER_EVENT_ROOMS } from '../../shared/events.js'
import { can, ROLES, type Role } from '../../shared/roles.js'
import { makeUser, signIn, signInAs, type SignedIn } from '../support/auth.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, makePost } from '../support/factories.js'
import { connectConsole, startApiServer, waitForEvent } from '../support/server.js'
import { waitForAnalysis } from '../support/wait.js'

let t: TestContext
let workers: WorkersHandle
let api: Awaited<ReturnType<typeof startApiServer>>
let viewer: SignedIn

beforeAll(async () => {
  t = await createTestContext()
  workers = await startWorkers(t.ctx)
  // Sessions are checked often here, so that an expired one shows within the test.
  api = await startApiServer(t, { sessionCheckMs: 200 })
  viewer = await signInAs(api.url, t.ctx, 'viewer')
})
afterAll(async () => {
  await api?.close()
  await workers?.close()
  await t?.close()
})

describe('live console events', () => {
  it('pushes complaint.scored with the brand seq, and a reconnecting console catches up by REST', async () => {
    const brand = await makeBrand(t.ctx)
    const socket = await connectConsole(api.url, { brandId: brand.id }, { cookie: viewer.cookie })
    const first = waitForEvent(socket, 'complaint.scored')
    await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [makePost({ threadId: 'a' })],
    })
    const event = await first
    expect(event).toMatchObject({
      seq: 1,
      brandId: brand.id,
      data: { brandId: brand.id, threadKey: 'a' },
    })
    expect(event.data.lead.text).toMatch(/Kredo score dropped/)
    socket.close()

    // While disconnected, two more complaints are scored; the pushes are missed.
    const missed = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [makePost({ threadId: 'b' }), makePost({ threadId: 'c' })],
    })
    await waitForAnalysis(t.ctx, missed.outboxIds)
    const page = await viewer.get(`/api/brands/${brand.id}/events?after=1`)
    expect(page.status).toBe(200)
    expect(page.body).toMatchObject({ seq: 3, reset: false })
    expect(page.body.data.map((e: { seq: number; type: string }) => [e.seq, e.type])).toEqual([
      [2, 'complaint.scored'],
      [3, 'complaint.scored'],
    ])

    const list = await viewer.get(`/api/brands/${brand.id}/complaints`)
    expect(list.body.seq).toBe(3)
    expect(list.body.data).toHaveLength(3)
  })

  it('keeps consoles of other brands out of a brand room', async () => {
    const [mine, other] = [await makeBrand(t.ctx), await makeBrand(t.ctx)]
    const watcher = await connectConsole(api.url, { brandId: other.id }, { cookie: viewer.cookie })
    const leaked: unknown[] = []
    watcher.on('complaint.scored', (e) => leaked.push(e))
    const socket = await connectConsole(api.url, { brandId: mine.id }, { cookie: viewer.cookie })
    const got = waitForEvent(socket, 'complaint.scored')
    await ingestPosts(t.ctx, { brandId: mine.id, channel: 'import', posts: [makePost()] })
    await got
    expect(leaked).toEqual([])
    socket.close()
    watcher.close()
  })

  it('refuses a socket without a session, or from a foreign or missing Origin', async () => {
    const brand = await makeBrand(t.ctx)
    await expect(connectConsole(api.url, { brandId: brand.id })).rejects.toThrow(/unauthorized/)
    await expect(
      connectConsole(
        api.url,
        { brandId: brand.id },
        { cookie: viewer.cookie, origin: 'https://evil.example' },
      ),
    ).rejects.toThrow()
    await expect(
      connectConsole(api.url, { brandId: brand.id }, { cookie: viewer.cookie, origin: null }),
    ).rejects.toThrow()
    await expect(
      connectConsole(api.url, { brandId: brand.id }, { cookie: 'firebreak=forged-session-id' }),
    ).rejects.toThrow(/unauthorized/)
  })

  it('refuses a handshake without a valid brand', async () => {
    await expect(connectConsole(api.url, {}, { cookie: viewer.cookie })).rejects.toThrow(
      /invalid handshake/,
    )
    await expect(
      connectConsole(
        api.url,
        { brandId: '00000000-0000-4000-8000-000000000000' },
        { cookie: viewer.cookie },
      ),
    ).rejects.toThrow(/unknown brand/)
  })
})

describe('complaint.updated', () => {
  it('pushes the stored lead when a reply without complaint keeps a thread active', async () => {
    const brand = await makeBrand(t.ctx)
    const socket = await connectConsole(api.url, { brandId: brand.id }, { cookie: viewer.cookie })
    const scored = waitForEvent(socket, 'complaint.scored')
    await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [makePost({ externalId: 'root', threadId: 'root' })],
    })
    const first = await scored
    const updated = waitForEvent(socket, 'complaint.updated')
    await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [makePost({ externalId: 'reply', inReplyTo: 'root', text: 'I love this, thanks!' })],
    })
    const event = await updated
    expect(event.seq).toBe(first.seq + 1)
    expect(event.data).toMatchObject({
      id: first.data.id,
      postCount: 2,
      complaintCount: 1,
      lead: {
        externalId: 'root',
        text: first.data.lead.text,
        explanation: first.data.lead.explanation,
      },
    })
    socket.close()
  })
})

describe('sockets and the role matrix', () => {
  it('delivers each server event to exactly the roles whose room it is published to', async () => {
    const brand = await makeBrand(t.ctx)
    const received = new Map<Role, string[]>()
    const sockets = await Promise.all(
      ROLES.map(async (role) => {
        const session = await signInAs(api.url, t.ctx, role)
        const socket = await connectConsole(
          api.url,
          { brandId: brand.id },
          { cookie: session.cookie },
        )
        received.set(role, [])
        for (const name of SERVER_EVENT_NAMES)
          socket.on(name as 'complaint.scored', () => received.get(role)!.push(name))
        return socket
      }),
    )
    const all = sockets.map((socket) => waitForEvent(socket, 'complaint.scored'))
    await ingestPosts(t.ctx, { brandId: brand.id, channel: 'import', posts: [makePost()] })
    await Promise.all(all)
    for (const role of ROLES) {
      const room = SERVER_EVENT_ROOMS['complaint.scored']
      expect([role, received.get(role)!.includes('complaint.scored')]).toEqual([
        role,
        can(role, ROOM_ACCESS[room]),
      ])
    }
    sockets.forEach((s) => s.close())
  })

  it.each([
    ['deactivated', { isActive: false }],
    ['given another role', { role: 'viewer' }],
  ])('drops the open sockets of a user %s within 2 seconds', async (_what, change) => {
    const brand = await makeBrand(t.ctx)
    const admin = await signInAs(api.url, t.ctx, 'admin')
    const agent = await signInAs(api.url, t.ctx, 'agent')
    const sockets = await Promise.all(
      [0, 1].map(() => connectConsole(api.url, { brandId: brand.id }, { cookie: agent.cookie })),
    )
    const dropped = sockets.map(
      (socket) =>
        new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason))),
    )
    const started = Date.now()
    expect((await admin.patch(`/api/users/${agent.user.id}`, change)).status).toBe(200)
    expect(await Promise.all(dropped)).toEqual(['io server disconnect', 'io server disconnect'])
    expect(Date.now() - started).toBeLessThan(2000)
    await expect(
      connectConsole(api.url, { brandId: brand.id }, { cookie: agent.cookie }),
    ).rejects.toThrow(/unauthorized/)
  })

  it('drops the sockets of a session signed out in another tab within 2 seconds, and only those', async () => {
    const brand = await makeBrand(t.ctx)
    const agent = await makeUser(t.ctx, 'agent')
    const [tabs, elsewhere] = await Promise.all([signIn(api.url, agent), signIn(api.url, agent)])
    const open = (session: SignedIn) =>
      connectConsole(api.url, { brandId: brand.id }, { cookie: session.cookie })
    const [first, second, other] = await Promise.all([open(tabs), open(tabs), open(elsewhere!)])
    const dropped = [first!, second!].map(
      (socket) =>
        new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason))),
    )
    const started = Date.now()
    expect((await tabs!.post('/api/auth/sign-out')).status).toBe(204)
    expect(await Promise.all(dropped)).toEqual(['io server disconnect', 'io server disconnect'])
    expect(Date.now() - started).toBeLessThan(2000)
    // The same person's session in another browser is untouched.
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(other!.connected).toBe(true)
    other!.close()
  })

  it('drops a socket once its session has expired', async () => {
    const brand = await makeBrand(t.ctx)
    const viewerSession = await signInAs(api.url, t.ctx, 'viewer')
    const socket = await connectConsole(
      api.url,
      { brandId: brand.id },
      { cookie: viewerSession.cookie },
    )
    const dropped = new Promise<string>((resolve) =>
      socket.on('disconnect', (reason) => resolve(reason)),
    )
    // Expiry is the session vanishing from Redis with nobody told; remove it that way.
    const sessionId = viewerSession.cookie.slice(viewerSession.cookie.indexOf('=') + 1)
    expect(await t.ctx.sessions.get(sessionId)).not.toBeNull()
    await t.ctx.sessions.destroy(sessionId)
    expect(await dropped).toBe('io server disconnect')
  })
})
