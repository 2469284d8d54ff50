import crypto from 'node:crypto'
import { eq } from 'drizzle-orm'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyses, posts } from '../../server/db/schema.js'
import { signInAs } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { eventually, readHealth } from '../support/eventually.js'
import { makeBrand, makeWebhookSource, postInput } from '../support/factories.js'
import { freePort } from '../support/ports.js'
import { processEnv, spawnFirebreak, type FirebreakProcess } from '../support/processes.js'
import { startRedisServer, type RedisServer } from '../support/redis-server.js'
import { signedHeaders } from '../support/webhook.js'

const SECRET = 'whsec_' + Buffer.alloc(24, 3).toString('base64')

let redis: RedisServer
let t: TestContext
let api: FirebreakProcess
let worker: FirebreakProcess
let workerUrl: string

beforeAll(async () => {
  // No persistence: a restart comes back empty, as most Redis servers do.
  redis = await startRedisServer(['--appendonly', 'no'])
  const metricsPort = await freePort()
  workerUrl = `http://127.0.0.1:${metricsPort}`
  const env = await processEnv({
    REDIS_URL: redis.url,
    WORKER_METRICS_PORT: String(metricsPort),
    OUTBOX_SWEEP_MS: '1000',
  })
  t = await createTestContext(env)
  ;[api, worker] = await Promise.all([
    spawnFirebreak(['--role', 'api'], env),
    spawnFirebreak(['--role', 'worker'], env),
  ])
}, 60_000)

afterAll(async () => {
  await Promise.all([api?.stop(), worker?.stop()])
  await t?.close()
  await redis?.stop()
})

/** A mention delivered through the signed webhook, as a producer sends it. */
async function deliver(sourceId: string, externalId: string) {
  const post = postInput({ externalId })
  const body = JSON.stringify({
    type: 'mention.created',
    data: {
      id: post.externalId,
      source: post.network,
      url: post.url,
      created_at: post.postedAt,
      author: { id: post.author.externalId, handle: post.author.handle, followers: 10 },
      text: post.text,
      engagement: { likes: 1, replies: 0, shares: 0 },
    },
  })
  return request(api.url!)
    .post(`/api/ingest/webhook/${sourceId}`)
    .set(signedHeaders(body, `msg_${crypto.randomUUID()}`, SECRET))
    .send(body)
}

const analysed = async (externalId: string) =>
  (
    await t.ctx.db
      .select({ id: analyses.postId })
      .from(analyses)
      .innerJoin(posts, eq(posts.id, analyses.postId))
      .where(eq(posts.externalId, externalId))
  ).length > 0

describe('Redis killed without persistence, and started again empty', () => {
  it('is ridden out: 503 while away, schedules and pending work rebuilt, sessions say they ended', async () => {
    const brand = await makeBrand(t.ctx)
    const { source } = await makeWebhookSource(t.ctx, brand.id, SECRET)
    const viewer = await signInAs(api.url!, t.ctx, 'viewer')
    expect((await deliver(source.id, 'before-outage')).status).toBe(202)
    await eventually('the first post analysed', () => analysed('before-outage'))
    expect((await t.ctx.queues.rescore.getJobSchedulers()).map((s) => s.key)).toContain(
      'reach-refresh',
    )

    await redis.kill()
    for (const url of [api.url!, workerUrl]) {
      const health = await eventually('503 naming Redis', async () => {
        const h = await readHealth(url)
        return h?.status === 503 && h
      })
      expect(health.body).toMatchObject({
        checks: { database: 'ok', redis: expect.stringMatching(/^error: /) },
        dependencies: { redis: { up: false } },
        deadLetters: null,
      })
    }
    // A producer keeps delivering: the post is stored (PostgreSQL is the record), its analysis
    // waits in the outbox.
    expect((await deliver(source.id, 'during-outage')).status).toBe(202)

    await redis.start()
    for (const url of [api.url!, workerUrl]) {
      await eventually(
        '200 once Redis is back',
        async () => (await readHealth(url))?.status === 200,
      )
    }
    await eventually('the post stored during the outage analysed', () => analysed('during-outage'))
    // What lived only in Redis is written again: the reach refresh schedule.
    await eventually('the reach refresh scheduled again', async () =>
      (await t.ctx.queues.rescore.getJobSchedulers()).some((s) => s.key === 'reach-refresh'),
    )
    // Sessions lived in Redis: the console learns its session ended (and signs in again).
    const me = await viewer.get('/api/auth/me')
    expect(me.status).toBe(401)

    for (const process of [api, worker]) {
      expect(process.child.exitCode).toBeNull()
      const said = (msg: RegExp) => process.logs.filter((l) => msg.test(String(l.msg))).length
      expect(said(/^waiting for Redis/), process.diagnostics()).toBe(1)
      expect(said(/^Redis is back after/), process.diagnostics()).toBe(1)
      // A handful of lines for the outage, not hundreds.
      const warnings = process.logs.filter((l) => Number(l.level) >= 40)
      expect(warnings.length, JSON.stringify(warnings)).toBeLessThanOrEqual(3)
      expect(process.diagnostics()).not.toMatch(/Unhandled 'error' event|node:events/)
    }
  }, 120_000)
})
