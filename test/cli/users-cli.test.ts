import { spawnSync } from 'node:child_process'
import path from 'node:path'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../server/http/app.js'
import { makeUser } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { processEnv } from '../support/processes.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
let t: TestContext
let env: Record<string, string>
beforeAll(async () => {
  env = await processEnv()
  t = await createTestContext(env)
})
afterAll(() => t?.close())

const runUsers = (...args: string[]) =>
  spawnSync(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), 'server/cli/users.ts', ...args],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, PUBLIC_URL: 'https://firebreak.example' },
      encoding: 'utf8',
    },
  )

describe('npm run users -- setup-link EMAIL', () => {
  it('prints a working one-time link for a locked-out admin', async () => {
    const admin = await makeUser(t.ctx, 'admin')
    const run = runUsers('setup-link', admin.email)
    expect(run.status).toBe(0)
    const link = run.stdout.trim()
    expect(link).toMatch(/^https:\/\/firebreak\.example\/setup#token=[A-Za-z0-9_-]{43}$/)
    const token = link.split('#token=')[1]
    const res = await request(createApp(t.ctx))
      .post('/api/auth/setup')
      .send({ token, password: 'recovered passphrase' })
    expect(res.status).toBe(200)
  })

  it('says how to use it, and names an unknown email', () => {
    expect(runUsers().stderr).toMatch(/Usage: npm run users -- setup-link EMAIL/)
    const unknown = runUsers('setup-link', 'nobody@nowhere.example')
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toMatch(/no user with email nobody@nowhere\.example/)
  })
})
