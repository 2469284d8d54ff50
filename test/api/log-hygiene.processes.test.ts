import crypto from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sources, users } from '../../server/db/schema.js'
import { TEST_PASSWORD, makeUser, signIn } from '../support/auth.js'
import { createTestContext, TEST_SECRETS_KEY, type TestContext } from '../support/context.js'
import { makeBrand, postInput } from '../support/factories.js'
import { processEnv, spawnFirebreak, type FirebreakProcess } from '../support/processes.js'
import { signedHeaders } from '../support/webhook.js'

let t: TestContext
let api: FirebreakProcess
let worker: FirebreakProcess

beforeAll(async () => {
  // Everything a process can say, at the most talkative level.
  const env = await processEnv({ LOG_LEVEL: 'trace' })
  t = await createTestContext(env)
  ;[api, worker] = await Promise.all([
    spawnFirebreak(['--role', 'api'], { ...env, LOG_LEVEL: 'trace' }),
    spawnFirebreak(['--role', 'worker'], { ...env, LOG_LEVEL: 'trace' }),
  ])
}, 60_000)
afterAll(async () => {
  await Promise.all([api?.stop(), worker?.stop()])
  await t?.close()
})

describe('what the processes write', () => {
  it('holds no password, hash, session, CSRF or setup token, secret, or statement parameters', async () => {
    const url = api.url!
    const secrets: Record<string, string> = { 'the secrets key': TEST_SECRETS_KEY }

    // Accounts: a sign-in, a failed one, a setup link used, a new password, a sign-out.
    const admin = await signIn(url, await makeUser(t.ctx, 'admin'))
    secrets['a session cookie'] = admin.cookie.split('=')[1]!
    secrets['a CSRF token'] = admin.csrf
    secrets['a password'] = TEST_PASSWORD
    await request(url)
      .post('/api/auth/sign-in')
      .send({ email: admin.user.email, password: 'wrong!' })
    const agent = await makeUser(t.ctx, 'agent')
    const link = await admin.post(`/api/users/${agent.id}/setup-link`)
    const token = String(link.body.setupUrl ?? '').split('#token=')[1]
    expect(token).toBeTruthy()
    secrets['a setup token'] = token!
    const newPassword = `new password ${crypto.randomUUID()}`
    secrets['a new password'] = newPassword
    expect(
      (await request(url).post('/api/auth/setup').send({ token, password: newPassword })).status,
    ).toBe(200)
    const [{ passwordHash }] = (await t.ctx.db
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, agent.id))) as [{ passwordHash: string }]
    secrets['a password hash'] = passwordHash

    // A webhook source: its generated secret, a rotated one, and deliveries signed with it.
    const brand = await makeBrand(t.ctx)
    const created = await admin.post(`/api/brands/${brand.id}/sources/webhook`, { name: 'Bridge' })
    const sourceId = created.body.data.id as string
    const secret = created.body.secret as string
    secrets['a webhook secret'] = secret
    const rotated = `whsec_${crypto.randomBytes(24).toString('base64')}`
    secrets['a rotated webhook secret'] = rotated
    await admin.put(`/api/sources/${sourceId}/credentials`, { webhookSecrets: [rotated, secret] })
    const [{ sealed }] = (await t.ctx.db
      .select({ sealed: sources.secretsCiphertext })
      .from(sources)
      .where(eq(sources.id, sourceId))) as [{ sealed: string }]
    secrets['a sealed secret envelope'] = sealed
    const post = postInput({ text: `A post text that is nobody's log line ${crypto.randomUUID()}` })
    secrets['a post text'] = post.text
    const body = JSON.stringify({
      type: 'mention.created',
      data: {
        id: post.externalId,
        source: post.network,
        created_at: post.postedAt,
        text: post.text,
        author: { id: post.author.externalId, handle: post.author.handle },
      },
    })
    const delivered = await request(url)
      .post(`/api/ingest/webhook/${sourceId}`)
      .set(signedHeaders(body, `msg_${crypto.randomUUID()}`, rotated))
      .send(body)
    expect(delivered.status).toBe(202)
    // A delivery that fails validation is kept, and its text must not reach a log either.
    await request(url)
      .post(`/api/ingest/webhook/${sourceId}`)
      .set(signedHeaders(`${body.slice(0, 60)}`, `msg_${crypto.randomUUID()}`, rotated))
      .send(body.slice(0, 60))
    // A statement that fails, with a password hash and a name among its parameters: the
    // server logs the failure (a 500), and must log its cause, not its parameters.
    await t.ctx.db.execute(sql`
      create function refuse_boom() returns trigger language plpgsql as $$
      begin
        if new.name = 'boom' then raise exception 'refused by the test'; end if;
        return new;
      end $$`)
    await t.ctx.db.execute(sql`
      create trigger refuse_boom before update on users for each row execute function refuse_boom()`)
    const viewer = await makeUser(t.ctx, 'viewer')
    const again = await admin.post(`/api/users/${viewer.id}/setup-link`)
    const failing = await request(url)
      .post('/api/auth/setup')
      .send({
        token: String(again.body.setupUrl).split('#token=')[1],
        name: 'boom',
        password: newPassword,
      })
    expect(failing.status).toBe(500)
    await api.waitForLog((l) => l.msg === 'unhandled error')
    await admin.post('/api/auth/sign-out')

    const written = [api, worker]
      .map((p) => `${p.output.join('\n')}\n${p.diagnostics()}`)
      .join('\n')
    expect(written.length).toBeGreaterThan(1000)
    const found = Object.entries(secrets)
      .filter(([, value]) => value && written.includes(value))
      .map(([what]) => what)
    expect(found).toEqual([])
    // No failed statement is written out with its text or parameters (the hash it carried).
    expect(written).toContain('refused by the test')
    expect(written).not.toMatch(/Failed query|params:|scrypt\$/)
  })
})
