import { createHook } from 'node:async_hooks'
import crypto from 'node:crypto'
import { and, count, eq } from 'drizzle-orm'
import type { Express } from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ComplainerDetailSchema, ComplainerViewSchema } from '../../shared/schemas/complainers.js'
import {
  PreviewResultSchema,
  ScoringVersionViewSchema,
  type ScoringConfig,
} from '../../shared/schemas/scoring-config.js'
import { PRIORITY_3_CONFIG } from '../../shared/scoring/defaults.js'
import { LOGIN_LIMITS } from '../../server/auth/login-limiter.js'
import { hashSessionId } from '../../server/auth/sessions.js'
import type { AppContext } from '../../server/context.js'
import { auditEvents, authors, outbox, posts } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { createApp } from '../../server/http/app.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { makeUser, signIn, signInAs, TEST_PASSWORD, type SignedIn } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, makePost, makeWebhookSource } from '../support/factories.js'
import { waitForAnalysis } from '../support/wait.js'
import { WEBHOOK_MANIFEST, signedHeaders } from '../support/webhook.js'

let t: TestContext
let app: Express
let workers: WorkersHandle
let admin: SignedIn
let adviser: SignedIn
let viewer: SignedIn

beforeAll(async () => {
  // X-Forwarded-For from the test's own (loopback) connections sets the client address, so
  // that a test can speak from several addresses.
  t = await createTestContext({ TRUST_PROXY: 'loopback', REACH_REFRESH_MS: '0' })
  workers = await startWorkers(t.ctx)
  app = createApp(t.ctx)
  admin = await signInAs(app, t.ctx, 'admin')
  adviser = await signInAs(app, t.ctx, 'adviser')
  viewer = await signInAs(app, t.ctx, 'viewer')
})
afterAll(async () => {
  await workers?.close()
  await t?.close()
})

/** A client address of its own (TEST-NET-3), so that no two tests share a limit. */
let addresses = 0
const newAddress = () => `203.0.113.${++addresses}`

const signInFrom = (target: Express, address: string, body: { email: string; password: string }) =>
  request(target).post('/api/auth/sign-in').set('x-forwarded-for', address).send(body)

const sessionCookie = (id: string) => `firebreak=${id}`
const setupToken = (setupUrl: string) => new URL(setupUrl).hash.replace('#token=', '')

/**
 * The app over a context whose sign-ins stop once the password has been checked, just before
 * their session is written, until released: an admin's change can land in between, every time.
 */
function signInPausedBeforeSession() {
  let reach!: () => void
  const paused = new Promise<void>((resolve) => (reach = resolve))
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  const created: string[] = []
  const ctx: AppContext = {
    ...t.ctx,
    sessions: {
      ...t.ctx.sessions,
      create: async (input) => {
        reach()
        await gate
        const session = await t.ctx.sessions.create(input)
        created.push(session.id)
        return session
      },
    },
  }
  return { app: createApp(ctx), paused, release, created }
}

/** Signs `user` in through a paused app, runs `meanwhile`, releases; the answer and its session. */
async function signInRacing(
  user: { email: string },
  password: string,
  meanwhile: () => Promise<void>,
) {
  const race = signInPausedBeforeSession()
  const answer = signInFrom(race.app, newAddress(), { email: user.email, password }).then(
    (res) => res,
  )
  // A sign-in that answers before reaching its session would leave the race unrun.
  const unpaused = answer.then((res) => {
    throw new Error(`sign-in answered ${res.status} before writing its session`)
  })
  await Promise.race([race.paused, unpaused])
  unpaused.catch(() => {})
  await meanwhile()
  race.release()
  const res = await answer
  expect(race.created).toHaveLength(1)
  return { res, sessionId: race.created[0]! }
}

/** Asserts that a session is gone: from the store, and for a browser that presents it. */
async function expectSessionGone(sessionId: string) {
  expect(await t.ctx.sessions.get(sessionId)).toBeNull()
  const me = await request(app).get('/api/auth/me').set('cookie', sessionCookie(sessionId))
  expect(me.status).toBe(401)
}

const auditCount = async (action: string, subjectId: string) =>
  (
    await t.ctx.db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.subjectId, subjectId)))
  )[0]!.n

