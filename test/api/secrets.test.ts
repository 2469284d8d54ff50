import { Writable } from 'node:stream'
import type { Express } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sources } from '../../server/db/schema.js'
import { ROUTE_REGISTRY } from '../../server/http/access.js'
import { createApp } from '../../server/http/app.js'
import { createLogger } from '../../server/lib/logger.js'
import { mastersOf, type RedisClient } from '../../server/queue/redis.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { ROLES } from '../../shared/roles.js'
import { signInAs } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand } from '../support/factories.js'
import { waitForAnalysis } from '../support/wait.js'
import { deliveryBody, signedHeaders } from '../support/webhook.js'
import request from 'supertest'
import { outbox } from '../../server/db/schema.js'
import { desc } from 'drizzle-orm'

/** A credential nobody would type by accident: if it shows up anywhere, it leaked. */
const CANARY = `whsec_${Buffer.from('CANARY-firebreak-do-not-leak-0123').toString('base64')}`
const CANARY_CORE = CANARY.slice(6, 30)

let t: TestContext
let app: Express
let workers: WorkersHandle
const logLines: string[] = []

beforeAll(async () => {
  t = await createTestContext()
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk))
      done()
    },
  })
  t.ctx.logger = createLogger('trace', { destination: sink })
  app = createApp(t.ctx)
  workers = await startWorkers(t.ctx)
})
afterAll(async () => {
  await workers?.close()
  await t?.close()
})

/** Every value stored under the test's Redis prefix, whatever its type. */
async function dumpRedis(client: RedisClient, prefix: string): Promise<string> {
  const out: string[] = []
  for (const redis of mastersOf(client)) {
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
      for (const key of keys) {
        out.push(key)
        const type = await redis.type(key)
        if (type === 'string') out.push((await redis.get(key)) ?? '')
        else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)))
        else if (type === 'list') out.push(JSON.stringify(await redis.lrange(key, 0, -1)))
        else if (type === 'set') out.push(JSON.stringify(await redis.smembers(key)))
        else if (type === 'zset') out.push(JSON.stringify(await redis.zrange(key, 0, -1)))
        else if (type === 'stream') out.push(JSON.stringify(await redis.xrange(key, '-', '+')))
      }
      cursor = next
    } while (cursor !== '0')
  }
  return out.join('\n')
}

describe('a canary secret saved as a source credential', () => {
  it('appears in no API response, log line or Redis key', async () => {
    const brand = await makeBrand(t.ctx)
    const admin = await signInAs(app, t.ctx, 'admin')
    const responses: string[] = []

    const created = await admin.post(`/api/brands/${brand.id}/sources/webhook`, {
      name: 'Canary',
      secret: CANARY,
    })
    expect(created.status).toBe(201)
    responses.push(JSON.stringify(created.body), JSON.stringify(created.headers))
    const sourceId = created.body.data.id as string
    const rotated = await admin.put(`/api/sources/${sourceId}/credentials`, {
      webhookSecrets: [CANARY, CANARY],
    })
    expect(rotated.status).toBe(200)
    responses.push(JSON.stringify(rotated.body))

    // The secret is in use: a delivery signed with it is accepted and flows through the workers.
    const body = deliveryBody('01_mention_created_valid')
    const delivered = await request(app)
      .post(`/api/ingest/webhook/${sourceId}`)
      .set(signedHeaders(body, 'msg_canary_1', CANARY))
      .send(body.toString())
    expect(delivered.status).toBe(202)
    const [row] = await t.ctx.db
      .select({ id: outbox.id })
      .from(outbox)
      .orderBy(desc(outbox.id))
      .limit(1)
    await waitForAnalysis(t.ctx, [row!.id])

    const params: Record<string, string> = { brandId: brand.id, sourceId, userId: admin.user.id }
    for (const role of ROLES) {
      const client = role === 'admin' ? admin : await signInAs(app, t.ctx, role)
      for (const spec of ROUTE_REGISTRY.values()) {
        if (spec.method !== 'get') continue
        const res = await client.get(
          spec.path.replace(/:(\w+)/g, (_, name: string) => params[name]!),
        )
        responses.push(JSON.stringify(res.body ?? res.text))
      }
      responses.push(JSON.stringify((await client.get('/api/auth/me')).body))
    }

    const [stored] = await t.ctx.db.select().from(sources)
    const haystacks = {
      'API responses': responses.join('\n'),
      'log lines': logLines.join(''),
      'Redis keys and values': await dumpRedis(t.ctx.redis, t.ctx.config.queuePrefix),
      'the stored ciphertext': stored!.secretsCiphertext ?? '',
    }
    expect(logLines.length).toBeGreaterThan(5)
    for (const [where, text] of Object.entries(haystacks)) {
      expect({ where, leaked: text.includes(CANARY_CORE) }).toEqual({ where, leaked: false })
    }
  })
})
