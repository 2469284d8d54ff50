import { eq, inArray } from 'drizzle-orm'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DemoAccountsSchema } from '../../shared/schemas/demo-accounts.js'
import { hashPassword } from '../../server/auth/passwords.js'
import type { AppContext } from '../../server/context.js'
import { users } from '../../server/db/schema.js'
import { DEMO_PASSWORD, DEMO_USERS, seedDemoUsers } from '../../server/domain/users/users.js'
import { createApp } from '../../server/http/app.js'
import { createTestContext, type TestContext } from '../support/context.js'

let t: TestContext
beforeAll(async () => {
  t = await createTestContext()
})
afterAll(() => t?.close())

const demoEmails = DEMO_USERS.map((u) => u.email)

/** What the sign-in page reads, from an app whose config differs only by `demo` and `env`. */
async function demoAccounts(config: Partial<Pick<AppContext['config'], 'demo' | 'env'>> = {}) {
  const ctx = { ...t.ctx, config: { ...t.ctx.config, ...config } }
  const res = await request(createApp(ctx)).get('/api/auth/demo-accounts')
  expect(res.status).toBe(200)
  expect(res.headers['cache-control']).toBe('no-store')
  return DemoAccountsSchema.parse(res.body).data
}

describe('GET /api/auth/demo-accounts (public)', () => {
  it('offers nothing before the demo has created its accounts', async () => {
    expect(t.ctx.config.demo.enabled).toBe(true)
    expect(await demoAccounts()).toEqual({ accounts: [], password: null })
  })

  it('is not created in production, even with DEMO=on', async () => {
    const production = { ...t.ctx, config: { ...t.ctx.config, env: 'production' as const } }
    await seedDemoUsers(production)
    const rows = await t.ctx.db.select().from(users).where(inArray(users.email, demoEmails))
    expect(rows).toEqual([])
    expect(await demoAccounts()).toEqual({ accounts: [], password: null })
  })

  it('offers every demo account with its password once the demo created them', async () => {
    await seedDemoUsers(t.ctx)
    expect(await demoAccounts()).toEqual({
      accounts: DEMO_USERS.map(({ email, role }) => ({ email, role })),
      password: DEMO_PASSWORD,
    })
    // The password it gives signs in.
    const signedIn = await request(createApp(t.ctx))
      .post('/api/auth/sign-in')
      .send({ email: 'agent@kredo.example', password: DEMO_PASSWORD })
    expect(signedIn.status).toBe(200)
  })

  it('leaves out a deactivated account and one whose password was changed', async () => {
    await t.ctx.db
      .update(users)
      .set({ isActive: false })
      .where(eq(users.email, 'adviser@kredo.example'))
    await t.ctx.db
      .update(users)
      .set({ passwordHash: await hashPassword('a password of their own') })
      .where(eq(users.email, 'viewer@kredo.example'))
    const { accounts, password } = await demoAccounts()
    expect(accounts.map((a) => a.email)).toEqual(['admin@kredo.example', 'agent@kredo.example'])
    expect(password).toBe(DEMO_PASSWORD)
  })

  it('offers nothing, and never the password, when the demo is off or in production', async () => {
    expect(await demoAccounts({ demo: { enabled: false, speed: 20 } })).toEqual({
      accounts: [],
      password: null,
    })
    expect(await demoAccounts({ env: 'production' })).toEqual({ accounts: [], password: null })
  })
})