/** Counts the scrypt computations (password hashes and checks) this process starts while on. */
function countScrypt() {
  let started = 0
  const hook = createHook({
    init: (_id, type) => {
      if (type === 'SCRYPTREQUEST') started++
    },
  }).enable()
  return {
    get started() {
      return started
    },
    stop: () => hook.disable(),
  }
}

/** Waits for the analysis of every post of a brand stored so far. */
async function waitForBrandAnalysis(brandId: string) {
  const ids = new Set(
    (await t.ctx.db.select({ id: posts.id }).from(posts).where(eq(posts.brandId, brandId))).map(
      (p) => Number(p.id),
    ),
  )
  const rows = await t.ctx.db.select({ id: outbox.id, payload: outbox.payload }).from(outbox)
  const mine = rows.filter((r) =>
    ((r.payload as { postIds?: unknown[] }).postIds ?? []).some((id) => ids.has(Number(id))),
  )
  expect(mine.length).toBeGreaterThan(0)
  await waitForAnalysis(
    t.ctx,
    mine.map((r) => Number(r.id)),
  )
}

describe('sign-in racing an admin’s change', () => {
  it('keeps no session for a sign-in that races a deactivation', async () => {
    const agent = await makeUser(t.ctx, 'agent')
    const { res, sessionId } = await signInRacing(agent, TEST_PASSWORD, async () => {
      const deactivated = await admin.patch(`/api/users/${agent.id}`, { isActive: false })
      expect(deactivated.body.data.status).toBe('deactivated')
    })
    expect(res.status).toBe(401)
    expect(res.body.error.message).toMatch(/^Your account changed while you were signing in/)
    expect(res.headers['set-cookie']).toBeUndefined()
    await expectSessionGone(sessionId)
    expect(await auditCount('auth.signed_in', agent.id)).toBe(0)
  })

  it('keeps no session with the old role for a sign-in that races a demotion', async () => {
    const demoted = await makeUser(t.ctx, 'adviser')
    const { res, sessionId } = await signInRacing(demoted, TEST_PASSWORD, async () => {
      const changed = await admin.patch(`/api/users/${demoted.id}`, { role: 'viewer' })
      expect(changed.body.data.role).toBe('viewer')
    })
    expect(res.status).toBe(401)
    expect(res.body.error.message).toMatch(/^Your account changed while you were signing in/)
    await expectSessionGone(sessionId)
    // Signing in again gives the new role.
    const again = await signInFrom(app, newAddress(), {
      email: demoted.email,
      password: TEST_PASSWORD,
    })
    expect(again.status).toBe(200)
    expect(again.body.data.role).toBe('viewer')
  })

  it('keeps no session for a sign-in with the old password that races a password reset', async () => {
    const agent = await makeUser(t.ctx, 'agent')
    const { res, sessionId } = await signInRacing(agent, TEST_PASSWORD, async () => {
      const link = await admin.post(`/api/users/${agent.id}/setup-link`)
      const token = setupToken(link.body.setupUrl)
      const setup = await request(app)
        .post('/api/auth/setup')
        .set('x-forwarded-for', newAddress())
        .send({ token, password: 'a password set meanwhile' })
      expect(setup.status).toBe(200)
    })
    expect(res.status).toBe(401)
    expect(res.body.error.message).toMatch(/^Your account changed while you were signing in/)
    await expectSessionGone(sessionId)
  })
})

describe('a password reset', () => {
  it('ends the sessions opened before the link, and those opened with the old password after it', async () => {
    const agent = await signInAs(app, t.ctx, 'agent')
    const link = await admin.post(`/api/users/${agent.user.id}/setup-link`)
    expect(link.status).toBe(201)
    expect((await agent.get('/api/auth/me')).status).toBe(401)

    // Until the new password is set, the old one still opens a session (whoever holds it).
    const meanwhile = await signIn(app, agent.user)
    expect((await meanwhile.get('/api/auth/me')).status).toBe(200)
    const setup = await request(app)
      .post('/api/auth/setup')
      .set('x-forwarded-for', newAddress())
      .send({ token: setupToken(link.body.setupUrl), password: 'the owner’s new passphrase' })
    expect(setup.status).toBe(200)
    expect((await meanwhile.get('/api/auth/me')).status).toBe(401)
    expect((await meanwhile.post('/api/auth/sign-out')).status).toBe(401)

    const withPassword = (password: string) =>
      signInFrom(app, newAddress(), { email: agent.user.email, password })
    expect((await withPassword(TEST_PASSWORD)).status).toBe(401)
    expect((await withPassword('the owner’s new passphrase')).status).toBe(200)
  })
})

