import crypto from 'node:crypto'
import { eq } from 'drizzle-orm'
import { Cluster } from 'ioredis'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyses, posts } from '../../server/db/schema.js'
import { mastersOf } from '../../server/queue/redis.js'
import { brandRoom, socketChannelKey } from '../../server/realtime/publisher.js'
import { signIn, signInAs, makeUser, type SignedIn } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { eventually } from '../support/eventually.js'
import { makeBrand, makeWebhookSource } from '../support/factories.js'
import { processEnv, spawnFirebreak, type FirebreakProcess } from '../support/processes.js'
import { startRedisCluster, type RedisCluster } from '../support/redis-cluster.js'
import { connectConsole, startApiServer, waitForEvent, type ApiServer } from '../support/server.js'
import { WEBHOOK_MANIFEST, deliveryBody, signedHeaders } from '../support/webhook.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'

const LEAD = 'fm_01J9ZKX4Q7T2C8VN5R3M6YB0WD'

let cluster: RedisCluster
let t: TestContext
let workers: WorkersHandle
let api: ApiServer
let viewer: SignedIn

beforeAll(async () => {
  cluster = await startRedisCluster(3)
  t = await createTestContext({ REDIS_CLUSTER_NODES: cluster.nodes })
  workers = await startWorkers(t.ctx)
  api = await startApiServer(t)
  viewer = await signInAs(api.url, t.ctx, 'viewer')
})
afterAll(async () => {
  await api?.close()
  await workers?.close()
  await t?.close()
  await cluster?.stop()
})

/** Every key under the test's prefix, on whichever master holds it. */
async function keysByMaster(): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>()
  for (const node of mastersOf(t.ctx.redis)) {
    const keys = await node.keys(`${t.ctx.config.queuePrefix}:*`)
    if (keys.length) found.set(`${node.options.host}:${node.options.port}`, keys)
  }
  return found
}

/** How many sharded subscriptions `channel` has, summed over the masters. */
async function shardSubscribers(channel: string): Promise<number> {
  let count = 0
  for (const node of mastersOf(t.ctx.redis)) {
    const [, n] = (await node.call('pubsub', 'shardnumsub', channel)) as [string, number]
    count += n
  }
  return count
}

/** Delivers the fixture mention, signed, to a webhook source of a new brand. */
async function deliver(url: string, brandId: string) {
  const { source } = await makeWebhookSource(t.ctx, brandId, WEBHOOK_MANIFEST.secret)
  const body = deliveryBody('01_mention_created_valid')
  return request(url)
    .post(`/api/ingest/webhook/${source.id}`)
    .set(signedHeaders(body, `msg_${crypto.randomUUID()}`, WEBHOOK_MANIFEST.secret))
    .send(body.toString())
}

