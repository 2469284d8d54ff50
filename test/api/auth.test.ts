import { count, eq, sql } from 'drizzle-orm'
import type { Express } from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, users } from '../../server/db/schema.js'
import { ensureFirstAdmin } from '../../server/domain/users/users.js'
import { createApp } from '../../server/http/app.js'
import { makeUser, signIn, signInAs, TEST_PASSWORD } from '../support/auth.js'
import { createTestContext, testConfig, type TestContext } from '../support/context.js'

let t: TestContext
let app: Express
beforeAll(async () => {
  t = await createTestContext()
  app = createApp(t.ctx)
})
afterAll(() => t?.close())

const auditCount = async (action: string, subjectId?: string) =>
  (
    await t.ctx.db
      .select({ n: count() })
      .from(auditEvents)
      .where(
        subjectId
          ? sql`action = ${action} and subject_id = ${subjectId}`
          : eq(auditEvents.action, action),
      )
  )[0]!.n

describe('first start', () => {
  it('creates an admin without a password and a one-time setup link, only once', async () => {
    await t.ctx.db.execute(sql`delete from users`)
    const token = await ensureFirstAdmin(t.ctx)
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/)
    expect(await ensureFirstAdmin(t.ctx)).toBeNull()
    const [admin] = await t.ctx.db
      .select()
      .from(users)
      .where(eq(users.email, t.ctx.config.adminEmail))
    expect(admin).toMatchObject({ role: 'admin', passwordHash: null })
    expect(admin!.setupTokenHash).not.toContain(token) // only a hash is stored

    const done = await request(app)
      .post('/api/auth/setup')
      .send({ token, password: 'a long new passphrase' })
    expect(done.status).toBe(200)
    expect(done.body.data).toMatchObject({ email: admin!.email, status: 'active' })
    const reused = await request(app)
      .post('/api/auth/setup')
      .send({ token, password: 'another passphrase!' })
    expect(reused.status).toBe(401)
    const signedIn = await request(app)
      .post('/api/auth/sign-in')
      .send({ email: admin!.email, password: 'a long new passphrase' })
    expect(signedIn.status).toBe(200)
  })
})

