import { Writable } from 'node:stream'
import { and, eq, sql } from 'drizzle-orm'
import type { Express } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ReplyAccountViewSchema, ReplyViewSchema } from '../../shared/schemas/replies.js'
import { ThreadViewSchema } from '../../shared/schemas/threads.js'
import { auditEvents, events, posts, replies, replyAccounts } from '../../server/db/schema.js'
import { createApp } from '../../server/http/app.js'
import { createLogger } from '../../server/lib/logger.js'
import { startDelivery } from '../../workers/delivery/run-delivery.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { makeUser, signIn, type SignedIn } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { FakeBluesky, FakeMastodon, FakeReddit, FakeX } from '../support/fake-networks.js'
import { complaintOn, FAKE_CREDENTIALS, replyReaches, LET_THROUGH } from '../support/replies.js'
import { connectConsole, startApiServer, waitForEvent } from '../support/server.js'

let t: TestContext
const logLines: string[] = []
let app: Express
let workers: WorkersHandle
let admin: SignedIn
let agent: SignedIn
let viewer: SignedIn
const bluesky = new FakeBluesky()
const mastodon = new FakeMastodon()
const x = new FakeX()
const reddit = new FakeReddit()

beforeAll(async () => {
  await Promise.all([bluesky.start(), mastodon.start(), x.start(), reddit.start()])
  t = await createTestContext({
    SSRF_ALLOWLIST: '127.0.0.1',
    REPLY_POLL_MS: '50',
    REPLY_RETRY_BASE_MS: '100',
    REPLY_LEASE_MS: '4000',
  })
  // Every log line of the API and the delivery, at trace level, to look for credentials in.
  t.ctx.logger = createLogger('trace', {
    destination: new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk))
        done()
      },
    }),
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
  await Promise.all([bluesky.close(), mastodon.close(), x.close(), reddit.close()])
})

const setup = (network: 'bluesky' | 'mastodon' | 'x' | 'reddit', withAccount = true) =>
  complaintOn(t.ctx, network, {
    fake: withAccount ? { bluesky, mastodon, x, reddit }[network] : undefined,
    adminId: admin.user.id,
  })

const countReplies = async (complaintId: string) =>
  (await t.ctx.db.select().from(replies).where(eq(replies.complaintId, complaintId))).length

describe('reply accounts', () => {
  it('takes credentials from admins only, seals them, and never shows them', async () => {
    const { brand } = await setup('bluesky', false)
    const path = `/api/brands/${brand.id}/reply-accounts/bluesky`
    const body = {
      handle: 'kredo.bsky.example',
      baseUrl: bluesky.url,
      credentials: { identifier: 'kredo.bsky.example', appPassword: 'CANARY-app-password-42' },
    }
    expect((await agent.put(path, body)).status).toBe(403)
    const put = await admin.put(path, body)
    expect(put.status).toBe(200)
    expect(ReplyAccountViewSchema.parse(put.body.data)).toMatchObject({
      hasCredentials: true,
      limit: { max: 300, unit: 'graphemes' },
    })
    const listed = await agent.get(`/api/brands/${brand.id}/reply-accounts`)
    expect(listed.status).toBe(200)
    expect((await viewer.get(`/api/brands/${brand.id}/reply-accounts`)).status).toBe(403)
    const bad = await admin.put(path, { ...body, credentials: { identifier: 'x' } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toMatch(/bluesky credentials/)

    const [row] = await t.ctx.db
      .select()
      .from(replyAccounts)
      .where(eq(replyAccounts.brandId, brand.id))
    expect(row!.secretsCiphertext).toMatch(/^v1\./)
    expect(row!.secretsCiphertext).not.toContain('CANARY')
    const audit = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'reply_account.credentials_changed'))
    for (const text of [put.text, listed.text, bad.text, JSON.stringify(audit)])
      expect(text).not.toContain('CANARY')
    expect(audit.some((a) => a.subjectId === brand.id)).toBe(true)
  })
})