describe('Firebreak on a three-master Redis Cluster', () => {
  it('connects through a Cluster client under a hash-tagged prefix', () => {
    expect(t.ctx.redis).toBeInstanceOf(Cluster)
    expect(t.ctx.config.queuePrefix).toMatch(/^\{fbtest-[0-9a-f]+\}$/)
    expect(mastersOf(t.ctx.redis)).toHaveLength(3)
  })

  it('takes a signed webhook delivery through the queues to a signed-in console', async () => {
    const brand = await makeBrand(t.ctx)
    const socket = await connectConsole(api.url, { brandId: brand.id }, { cookie: viewer.cookie })
    const scored = waitForEvent(socket, 'complaint.scored')

    // The adapter listens on the brand room's own sharded channel (SSUBSCRIBE), on its master.
    const channel = `${socketChannelKey(t.ctx.config.queuePrefix)}#/#${brandRoom(brand.id)}#`
    expect(channel).not.toContain('{')
    await eventually(
      'the brand channel subscribed',
      async () => (await shardSubscribers(channel)) === 1,
    )

    const res = await deliver(api.url, brand.id)
    expect(res.status).toBe(202)
    expect(res.body).toEqual({ data: { inserted: 1, duplicates: 0 } })

    // Pushed by the worker through SPUBLISH to the sharded adapter, once analysed.
    const event = await scored
    expect(event).toMatchObject({ seq: 1, brandId: brand.id, data: { lead: { externalId: LEAD } } })
    const [post] = await t.ctx.db.select().from(posts).where(eq(posts.brandId, brand.id))
    expect(post).toMatchObject({ externalId: LEAD })
    const analysed = await t.ctx.db.select().from(analyses).where(eq(analyses.postId, post!.id))
    expect(analysed).toHaveLength(1)
    expect(analysed[0]!.isComplaint).toBe(true)
    socket.close()
  })

  it('keeps every key of the install (queues, sessions, limiter, claim) in one slot', async () => {
    const byMaster = await keysByMaster()
    expect(byMaster.size).toBe(1)
    const keys = [...byMaster.values()][0]!
    const prefix = t.ctx.config.queuePrefix
    for (const kind of [':analyze:', ':session:', ':login-account', ':instance']) {
      expect(keys.some((key) => key.startsWith(`${prefix}${kind}`))).toBe(true)
    }
    const slots = new Set(
      await Promise.all(keys.map((key) => t.ctx.redis.call('cluster', 'keyslot', key))),
    )
    expect(slots.size).toBe(1)
  })

  it('drops the sockets of a session signed out elsewhere (a sharded disconnect)', async () => {
    const brand = await makeBrand(t.ctx)
    const agent = await makeUser(t.ctx, 'agent')
    const [tab, elsewhere] = await Promise.all([signIn(api.url, agent), signIn(api.url, agent)])
    const [socket, other] = await Promise.all(
      [tab!, elsewhere!].map((s) =>
        connectConsole(api.url, { brandId: brand.id }, { cookie: s.cookie }),
      ),
    )
    const dropped = new Promise<string>((resolve) => socket!.on('disconnect', resolve))
    const started = Date.now()
    expect((await tab!.post('/api/auth/sign-out')).status).toBe(204)
    expect(await dropped).toBe('io server disconnect')
    // By the pushed disconnect, not by the periodic session check (every 30 s).
    expect(Date.now() - started).toBeLessThan(2000)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(other!.connected).toBe(true)
    other!.close()
  })
})

describe('split roles on the cluster', () => {
  const processes: FirebreakProcess[] = []
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()))
  })

  it('delivers an event from a worker process to a console on an API process', async () => {
    // A database and prefix of their own, on the same cluster; REDIS_URL unset in the children.
    const env = await processEnv({ REDIS_CLUSTER_NODES: cluster.nodes, REDIS_URL: '' })
    const own = await createTestContext(env)
    try {
      processes.push(
        ...(await Promise.all([
          spawnFirebreak(['--role', 'api'], env),
          spawnFirebreak(['--role', 'worker'], env),
        ])),
      )
      const apiUrl = processes[0]!.url!
      const brand = await makeBrand(own.ctx)
      const someone = await signInAs(apiUrl, own.ctx, 'viewer')
      const socket = await connectConsole(apiUrl, { brandId: brand.id }, { cookie: someone.cookie })
      const scored = waitForEvent(socket, 'complaint.scored')
      const { source } = await makeWebhookSource(own.ctx, brand.id, WEBHOOK_MANIFEST.secret)
      const body = deliveryBody('01_mention_created_valid')
      const res = await request(apiUrl)
        .post(`/api/ingest/webhook/${source.id}`)
        .set(signedHeaders(body, `msg_${crypto.randomUUID()}`, WEBHOOK_MANIFEST.secret))
        .send(body.toString())
      expect(res.status).toBe(202)
      expect(await scored).toMatchObject({
        brandId: brand.id,
        data: { lead: { externalId: LEAD } },
      })
      socket.close()
      const codes = await Promise.all(processes.splice(0).map((p) => p.stop('SIGTERM')))
      expect(codes).toEqual([0, 0])
    } finally {
      await own.close()
    }
  })
})