describe('sign-in and sessions', () => {
  it('opens a fresh session in an HttpOnly, SameSite cookie, and signs out', async () => {
    const user = await makeUser(t.ctx, 'agent')
    const planted = 'firebreak=attacker-chosen-session-id'
    const res = await request(app)
      .post('/api/auth/sign-in')
      .set('cookie', planted)
      .send({ email: user.email.toUpperCase(), password: TEST_PASSWORD })
    expect(res.status).toBe(200)
    const cookie = (res.headers['set-cookie'] as unknown as string[])[0]!
    expect(cookie).toMatch(/^firebreak=[A-Za-z0-9_-]{43};/)
    expect(cookie).not.toContain('attacker-chosen-session-id')
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    expect(cookie).toMatch(/Path=\//)
    expect(res.body).toMatchObject({
      data: { id: user.id, role: 'agent' },
      csrfToken: expect.any(String),
    })
    expect(JSON.stringify(res.body)).not.toMatch(/scrypt|password/i)

    const session = cookie.split(';')[0]!
    const me = await request(app).get('/api/auth/me').set('cookie', session)
    expect(me.body.data.email).toBe(user.email)
    // Each sign-in is a new session id.
    const again = await signIn(app, user)
    expect(again.cookie).not.toBe(session)

    const out = await request(app)
      .post('/api/auth/sign-out')
      .set('cookie', session)
      .set('x-csrf-token', res.body.csrfToken)
    expect(out.status).toBe(204)
    expect((await request(app).get('/api/auth/me').set('cookie', session)).status).toBe(401)
    expect(await auditCount('auth.signed_out', user.id)).toBe(1)
  })

  it('uses a Secure __Host- cookie when served over https', async () => {
    const secureApp = createApp({
      ...t.ctx,
      config: { ...testConfig({ PUBLIC_URL: 'https://firebreak.example' }) },
    })
    const user = await makeUser(t.ctx, 'viewer')
    const res = await request(secureApp)
      .post('/api/auth/sign-in')
      .send({ email: user.email, password: TEST_PASSWORD })
    const cookie = (res.headers['set-cookie'] as unknown as string[])[0]!
    expect(cookie).toMatch(/^__Host-firebreak=/)
    expect(cookie).toMatch(/; Secure/)
    expect(cookie).not.toMatch(/Domain=/)
  })

  it('answers a wrong password and an unknown email alike, and audits both', async () => {
    const user = await makeUser(t.ctx, 'viewer')
    const wrong = await request(app)
      .post('/api/auth/sign-in')
      .send({ email: user.email, password: 'nope nope nope' })
    const unknown = await request(app)
      .post('/api/auth/sign-in')
      .send({ email: 'nobody@test.example', password: 'nope nope nope' })
    expect([wrong.status, unknown.status]).toEqual([401, 401])
    expect(wrong.body.error.message).toBe(unknown.body.error.message)
    expect(await auditCount('auth.sign_in_failed', user.id)).toBe(1)
    expect(await auditCount('auth.sign_in_failed', 'nobody@test.example')).toBe(1)
  })

  it('locks an account out with 429 after 20 wrong passwords, whatever X-Forwarded-For or path says', async () => {
    const user = await makeUser(t.ctx, 'agent')
    const attempt = (password: string, path = '/api/auth/sign-in', ip = '203.0.113.7') =>
      request(app).post(path).set('x-forwarded-for', ip).send({ email: user.email, password })
    const statuses = []
    for (let i = 0; i < 20; i++)
      statuses.push(
        (await attempt(`wrong ${i} guess`, '/api/auth/sign-in', `203.0.113.${i}`)).status,
      )
    expect(statuses).toEqual(Array(20).fill(401))

    const locked = await attempt(TEST_PASSWORD)
    expect(locked.status).toBe(429)
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0)
    expect((await attempt(TEST_PASSWORD, '/api/auth/sign-in', '198.51.100.99')).status).toBe(429)
    expect((await attempt(TEST_PASSWORD, '/API/auth/sign-in/')).status).toBe(429)
    expect(
      (
        await request(app)
          .post('/api/auth/sign-in')
          .send({ email: ` ${user.email.toUpperCase()} `, password: TEST_PASSWORD })
      ).status,
    ).toBe(429)
    expect(await auditCount('auth.sign_in_blocked', user.email)).toBeGreaterThanOrEqual(1)
  })

  it('counts parallel attempts atomically', async () => {
    const user = await makeUser(t.ctx, 'agent')
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        request(app)
          .post('/api/auth/sign-in')
          .send({ email: user.email, password: 'wrong wrong wrong' }),
      ),
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(20)
    expect(statuses.filter((s) => s === 429)).toHaveLength(20)
  })
})

describe('cross-site request forgery', () => {
  it('refuses a cookie-authenticated change without the CSRF token or from a foreign Origin', async () => {
    const admin = await signInAs(app, t.ctx, 'admin')
    const body = { email: 'csrf-victim@test.example', name: 'X', role: 'viewer' }
    const noToken = await request(app).post('/api/users').set('cookie', admin.cookie).send(body)
    expect(noToken.status).toBe(403)
    expect(noToken.body.error.message).toMatch(/CSRF/)
    const wrongToken = await request(app)
      .post('/api/users')
      .set('cookie', admin.cookie)
      .set('x-csrf-token', 'x'.repeat(43))
      .send(body)
    expect(wrongToken.status).toBe(403)
    const foreign = await admin.post('/api/users', body).set('origin', 'https://evil.example')
    expect(foreign.status).toBe(403)
    expect(foreign.body.error.message).toMatch(/Cross-site/)
    const ok = await admin.post('/api/users', body)
    expect(ok.status).toBe(201)
  })
})