describe('posting a reply', () => {
  it('lets a viewer post nothing', async () => {
    const { complaint } = await setup('bluesky')
    const res = await viewer.post(`/api/complaints/${complaint.id}/replies`, { text: 'Hello' })
    expect(res.status).toBe(403)
    expect(await countReplies(complaint.id)).toBe(0)
  })

  it('counts Bluesky graphemes, not string length, and refuses 301 with nothing queued', async () => {
    const { complaint } = await setup('bluesky')
    const family = '👨‍👩‍👧‍👦' // one grapheme, 11 UTF-16 units
    const over = await agent.post(`/api/complaints/${complaint.id}/replies`, {
      text: family.repeat(301),
    })
    expect(over.status).toBe(400)
    expect(over.body.error.issues).toEqual([
      { path: 'text', message: '301 graphemes; bluesky allows 300 (1 too many)' },
    ])
    expect(await countReplies(complaint.id)).toBe(0)
    const fits = await agent.post(`/api/complaints/${complaint.id}/replies`, {
      text: family.repeat(300),
    })
    expect(fits.status).toBe(202)
    expect(LET_THROUGH).toContain(ReplyViewSchema.parse(fits.body.data).state)
  })

  it("counts X's weighted characters (CJK weighs 2) and refuses 282 with nothing queued", async () => {
    const { complaint } = await setup('x')
    const over = await agent.post(`/api/complaints/${complaint.id}/replies`, {
      text: '信'.repeat(141),
    })
    expect(over.status).toBe(400)
    expect(over.body.error.message).toMatch(/282 weighted characters; x allows 280/)
    expect(await countReplies(complaint.id)).toBe(0)
  })

  it('refuses a reply to a deleted post, and from a brand without credentials, queuing nothing', async () => {
    const { complaint, lead } = await setup('mastodon')
    await t.ctx.db.update(posts).set({ deletedAt: new Date() }).where(eq(posts.id, lead.id))
    const deleted = await agent.post(`/api/complaints/${complaint.id}/replies`, { text: 'Sorry!' })
    expect(deleted.status).toBe(409)
    expect(deleted.body.error.message).toMatch(/deleted at the source/)

    const bare = await setup('x', false)
    const none = await agent.post(`/api/complaints/${bare.complaint.id}/replies`, {
      text: 'Sorry!',
    })
    expect(none.status).toBe(409)
    expect(none.body.error.message).toMatch(/no x reply account with credentials/)
    expect(await countReplies(complaint.id)).toBe(0)
    expect(await countReplies(bare.complaint.id)).toBe(0)
  })

  it('delivers to Bluesky once, stores it as a post of the thread, and the complaint waits', async () => {
    const { complaint, lead } = await setup('bluesky')
    const res = await agent.post(`/api/complaints/${complaint.id}/replies`, {
      text: 'We are on it.',
    })
    expect(res.status).toBe(202)
    const sent = await replyReaches(t.ctx, res.body.data.id, ['sent'])
    const post = bluesky.posts.find((p) => p.text === 'We are on it.')!
    expect(sent.url).toBe(post.url)
    expect(post.inReplyTo).toBe(lead.externalId)
    const record = post.body.record as { reply: { root: { uri: string }; parent: { uri: string } } }
    expect(record.reply.root.uri).toBe(lead.externalId)
    expect((post.body as { rkey: string }).rkey).toBe(sent.idempotencyKey)

    const thread = ThreadViewSchema.parse(
      (await agent.get(`/api/complaints/${complaint.id}/thread`)).body.data,
    )
    expect(thread.complaint.state).toBe('waiting')
    const shown = thread.posts.find((p) => p.externalId === post.id)!
    expect(shown).toMatchObject({
      url: post.url,
      inReplyTo: lead.externalId,
      text: 'We are on it.',
    })
    expect(thread.replies).toEqual([expect.objectContaining({ state: 'sent', postId: shown.id })])
    const viewerThread = await viewer.get(`/api/complaints/${complaint.id}/thread`)
    expect(viewerThread.body.data.replies).toBeUndefined()
  })

  it('sends mentions (resolved to DIDs on the PDS) and links to Bluesky as facets in UTF-8 bytes', async () => {
    const { complaint } = await setup('bluesky')
    const text = 'Désolé 🙏 @ana.bsky.social @ghost.bsky.social: https://kredo.example/ça'
    const res = await agent.post(`/api/complaints/${complaint.id}/replies`, { text })
    await replyReaches(t.ctx, res.body.data.id, ['sent'])
    const post = bluesky.posts.find((p) => p.text === text)!
    const { facets } = post.body.record as {
      facets: Array<{ index: { byteStart: number; byteEnd: number }; features: unknown[] }>
    }
    const utf8 = Buffer.from(text, 'utf8')
    expect(
      facets.map((f) => [utf8.subarray(f.index.byteStart, f.index.byteEnd).toString(), f.features]),
    ).toEqual([
      [
        '@ana.bsky.social',
        [{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:ana4bsky7social' }],
      ],
      [
        'https://kredo.example/ça',
        [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://kredo.example/ça' }],
      ],
    ])
  })

  it("honours a 429's Retry-After: no attempt before it", async () => {
    const { complaint } = await setup('mastodon')
    mastodon.next({ status: 429, retryAfterSeconds: 2 })
    const before = mastodon.attempts.length
    const res = await agent.post(`/api/complaints/${complaint.id}/replies`, {
      text: 'Rate limited?',
    })
    const sent = await replyReaches(t.ctx, res.body.data.id, ['sent'])
    const tries = mastodon.attempts.slice(before)
    expect(tries).toHaveLength(2)
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(1900)
    expect(sent.attempts).toBe(2)
    expect(mastodon.posts.filter((p) => p.text === 'Rate limited?')).toHaveLength(1)
  })

  it('retries a 500 with backoff, and a connection dropped after Mastodon accepted: one post', async () => {
    const { complaint } = await setup('mastodon')
    mastodon.next({ status: 500 }, { drop: true })
    const res = await agent.post(`/api/complaints/${complaint.id}/replies`, { text: 'Twice shy' })
    const sent = await replyReaches(t.ctx, res.body.data.id, ['sent'])
    expect(sent.attempts).toBe(3)
    const mine = mastodon.posts.filter((p) => p.text === 'Twice shy')
    expect(mine).toHaveLength(1)
    expect(sent.url).toBe(mine[0]!.url)
  })

  it("fails a 400 with the network's message, and a person's retry delivers it", async () => {
    const { complaint } = await setup('x')
    x.next({
      status: 400,
      body: {
        title: 'Invalid Request',
        detail: 'One or more parameters to your request was invalid.',
        type: 'https://api.twitter.com/2/problems/invalid-request',
      },
    })
    const res = await agent.post(`/api/complaints/${complaint.id}/replies`, { text: 'Try me' })
    const failed = await replyReaches(t.ctx, res.body.data.id, ['failed'])
    expect(failed.lastError).toBe(
      'X refused the reply: 400 Invalid Request: One or more parameters to your request was invalid.',
    )
    expect((await viewer.post(`/api/replies/${failed.id}/retry`, {})).status).toBe(403)
    const retried = await agent.post(`/api/replies/${failed.id}/retry`, {})
    expect(retried.status).toBe(200)
    expect(LET_THROUGH).toContain(retried.body.data.state)
    await replyReaches(t.ctx, failed.id, ['sent'])
    expect(x.posts.filter((p) => p.text === 'Try me')).toHaveLength(1)
  })

  it('on X, never posts again when a lost answer cannot be checked: the reply is unknown', async () => {
    const { complaint } = await setup('x')
    x.next({ drop: true })
    x.timelineFails = 403
    try {
      const res = await agent.post(`/api/complaints/${complaint.id}/replies`, { text: 'Only once' })
      const unknown = await replyReaches(t.ctx, res.body.data.id, ['unknown'])
      expect(unknown.lastError).toMatch(/could not be checked/)
      expect(x.posts.filter((p) => p.text === 'Only once')).toHaveLength(1)
      const blind = await agent.post(`/api/replies/${unknown.id}/retry`, {})
      expect(blind.status).toBe(409)
    } finally {
      x.timelineFails = null
    }
  })

  it('on X, finds the post a lost answer made and records it instead of posting again', async () => {
    const { complaint } = await setup('x')
    x.next({ drop: true })
    const res = await agent.post(`/api/complaints/${complaint.id}/replies`, {
      text: 'Fish & chips <3',
    })
    const sent = await replyReaches(t.ctx, res.body.data.id, ['sent'])
    const mine = x.posts.filter((p) => p.text === 'Fish & chips <3')
    expect(mine).toHaveLength(1)
    expect(sent.externalId).toBe(mine[0]!.id)
  })

  it("comments on Reddit under the parent's fullname, and finds the comment a lost answer made", async () => {
    const { complaint, lead } = await setup('reddit')
    const res = await agent.post(`/api/complaints/${complaint.id}/replies`, {
      text: 'Sorry, u/you',
    })
    const sent = await replyReaches(t.ctx, res.body.data.id, ['sent'])
    const post = reddit.posts.find((p) => p.text === 'Sorry, u/you')!
    expect(post.inReplyTo).toBe(lead.externalId)
    expect(sent).toMatchObject({ externalId: post.id, url: post.url })

    reddit.next({ drop: true })
    const lost = await agent.post(`/api/complaints/${complaint.id}/replies`, {
      text: 'Once & only',
    })
    const found = await replyReaches(t.ctx, lost.body.data.id, ['sent'])
    const once = reddit.posts.filter((p) => p.text === 'Once & only')
    expect(once).toHaveLength(1)
    expect(found).toMatchObject({ externalId: once[0]!.id, url: once[0]!.url, attempts: 2 })

    reddit.next({ drop: true })
    reddit.listingFails = 403
    try {
      const blind = await agent.post(`/api/complaints/${complaint.id}/replies`, { text: 'Blind' })
      const unknown = await replyReaches(t.ctx, blind.body.data.id, ['unknown'])
      expect(unknown.lastError).toMatch(/could not be checked/)
      expect(reddit.posts.filter((p) => p.text === 'Blind')).toHaveLength(1)
    } finally {
      reddit.listingFails = null
    }
  })

  it('records a reply made elsewhere by its URL; the complaint waits', async () => {
    const { complaint } = await setup('x', false)
    const url = 'https://x.com/kredo/status/1830000000000009999'
    const res = await agent.post(`/api/complaints/${complaint.id}/replies/elsewhere`, { url })
    expect(res.status).toBe(201)
    expect(res.body.data).toMatchObject({ kind: 'elsewhere', state: 'sent', url })
    const thread = ThreadViewSchema.parse(
      (await agent.get(`/api/complaints/${complaint.id}/thread`)).body.data,
    )
    expect(thread.complaint.state).toBe('waiting')
    const audit = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'reply.recorded_elsewhere'),
          eq(auditEvents.subjectId, complaint.id),
        ),
      )
    expect(audit).toHaveLength(1)
  })
})

