import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq, sql } from 'drizzle-orm'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { posts, sources } from '../../server/db/schema.js'
import { importFile } from '../../server/domain/ingest/import-file.js'
import { upsertSource } from '../../server/domain/sources/sources.js'
import { createApp } from '../../server/http/app.js'
import { pollSource } from '../../workers/processors/poll-source.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, makeWebhookSource, postInput } from '../support/factories.js'
import { WEBHOOK_MANIFEST, signedHeaders } from '../support/webhook.js'

let t: TestContext
beforeAll(async () => {
  t = await createTestContext()
})
afterAll(() => t?.close())

describe('the same post through every channel', () => {
  it('is stored once whether it comes by webhook, import or replay', async () => {
    const brand = await makeBrand(t.ctx)
    const post = postInput({
      network: 'forum.kloutusers.example',
      externalId: 'fm_same',
      threadId: '88213',
    })
    const countPosts = async () =>
      (
        await t.ctx.db
          .select({ n: sql<number>`count(*)::int` })
          .from(posts)
          .where(eq(posts.brandId, brand.id))
      )[0]!.n

    const { source } = await makeWebhookSource(t.ctx, brand.id, WEBHOOK_MANIFEST.secret)
    const body = JSON.stringify({
      type: 'mention.created',
      data: {
        id: post.externalId,
        source: post.network,
        created_at: post.postedAt,
        text: post.text,
        author: { id: post.author.externalId, handle: post.author.handle, followers: 10 },
      },
    })
    const res = await request(createApp(t.ctx))
      .post(`/api/ingest/webhook/${source.id}`)
      .set(signedHeaders(body, 'msg_same_1', WEBHOOK_MANIFEST.secret))
      .send(body)
    expect(res.body).toEqual({ data: { inserted: 1, duplicates: 0 } })

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fb-same-')), 'same.jsonl')
    fs.writeFileSync(file, `${JSON.stringify(post)}\n`)
    expect(await importFile(t.ctx, { brandId: brand.id, file, format: 'jsonl' })).toMatchObject({
      inserted: 0,
      duplicates: 1,
    })

    await upsertSource(t.ctx.db, {
      id: 'src_replay_same',
      brandId: brand.id,
      kind: 'replay',
      name: 'same',
      config: { path: file, speed: 1 },
    })
    expect(await pollSource(t.ctx, { sourceId: 'src_replay_same' })).toBe(0)
    const [replay] = await t.ctx.db.select().from(sources).where(eq(sources.id, 'src_replay_same'))
    expect(replay!.cursor).toMatchObject({ line: 1, done: true })
    expect(await countPosts()).toBe(1)
  })
})