describe('user administration', () => {
  it('invites a user who sets a password through the one-time link, with audit rows', async () => {
    const admin = await signInAs(app, t.ctx, 'admin')
    const res = await admin.post('/api/users', {
      email: 'New.Person@Test.example',
      name: 'New Person',
      role: 'agent',
    })
    expect(res.status).toBe(201)
    expect(res.body.data).toMatchObject({
      email: 'new.person@test.example',
      role: 'agent',
      status: 'invited',
    })
    const token = new URL(res.body.inviteUrl).hash.replace('#token=', '')
    expect(
      (await request(app).post('/api/auth/setup').send({ token, password: 'short' })).status,
    ).toBe(400)
    expect(
      (
        await request(app)
          .post('/api/auth/setup')
          .send({ token, password: 'my own long passphrase' })
      ).status,
    ).toBe(200)
    const signed = await request(app)
      .post('/api/auth/sign-in')
      .send({ email: 'new.person@test.example', password: 'my own long passphrase' })
    expect(signed.body.data.role).toBe('agent')
    expect(await auditCount('user.invited', res.body.data.id)).toBe(1)
    expect(await auditCount('auth.setup_completed', res.body.data.id)).toBe(1)
    expect(
      (
        await admin.post('/api/users', {
          email: 'new.person@test.example',
          name: 'Again',
          role: 'agent',
        })
      ).status,
    ).toBe(409)
  })

  it('ends the sessions of a deactivated user, and refuses self-demotion', async () => {
    const admin = await signInAs(app, t.ctx, 'admin')
    const agent = await signInAs(app, t.ctx, 'agent')
    const res = await admin.patch(`/api/users/${agent.user.id}`, { isActive: false })
    expect(res.body.data.status).toBe('deactivated')
    expect((await agent.get('/api/auth/me')).status).toBe(401)
    expect(
      (
        await request(app)
          .post('/api/auth/sign-in')
          .send({ email: agent.user.email, password: TEST_PASSWORD })
      ).status,
    ).toBe(401)
    expect(await auditCount('user.updated', agent.user.id)).toBe(1)
    expect((await admin.patch(`/api/users/${admin.user.id}`, { role: 'viewer' })).status).toBe(409)
  })
})

describe('setup links for existing users', () => {
  it('lets an admin issue a new link: sessions end, the new password replaces the old', async () => {
    const admin = await signInAs(app, t.ctx, 'admin')
    const agent = await signInAs(app, t.ctx, 'agent')
    const res = await admin.post(`/api/users/${agent.user.id}/setup-link`)
    expect(res.status).toBe(201)
    expect((await agent.get('/api/auth/me')).status).toBe(401)
    const token = new URL(res.body.setupUrl).hash.replace('#token=', '')
    expect(
      (
        await request(app)
          .post('/api/auth/setup')
          .send({ token, password: 'a brand new passphrase' })
      ).status,
    ).toBe(200)
    const signInWith = (password: string) =>
      request(app).post('/api/auth/sign-in').send({ email: agent.user.email, password })
    expect((await signInWith(TEST_PASSWORD)).status).toBe(401)
    expect((await signInWith('a brand new passphrase')).status).toBe(200)
    expect(await auditCount('user.setup_link_issued', agent.user.id)).toBe(1)
    expect((await admin.post(`/api/users/${admin.user.id}/setup-link`)).status).toBe(409)
  })
})

describe('audit log', () => {
  it('lets admins filter it, and no one change it', async () => {
    const admin = await signInAs(app, t.ctx, 'admin')
    const res = await admin.get(`/api/audit?action=auth.signed_in&actorId=${admin.user.id}`)
    expect(res.status).toBe(200)
    expect(res.body.data).toEqual([
      expect.objectContaining({
        action: 'auth.signed_in',
        actorId: admin.user.id,
        actorEmail: admin.user.email,
        ip: expect.any(String),
      }),
    ])
    const statements = [
      sql`update audit_events set action = 'x'`,
      sql`delete from audit_events`,
      sql`truncate audit_events`,
    ]
    for (const statement of statements) {
      const error = await t.ctx.db.execute(statement).then(
        () => null,
        (err: Error & { cause?: Error }) => err.cause ?? err,
      )
      expect(error?.message).toMatch(/audit_events is append-only/)
    }
  })
})
