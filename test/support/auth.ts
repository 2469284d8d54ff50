import crypto from 'node:crypto'
import type { Express } from 'express'
import request from 'supertest'
import type { Role } from '../../shared/roles.js'
import { hashPassword } from '../../server/auth/passwords.js'
import type { AppContext } from '../../server/context.js'
import { users } from '../../server/db/schema.js'
import type { UserRow } from '../../server/db/repositories/users.js'

export const TEST_PASSWORD = 'correct horse battery staple'
let passwordHash: Promise<string> | null = null

/** A user with a password, of a given role (the hash is computed once per test file). */
export async function makeUser(
  ctx: AppContext,
  role: Role,
  overrides: Partial<UserRow> = {},
): Promise<UserRow> {
  passwordHash ??= hashPassword(TEST_PASSWORD)
  const [row] = await ctx.db
    .insert(users)
    .values({
      email: `${role}-${crypto.randomBytes(5).toString('hex')}@test.example`,
      name: `Test ${role}`,
      role,
      passwordHash: await passwordHash,
      ...overrides,
    })
    .returning()
  return row!
}

/** A browser-like client signed in as `user`: it keeps the session cookie and sends the CSRF token. */
export interface SignedIn {
  user: UserRow
  cookie: string
  csrf: string
  get(path: string): request.Test
  post(path: string, body?: object): request.Test
  put(path: string, body?: object): request.Test
  patch(path: string, body?: object): request.Test
  delete(path: string): request.Test
}

export async function signIn(app: Express | string, user: UserRow): Promise<SignedIn> {
  const res = await request(app)
    .post('/api/auth/sign-in')
    .send({ email: user.email, password: TEST_PASSWORD })
  if (res.status !== 200)
    throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`)
  const cookie = (res.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!
  const csrf = res.body.csrfToken as string
  const withSession = (test: request.Test) => test.set('cookie', cookie).set('x-csrf-token', csrf)
  return {
    user,
    cookie,
    csrf,
    get: (path) => request(app).get(path).set('cookie', cookie),
    post: (path, body) => withSession(request(app).post(path)).send(body),
    put: (path, body) => withSession(request(app).put(path)).send(body),
    patch: (path, body) => withSession(request(app).patch(path)).send(body),
    delete: (path) => withSession(request(app).delete(path)),
  }
}

/** Signs in a fresh user of each role. */
export async function signInAs(
  app: Express | string,
  ctx: AppContext,
  role: Role,
): Promise<SignedIn> {
  return signIn(app, await makeUser(ctx, role))
}