describe('POST /api/auth/setup', () => {
  it('checks the token before hashing the password, and limits attempts per address', async () => {
    const agent = await makeUser(t.ctx, 'agent')
    const link = await admin.post(`/api/users/${agent.id}/setup-link`)
    const token = setupToken(link.body.setupUrl)
    const guesser = newAddress()
    const setup = (address: string, body: { token: string; password: string }) =>
      request(app).post('/api/auth/setup').set('x-forwarded-for', address).send(body)

    const scrypt = countScrypt()
    try {
      const guesses = []
      for (let i = 0; i < LOGIN_LIMITS.setupPerAddress; i++) {
        const guess = crypto.randomBytes(32).toString('base64url')
        guesses.push(
          (await setup(guesser, { token: guess, password: 'a long enough passphrase' })).status,
        )
      }
      expect(guesses).toEqual(Array(LOGIN_LIMITS.setupPerAddress).fill(401))
      // No bad token cost a password hash.
      expect(scrypt.started).toBe(0)

      // The guessing address is refused, even with the right token...
      const refused = await setup(guesser, { token, password: 'the owner’s passphrase' })
      expect(refused.status).toBe(429)
      expect(refused.body.error.code).toBe('rate_limited')
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
      expect(scrypt.started).toBe(0)

      // ...but the link still works for its owner, from their own address: hashed once.
      const owner = await setup(newAddress(), { token, password: 'the owner’s passphrase' })
      expect(owner.status).toBe(200)
      expect(owner.body.data).toMatchObject({ id: agent.id, status: 'active' })
      expect(scrypt.started).toBe(1)
    } finally {
      scrypt.stop()
    }
  })
})

describe('sign-in lockout', () => {
  it('locks out the address that guesses, not the account’s owner, with one audit row per block', async () => {
    const user = await makeUser(t.ctx, 'agent')
    const guesser = newAddress()
    const statuses = []
    for (let i = 0; i < LOGIN_LIMITS.perAccountAndAddress; i++) {
      statuses.push(
        (await signInFrom(app, guesser, { email: user.email, password: `wrong guess ${i}` }))
          .status,
      )
    }
    expect(statuses).toEqual(Array(LOGIN_LIMITS.perAccountAndAddress).fill(401))

    const refused = []
    for (let i = 0; i < 5; i++) {
      refused.push(await signInFrom(app, guesser, { email: user.email, password: TEST_PASSWORD }))
    }
    expect(refused.map((r) => r.status)).toEqual(Array(5).fill(429))
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThan(0)
    // One row says the block began; the refusals after it are not news.
    expect(await auditCount('auth.sign_in_blocked', user.email)).toBe(1)

    const owner = await signInFrom(app, newAddress(), {
      email: user.email,
      password: TEST_PASSWORD,
    })
    expect(owner.status).toBe(200)
    expect(owner.body.data.id).toBe(user.id)
  })
})

describe('session lifetime', () => {
  it('ends a session at its absolute lifetime, however recently it was used', async () => {
    const agent = await signInAs(app, t.ctx, 'agent')
    const id = agent.cookie.slice(agent.cookie.indexOf('=') + 1)
    const key = `${t.ctx.config.queuePrefix}:session:${hashSessionId(id)}`
    const maxSeconds = t.ctx.config.sessionMaxSeconds
    expect(maxSeconds).toBeGreaterThan(t.ctx.config.sessionTtlSeconds)
    /** Moves the session's sign-in into the past; it stays as recently used as it was. */
    const signedInAgo = async (seconds: number) => {
      const session = JSON.parse((await t.ctx.redis.get(key))!) as { createdAt: number }
      session.createdAt = Date.now() - seconds * 1000
      await t.ctx.redis.set(key, JSON.stringify(session), 'KEEPTTL')
    }

    // Ten minutes before its end it works, and using it does not stretch it past the end.
    await signedInAgo(maxSeconds - 600)
    expect((await agent.get('/api/auth/me')).status).toBe(200)
    const ttl = await t.ctx.redis.ttl(key)
    expect(ttl).toBeGreaterThan(0)
    expect(ttl).toBeLessThanOrEqual(600)

    // Past its end it is refused, though it was used a moment ago, and removed.
    await signedInAgo(maxSeconds + 1)
    expect(await t.ctx.redis.exists(key)).toBe(1)
    expect((await agent.get('/api/auth/me')).status).toBe(401)
    expect(await t.ctx.redis.exists(key)).toBe(0)
  })
})

