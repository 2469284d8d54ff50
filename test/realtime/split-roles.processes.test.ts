import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { signInAs } from '../support/auth.js'
import { makeBrand, makeWebhookSource } from '../support/factories.js'
import { processEnv, spawnFirebreak, type FirebreakProcess } from '../support/processes.js'
import { connectConsole, waitForEvent } from '../support/server.js'
import { WEBHOOK_MANIFEST, deliveryBody, signedHeaders } from '../support/webhook.js'

let t: TestContext
const processes: FirebreakProcess[] = []

beforeAll(async () => {
  const env = await processEnv()
  t = await createTestContext(env)
  processes.push(
    ...(await Promise.all([
      spawnFirebreak(['--role', 'api'], env),
      spawnFirebreak(['--role', 'api'], env),
      spawnFirebreak(['--role', 'worker'], env),
    ])),
  )
})
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()))
  await t?.close()
})

describe('roles split across processes', () => {
  it('delivers an event from the worker process to consoles on both API processes', async () => {
    const [api1, api2] = processes
    const brand = await makeBrand(t.ctx)
    const { source } = await makeWebhookSource(t.ctx, brand.id, WEBHOOK_MANIFEST.secret)
    // Sessions live in Redis: signing in through one server is signing in on all of them.
    const viewer = await signInAs(api1!.url!, t.ctx, 'viewer')
    const consoles = await Promise.all(
      [api1!.url!, api2!.url!].map((url) =>
        connectConsole(url, { brandId: brand.id }, { cookie: viewer.cookie }),
      ),
    )
    const received = consoles.map((socket) => waitForEvent(socket, 'complaint.scored'))

    const body = deliveryBody('01_mention_created_valid')
    const res = await request(api1!.url!)
      .post(`/api/ingest/webhook/${source.id}`)
      .set(signedHeaders(body, `msg_${crypto.randomUUID()}`, WEBHOOK_MANIFEST.secret))
      .send(body.toString())
    expect(res.status).toBe(202)

    const events = await Promise.all(received)
    for (const event of events) {
      expect(event).toMatchObject({
        seq: 1,
        brandId: brand.id,
        data: { lead: { externalId: 'fm_01J9ZKX4Q7T2C8VN5R3M6YB0WD' } },
      })
    }
    consoles.forEach((socket) => socket.close())
  })

  it('refuses to split roles on the embedded database, saying what to set', async () => {
    await expect(spawnFirebreak(['--role', 'api'], { DATABASE_URL: '' })).rejects.toThrow(
      /Split roles need PostgreSQL.*Set DATABASE_URL=/s,
    )
  })

  it('shuts every role down cleanly on SIGTERM', async () => {
    const codes = await Promise.all(processes.map((p) => p.stop('SIGTERM')))
    expect(codes).toEqual([0, 0, 0])
  })
})
