import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, eq, inArray } from 'drizzle-orm'
import type { Express } from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authors, posts } from '../../server/db/schema.js'
import { importFile } from '../../server/domain/ingest/import-file.js'
import { CSV_COLUMNS } from '../../server/domain/ingest/post-records.js'
import { createApp } from '../../server/http/app.js'
import { signInAs } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, makeWebhookSource } from '../support/factories.js'
import { hostileCorpus, hostileWebhookBody } from '../support/hostile-corpus.js'
import { WEBHOOK_MANIFEST, signedHeaders } from '../support/webhook.js'

let t: TestContext
let app: Express
const corpus = hostileCorpus()
beforeAll(async () => {
  t = await createTestContext()
  app = createApp(t.ctx)
})
afterAll(() => t?.close())

async function storedTexts(brandId: string) {
  const rows = await t.ctx.db
    .select({
      externalId: posts.externalId,
      text: posts.text,
      url: posts.url,
      handle: authors.handle,
      displayName: authors.displayName,
    })
    .from(posts)
    .innerJoin(authors, eq(authors.id, posts.authorId))
    .where(
      and(
        eq(posts.brandId, brandId),
        inArray(
          posts.externalId,
          corpus.map((c) => c.post.externalId),
        ),
      ),
    )
  return new Map(rows.map((r) => [r.externalId, r]))
}

function expectAllStored(stored: Awaited<ReturnType<typeof storedTexts>>) {
  expect([...stored.keys()].sort()).toEqual(corpus.map((c) => c.post.externalId).sort())
  for (const entry of corpus) {
    const row = stored.get(entry.post.externalId)!
    expect({ name: entry.name, same: row.text === entry.storedText }).toEqual({
      name: entry.name,
      same: true,
    })
    expect(row.url === null || /^https?:\/\//.test(row.url)).toBe(true)
  }
  expect(stored.get('hostile-author-xss')!.handle).toBe('"><script>window.__pwned=1</script>')
  expect(stored.get('hostile-javascript-link')!.url).toBeNull()
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
}

describe('the hostile-input corpus', () => {
  it('is stored whole through the signed webhook, and pollutes nothing', async () => {
    const brand = await makeBrand(t.ctx)
    const { source } = await makeWebhookSource(t.ctx, brand.id, WEBHOOK_MANIFEST.secret)
    for (const [i, entry] of corpus.entries()) {
      const body = hostileWebhookBody(entry)
      const res = await request(app)
        .post(`/api/ingest/webhook/${source.id}`)
        .set(signedHeaders(body, `msg_hostile_${i}`, WEBHOOK_MANIFEST.secret))
        .send(body)
      expect({ name: entry.name, status: res.status }).toEqual({ name: entry.name, status: 202 })
    }
    expectAllStored(await storedTexts(brand.id))
  })

  it('is stored whole through the JSONL and CSV importers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fb-hostile-'))
    const jsonl = path.join(dir, 'hostile.jsonl')
    fs.writeFileSync(jsonl, corpus.map((c) => JSON.stringify(c.post)).join('\n'))
    const fromJsonl = await makeBrand(t.ctx)
    expect(
      await importFile(t.ctx, { brandId: fromJsonl.id, file: jsonl, format: 'jsonl' }),
    ).toMatchObject({ inserted: corpus.length, rejected: 0 })
    expectAllStored(await storedTexts(fromJsonl.id))

    const csv = path.join(dir, 'hostile.csv')
    const cell = (value: unknown) => `"${String(value ?? '').replaceAll('"', '""')}"`
    const rows = corpus.map(({ post: p }) =>
      [
        p.source,
        p.externalId,
        p.url,
        p.text,
        p.lang,
        p.createdAt,
        p.author.externalId,
        p.author.handle,
        p.author.displayName,
        p.author.followers,
        '',
        '',
        '',
        1,
        2,
        3,
      ]
        .map(cell)
        .join(','),
    )
    fs.writeFileSync(csv, [CSV_COLUMNS.join(','), ...rows].join('\r\n'))
    const fromCsv = await makeBrand(t.ctx)
    expect(
      await importFile(t.ctx, { brandId: fromCsv.id, file: csv, format: 'csv' }),
    ).toMatchObject({ inserted: corpus.length, rejected: 0 })
    expectAllStored(await storedTexts(fromCsv.id))
  })

  it('answers bad requests with 4xx and a reason, never 500', async () => {
    const admin = await signInAs(app, t.ctx, 'admin')
    const brand = await makeBrand(t.ctx)
    const bad: Array<[string, request.Test]> = [
      [
        'malformed JSON',
        admin.post('/api/users').set('content-type', 'application/json').send('{"email":'),
      ],
      [
        'JSON with NUL and lone surrogates',
        admin
          .post('/api/users')
          .set('content-type', 'application/json')
          .send('{"email":"a\\u0000@x.example","name":"\\ud800","role":"agent"}'),
      ],
      [
        'a __proto__ body',
        admin
          .post('/api/users')
          .set('content-type', 'application/json')
          .send('{"__proto__":{"role":"admin"},"email":"p@x.example"}'),
      ],
      ['an array body', admin.post('/api/users', [])],
      ['a form body', admin.post('/api/users').type('form').send('email=x')],
      [
        'a body over the limit',
        admin
          .post('/api/users')
          .set('content-type', 'application/json')
          .send(JSON.stringify({ name: 'x'.repeat(300_000) })),
      ],
      ['repeated query keys', admin.get(`/api/brands/${brand.id}/complaints?limit=1&limit=2`)],
      ['an unknown audit action', admin.get('/api/audit?action=%3Cscript%3E')],
      ['a SQL fragment as id', admin.get("/api/brands/1';DROP TABLE brands;--/complaints")],
      ['a huge number', admin.get(`/api/brands/${brand.id}/events?after=99999999999999999999999`)],
      [
        'an unknown role',
        admin.patch(`/api/users/${admin.user.id.replace(/.$/, '0')}`, { role: 'root' }),
      ],
      [
        'a bad sign-in body',
        request(app)
          .post('/api/auth/sign-in')
          .send({ email: ['a'], password: { $gt: '' } }),
      ],
      [
        'a bad setup token',
        request(app).post('/api/auth/setup').send({ token: '../../etc/passwd', password: 'x' }),
      ],
      ['a webhook without a body', request(app).post('/api/ingest/webhook/src_x')],
      ['a path with NUL', admin.get('/api/brands/%00/complaints')],
      ['a path with invalid UTF-8', admin.get('/api/brands/%E0%A4%A/complaints')],
    ]
    for (const [what, pending] of bad) {
      const res = await pending
      expect({ what, status: res.status }).toEqual({
        what,
        status: expect.toSatisfy((s: number) => s >= 400 && s < 500),
      })
      expect(res.body.error?.message, what).toEqual(expect.any(String))
    }
  })
})