describe('webhook sources stay in their lane', () => {
  const secret = WEBHOOK_MANIFEST.secret
  const msgId = () => `msg_${crypto.randomBytes(8).toString('hex')}`
  const deliver = (sourceId: string, body: string) =>
    request(app)
      .post(`/api/ingest/webhook/${sourceId}`)
      .set(signedHeaders(body, msgId(), secret))
      .send(body)
  const mention = (p: { id: string; author: { id: string; handle: string; followers: number } }) =>
    JSON.stringify({
      type: 'mention.created',
      data: {
        id: p.id,
        source: 'bluesky',
        created_at: new Date(Date.now() - 3600_000).toISOString(),
        author: { ...p.author, display_name: p.author.handle },
        text: 'Kredo dropped my score overnight and support never answers. Terrible, awful.',
        lang: 'en',
      },
    })
  const twoSources = async () => {
    const brand = await makeBrand(t.ctx)
    const a = (await makeWebhookSource(t.ctx, brand.id, secret)).source.id
    const b = (await makeWebhookSource(t.ctx, brand.id, secret)).source.id
    return { brand, a, b }
  }
  const uid = () => crypto.randomBytes(5).toString('hex')

  it('lets a source delete only the posts it brought', async () => {
    const { brand, a, b } = await twoSources()
    const id = `post-${uid()}`
    const created = await deliver(
      a,
      mention({ id, author: { id: `acct-${uid()}`, handle: 'someone', followers: 10 } }),
    )
    expect(created.body).toEqual({ data: { inserted: 1, duplicates: 0 } })
    const deletion = JSON.stringify({ type: 'mention.deleted', data: { id, source: 'bluesky' } })
    const deletedAt = async () =>
      (
        await t.ctx.db
          .select({ deletedAt: posts.deletedAt })
          .from(posts)
          .where(and(eq(posts.brandId, brand.id), eq(posts.externalId, id)))
      )[0]!.deletedAt

    const byOther = await deliver(b, deletion)
    expect(byOther.status).toBe(202)
    expect(byOther.body).toEqual({ data: { deleted: false } })
    expect(await deletedAt()).toBeNull()

    const byOwner = await deliver(a, deletion)
    expect(byOwner.body).toEqual({ data: { deleted: true } })
    expect(await deletedAt()).toBeInstanceOf(Date)
  })

  it('lets a source write only its own authors, and shows one account reported by two as one complainer', async () => {
    const { brand, a, b } = await twoSources()
    const account = `did:plc:${uid()}`
    const real = { id: account, handle: `real${uid()}.bsky.social`, followers: 5000 }
    const impostor = { id: account, handle: `impostor${uid()}`, followers: 0 }
    const first = `post-${uid()}`
    const second = `post-${uid()}`
    expect((await deliver(a, mention({ id: first, author: real }))).status).toBe(202)
    expect((await deliver(b, mention({ id: second, author: impostor }))).status).toBe(202)

    const authorOf = async (externalId: string) =>
      (
        await t.ctx.db
          .select({ handle: authors.handle, followers: authors.followers })
          .from(posts)
          .innerJoin(authors, eq(authors.id, posts.authorId))
          .where(and(eq(posts.brandId, brand.id), eq(posts.externalId, externalId)))
      )[0]
    expect(await authorOf(first)).toEqual({ handle: real.handle, followers: 5000 })
    expect(await authorOf(second)).toEqual({ handle: impostor.handle, followers: 0 })

    await waitForBrandAnalysis(brand.id)
    const list = await viewer.get(`/api/brands/${brand.id}/complainers`)
    expect(list.status).toBe(200)
    const complainers = ComplainerViewSchema.array().parse(list.body.data)
    expect(complainers).toHaveLength(1)
    const [complainer] = complainers
    expect(complainer!.complaints).toBe(2)
    expect(complainer!.accounts.map((x) => x.handle).sort()).toEqual(
      [real.handle, impostor.handle].sort(),
    )
    const detail = await viewer.get(`/api/brands/${brand.id}/complainers/${complainer!.key}`)
    expect(detail.status).toBe(200)
    const parsed = ComplainerDetailSchema.parse(detail.body.data)
    expect(parsed.complainer.accounts).toHaveLength(2)
    expect(parsed.posts).toHaveLength(2)
  })
})

