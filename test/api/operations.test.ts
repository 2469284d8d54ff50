import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../server/http/app.js'
import { createOperationsApp } from '../../server/http/operations-app.js'
import { createRedis } from '../../server/queue/redis.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { signInAs } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, makePost } from '../support/factories.js'
import { freePort } from '../support/ports.js'

let t: TestContext
beforeAll(async () => {
  t = await createTestContext()
})
afterAll(() => t?.close())

describe('GET /healthz', () => {
  it('answers 200 when the database and Redis answer', async () => {
    const res = await request(createApp(t.ctx)).get('/healthz')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'ok', checks: { database: 'ok', redis: 'ok' } })
  })

  it('answers 503 naming Redis when Redis does not answer', async () => {
    const deadRedis = createRedis(`redis://127.0.0.1:${await freePort()}`, 'producer', {
      retryStrategy: () => null,
    })
    deadRedis.on('error', () => {})
    try {
      const res = await request(createApp({ ...t.ctx, redis: deadRedis })).get('/healthz')
      expect(res.status).toBe(503)
      expect(res.body).toMatchObject({
        status: 'unavailable',
        checks: { database: 'ok', redis: expect.stringMatching(/^error: /) },
      })
    } finally {
      deadRedis.disconnect()
    }
  })
})

describe('a Redis outage', () => {
  it('makes requests that need Redis answer 503 with Retry-After, not 500', async () => {
    const deadRedis = createRedis(`redis://127.0.0.1:${await freePort()}`, 'producer', {
      retryStrategy: () => null,
    })
    deadRedis.on('error', () => {})
    const { createSessionStore } = await import('../../server/auth/sessions.js')
    try {
      const app = createApp({
        ...t.ctx,
        sessions: createSessionStore(deadRedis, 'x', { idleSeconds: 60, maxSeconds: 60 }),
      })
      const res = await request(app).get('/api/auth/me').set('cookie', 'firebreak=some-session')
      expect(res.status).toBe(503)
      expect(res.headers['retry-after']).toBe('5')
      expect(res.body.error.code).toBe('unavailable')
    } finally {
      deadRedis.disconnect()
    }
  })
})

describe('GET /metrics, on the operators’ port', () => {
  it('exposes pipeline counters and queue depth in Prometheus format', async () => {
    const brand = await makeBrand(t.ctx)
    const post = makePost()
    await ingestPosts(t.ctx, { brandId: brand.id, channel: 'import', posts: [post, post] })
    // Not on the public port: anyone could read it there.
    expect((await request(createApp(t.ctx)).get('/metrics')).status).not.toBe(200)
    const res = await request(createOperationsApp(t.ctx)).get('/metrics')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/plain/)
    expect(res.text).toMatch(/^firebreak_posts_ingested_total\{channel="import"\} 1$/m)
    expect(res.text).toMatch(/^firebreak_posts_duplicate_total\{channel="import"\} 1$/m)
    expect(res.text).toMatch(/^# TYPE firebreak_posts_rejected_total counter$/m)
    expect(res.text).toMatch(/^# TYPE firebreak_posts_analyzed_total counter$/m)
    expect(res.text).toMatch(/^firebreak_queue_jobs\{queue="analyze",state="waiting"\} 1$/m)
  })
})

describe('errors', () => {
  it('answers unknown API routes and bad input with JSON errors, never 500', async () => {
    const app = createApp(t.ctx)
    const admin = await signInAs(app, t.ctx, 'admin')
    const missing = await admin.get('/api/nope')
    expect(missing.status).toBe(404)
    expect(missing.body.error).toMatchObject({
      code: 'not_found',
      requestId: missing.headers['x-request-id'],
    })
    const bad = await admin.get('/api/brands/not-a-uuid/complaints?limit=9999')
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['brandId'])
    const badQuery = await admin.get(
      `/api/brands/${(await makeBrand(t.ctx)).id}/complaints?limit=0`,
    )
    expect(badQuery.status).toBe(400)
    expect(badQuery.body.error.issues[0]).toMatchObject({ path: 'limit' })
  })
})