describe('credentials', () => {
  it('never appear in a reply, a thread, the replies table or any log line', async () => {
    const { complaint } = await setup('bluesky')
    const res = await agent.post(`/api/complaints/${complaint.id}/replies`, {
      text: 'Secret safe?',
    })
    await replyReaches(t.ctx, res.body.data.id, ['sent'])
    const thread = await agent.get(`/api/complaints/${complaint.id}/thread`)
    const rows = await t.ctx.db.execute(
      sql`select * from replies where complaint_id = ${complaint.id}::uuid`,
    )
    for (const text of [res.text, thread.text, JSON.stringify(rows)])
      expect(text).not.toContain(FAKE_CREDENTIALS.bluesky.appPassword)
    // Every delivery of this file (Bluesky, Mastodon, X, failures and retries included) logged.
    expect(logLines.join('\n')).toMatch(/reply sent/)
    for (const secret of [
      'app-pass-1234',
      'masto-token',
      'x-token',
      'reddit-token',
      'fake-access-jwt',
      'CANARY',
    ])
      expect(logLines.join('\n')).not.toContain(secret)
  })
})

describe('live', () => {
  it('pushes reply.queued, then reply.sent with the complaint waiting, each an event row of the brand', async () => {
    const api = await startApiServer(t)
    try {
      const { brand, complaint } = await setup('bluesky')
      const session = await signIn(api.url, agent.user)
      const socket = await connectConsole(
        api.url,
        { brandId: brand.id },
        { cookie: session.cookie },
      )
      const queued = waitForEvent(socket, 'reply.queued')
      const sent = waitForEvent(socket, 'reply.sent')
      const res = await session.post(`/api/complaints/${complaint.id}/replies`, { text: 'Live!' })
      expect(res.status).toBe(202)
      const first = await queued
      const done = await sent
      socket.close()
      expect(first.data.id).toBe(complaint.id)
      expect(done.data).toMatchObject({ id: complaint.id, state: 'waiting' })
      expect(done.seq).toBeGreaterThan(first.seq)
      const rows = await t.ctx.db.select().from(events).where(eq(events.brandId, brand.id))
      expect(rows.filter((r) => r.seq >= first.seq).map((r) => r.type)).toEqual([
        'reply.queued',
        'reply.sent',
      ])
    } finally {
      await api.close()
    }
  })
})

describe('competing workers', () => {
  it('never send the same reply twice: 30 replies on X (no idempotency key), 4 more slots claiming', async () => {
    const { complaint } = await setup('x')
    const extra = startDelivery(t.ctx)
    try {
      const before = x.attempts.length
      const ids: string[] = []
      for (let i = 0; i < 30; i++) {
        const res = await agent.post(`/api/complaints/${complaint.id}/replies`, {
          text: `race ${i}`,
        })
        ids.push(res.body.data.id)
      }
      for (const id of ids) await replyReaches(t.ctx, id, ['sent'])
      expect(x.attempts.length - before).toBe(30)
      for (let i = 0; i < 30; i++)
        expect(x.posts.filter((p) => p.text === `race ${i}`)).toHaveLength(1)
    } finally {
      await extra.stop()
    }
  })
})