describe('escalation cues', () => {
  const withCue = (pattern: string): ScoringConfig => ({
    ...PRIORITY_3_CONFIG,
    cues: [...PRIORITY_3_CONFIG.cues, { key: 'probe', label: 'Probe', pattern, severity: 1 }],
  })

  it('run in linear time: a catastrophic pattern previews over hostile text in well under a second', async () => {
    const brand = await makeBrand(t.ctx)
    const text = `Kredo support never answers. Terrible, awful, a scam. ${'a'.repeat(5000)}!`
    const ingested = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [makePost({ text }), makePost({ text })],
    })
    await waitForAnalysis(t.ctx, ingested.outboxIds)

    const saved = await adviser.put('/api/scoring/draft', { config: withCue('(a+)+$') })
    expect(saved.status).toBe(200)
    const draft = ScoringVersionViewSchema.parse(saved.body.data)
    const now = Date.now()
    const started = performance.now()
    const preview = await adviser.post(`/api/scoring/versions/${draft.id}/preview`, {
      brandId: brand.id,
      from: new Date(now - 86_400_000).toISOString(),
      to: new Date(now + 60_000).toISOString(),
    })
    const elapsedMs = performance.now() - started
    expect(preview.status).toBe(200)
    expect(PreviewResultSchema.parse(preview.body.data).complaints).toBe(2)
    // A backtracking engine needs about 2^5000 steps here.
    expect(elapsedMs).toBeLessThan(1000)
  })

  it.each([
    ['a lookbehind', '(?<!never )sue'],
    ['a lookahead', 'sue(?! you)'],
    ['a backreference', '(sue)\\s+\\1'],
  ])('are refused with 400 when they use %s', async (_what, pattern) => {
    const res = await adviser.put('/api/scoring/draft', { config: withCue(pattern) })
    expect(res.status).toBe(400)
    const index = PRIORITY_3_CONFIG.cues.length
    expect(res.body.error.issues).toContainEqual({
      path: `config.cues.${index}.pattern`,
      message: expect.stringMatching(/lookarounds and backreferences are not available/),
    })
  })
})

describe('scoring drafts', () => {
  it('are shown to those who propose, and to no viewer or agent', async () => {
    const saved = await adviser.put('/api/scoring/draft', { config: PRIORITY_3_CONFIG })
    expect(saved.status).toBe(200)
    const draft = ScoringVersionViewSchema.parse(saved.body.data)
    expect(draft.status).toBe('draft')
    const agent = await signInAs(app, t.ctx, 'agent')

    for (const reader of [viewer, agent]) {
      const list = await reader.get('/api/scoring/versions')
      expect(list.status).toBe(200)
      const versions = ScoringVersionViewSchema.array().parse(list.body.data)
      expect(versions.length).toBeGreaterThan(0)
      expect(versions.filter((v) => v.status === 'draft')).toEqual([])
      expect((await reader.get(`/api/scoring/versions/${draft.id}`)).status).toBe(404)
    }
    for (const proposer of [adviser, admin]) {
      const list = await proposer.get('/api/scoring/versions')
      const versions = ScoringVersionViewSchema.array().parse(list.body.data)
      expect(versions.map((v) => v.id)).toContain(draft.id)
      const one = await proposer.get(`/api/scoring/versions/${draft.id}`)
      expect(one.status).toBe(200)
      expect(one.body.data).toMatchObject({ id: draft.id, status: 'draft' })
    }
  })
})
