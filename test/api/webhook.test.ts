import crypto from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import request from 'supertest'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Express } from 'express'
import { createApp } from '../../server/http/app.js'
import { posts, rejectedPayloads, webhookDeliveries } from '../../server/db/schema.js'
import type { BrandRow } from '../../server/db/repositories/brands.js'
import { signInAs } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, makeWebhookSource } from '../support/factories.js'
import { WEBHOOK_MANIFEST, deliveryBody, signedHeaders } from '../support/webhook.js'

let t: TestContext
let app: Express
let brand: BrandRow
let sourceId: string
const secret = WEBHOOK_MANIFEST.secret
const msgId = () => `msg_${crypto.randomBytes(8).toString('hex')}`

beforeAll(async () => {
  t = await createTestContext()
  app = createApp(t.ctx)
})
afterAll(() => t?.close())
beforeEach(async () => {
  brand = await makeBrand(t.ctx)
  sourceId = (await makeWebhookSource(t.ctx, brand.id, secret)).source.id
})

/** Everything a delivery could store, to prove a refused one stored nothing. */
async function stored() {
  const count = async (
    table: typeof posts | typeof rejectedPayloads | typeof webhookDeliveries,
    where: ReturnType<typeof eq>,
  ) =>
    (
      await t.ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(table)
        .where(where)
    )[0]!.n
  return {
    posts: await count(posts, eq(posts.brandId, brand.id)),
    rejections: await count(rejectedPayloads, eq(rejectedPayloads.sourceId, sourceId)),
    deliveries: await count(webhookDeliveries, eq(webhookDeliveries.sourceId, sourceId)),
  }
}

// supertest would JSON-encode a Buffer: send the exact bytes as a string.
const deliver = (body: Buffer | string, headers: Record<string, string>) =>
  request(app).post(`/api/ingest/webhook/${sourceId}`).set(headers).send(body.toString())

describe('POST /api/ingest/webhook/:sourceId', () => {
  it('accepts a validly signed mention and stores it once', async () => {
    const body = deliveryBody('01_mention_created_valid')
    const res = await deliver(body, signedHeaders(body, msgId(), secret))
    expect(res.body).toEqual({ data: { inserted: 1, duplicates: 0 } })
    expect(res.status).toBe(202)
    expect(res.body).toEqual({ data: { inserted: 1, duplicates: 0 } })
    const [post] = await t.ctx.db.select().from(posts).where(eq(posts.brandId, brand.id))
    expect(post).toMatchObject({
      network: 'forum.kloutusers.example',
      externalId: 'fm_01J9ZKX4Q7T2C8VN5R3M6YB0WD',
      threadKey: '88213',
      likes: 44,
    })

    // The same post under a new message id (another producer) is a duplicate, not a new post.
    const again = await deliver(body, signedHeaders(body, msgId(), secret))
    expect(again.body).toEqual({ data: { inserted: 0, duplicates: 1 } })
  })

  it('refuses a replayed webhook-id with 401 and stores nothing', async () => {
    const body = deliveryBody('01_mention_created_valid')
    const id = msgId()
    expect((await deliver(body, signedHeaders(body, id, secret))).status).toBe(202)
    const before = await stored()
    const replay = await deliver(body, signedHeaders(body, id, secret))
    expect(replay.status).toBe(401)
    expect(replay.body.error).toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/^Replayed delivery/),
    })
    expect(await stored()).toEqual(before)
  })

  it.each([
    [
      'a wrong signature',
      (b: Buffer) => ({ ...signedHeaders(b, msgId(), WEBHOOK_MANIFEST.retired_secret) }),
      /does not match/,
    ],
    [
      'a tampered body',
      (b: Buffer) =>
        signedHeaders(
          Buffer.from(b.toString().replace('"likes":44', '"likes":4400')),
          msgId(),
          secret,
        ),
      /does not match/,
    ],
    [
      'a stale timestamp',
      (b: Buffer) => signedHeaders(b, msgId(), secret, Math.floor(Date.now() / 1000) - 301),
      /old; the tolerance is 300 s/,
    ],
    [
      'a future timestamp',
      (b: Buffer) => signedHeaders(b, msgId(), secret, Math.floor(Date.now() / 1000) + 600),
      /in the future/,
    ],
    [
      'missing headers',
      () => ({ 'content-type': 'application/json' }),
      /Missing header: webhook-id, webhook-timestamp, webhook-signature/,
    ],
  ])('answers %s with 401 and a reason, storing nothing', async (_what, headersFor, reason) => {
    const body = deliveryBody('01_mention_created_valid')
    const res = await deliver(body, headersFor(body))
    expect(res.status).toBe(401)
    expect(res.body.error.message).toMatch(reason)
    expect(res.body.error.requestId).toEqual(res.headers['x-request-id'])
    expect(await stored()).toEqual({ posts: 0, rejections: 0, deliveries: 0 })
  })

  it('answers 401 for an unknown source', async () => {
    const body = deliveryBody('01_mention_created_valid')
    const res = await request(app)
      .post('/api/ingest/webhook/src_nope')
      .set(signedHeaders(body, msgId(), secret))
      .send(body)
    expect(res.status).toBe(401)
  })

  it('keeps a signed body that is not JSON as a rejection, with the reason and its text', async () => {
    const body = '{"type":"mention.created","data":{'
    const res = await deliver(body, signedHeaders(body, msgId(), secret))
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/^Malformed JSON: .*; it was kept as a rejection$/),
    })
    expect(await stored()).toEqual({ posts: 0, rejections: 1, deliveries: 0 })
  })

  it('reads a body that starts with a byte order mark', async () => {
    const body = `\uFEFF${deliveryBody('01_mention_created_valid').toString('utf8')}`
    const res = await deliver(body, signedHeaders(body, msgId(), secret))
    expect(res.status).toBe(202)
    expect(await stored()).toMatchObject({ posts: 1, rejections: 0 })
  })

  it('keeps a signed but invalid payload as a rejection, listed by the API', async () => {
    const body = JSON.stringify({
      type: 'mention.created',
      data: {
        id: 'x1',
        source: 'forum.example',
        text: 'hi',
        created_at: 'yesterday',
        author: { id: 'u', handle: 'h', followers: -3 },
      },
    })
    const res = await deliver(body, signedHeaders(body, msgId(), secret))
    expect(res.status).toBe(400)
    expect(res.body.error.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'data.author.followers' })]),
    )
    expect(await stored()).toMatchObject({ posts: 0, rejections: 1 })
    const admin = await signInAs(app, t.ctx, 'admin')
    const listed = await admin.get('/api/rejections?channel=webhook')
    expect(listed.status).toBe(200)
    expect(
      listed.body.data.find((r: { sourceId: string }) => r.sourceId === sourceId),
    ).toMatchObject({
      channel: 'webhook',
      reason: expect.stringContaining('data.author.followers'),
      payload: body,
    })
  })

  it('marks a post deleted on mention.deleted', async () => {
    const created = deliveryBody('02_reply_created_rotating_keys')
    expect((await deliver(created, signedHeaders(created, msgId(), secret))).status).toBe(202)
    const deleted = deliveryBody('03_mention_deleted_valid')
    const res = await deliver(deleted, signedHeaders(deleted, msgId(), secret))
    expect(res.body).toEqual({ data: { deleted: true } })
    const [post] = await t.ctx.db.select().from(posts).where(eq(posts.brandId, brand.id))
    expect(post!.deletedAt).toBeInstanceOf(Date)
  })
})
