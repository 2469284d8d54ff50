import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Express } from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authors, complaints, outbox, posts, rejectedPayloads } from '../../server/db/schema.js'
import { importFile } from '../../server/domain/ingest/import-file.js'
import { createApp } from '../../server/http/app.js'
import { PRIORITY_3_CONFIG } from '../../shared/scoring/defaults.js'
import { signInAs } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, makeWebhookSource } from '../support/factories.js'
import {
  CHANNELS,
  CSV_HEADER,
  hostilePayloads,
  type Channel,
  type HostilePayload,
} from '../support/hostile-corpus.js'
import { WEBHOOK_MANIFEST, signedHeaders } from '../support/webhook.js'
import { analyzePosts } from '../../workers/processors/analyze-posts.js'

let t: TestContext
let app: Express
beforeAll(async () => {
  t = await createTestContext()
  app = createApp(t.ctx)
})
afterAll(() => t?.close())

interface Outcome {
  payload: HostilePayload
  status?: number
  found: 'stored' | 'rejected' | 'lost'
  reason?: string
}

/** Where each payload ended up: stored as a post, kept as a rejection (with its reason), or lost. */
async function outcomes(
  brandId: string,
  payloads: HostilePayload[],
  statuses = new Map<string, number>(),
) {
  const stored = new Map(
    (
      await t.ctx.db
        .select({ externalId: posts.externalId, text: posts.text })
        .from(posts)
        .where(eq(posts.brandId, brandId))
    ).map((p) => [p.externalId, p.text]),
  )
  const kept = await t.ctx.db
    .select({ payload: rejectedPayloads.payload, reason: rejectedPayloads.reason })
    .from(rejectedPayloads)
    .where(eq(rejectedPayloads.brandId, brandId))
  return payloads.map((payload): Outcome => {
    const status = statuses.get(payload.name)
    if (stored.has(payload.marker)) return { payload, status, found: 'stored' }
    const rejection = kept.find((r) => r.payload.includes(payload.marker))
    if (rejection) return { payload, status, found: 'rejected', reason: rejection.reason }
    return { payload, status, found: 'lost' }
  })
}

/** Sends every payload of the corpus through its channel, into a brand of its own per channel. */
async function sendCorpus() {
  const payloads = hostilePayloads()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fb-hostile-'))
  const results: Outcome[] = []
  const brands: Record<Channel, string> = {} as Record<Channel, string>
  for (const channel of CHANNELS) {
    const brand = await makeBrand(t.ctx)
    brands[channel] = brand.id
    const mine = payloads.filter((p) => p.channel === channel)
    const statuses = new Map<string, number>()
    if (channel === 'webhook') {
      const { source } = await makeWebhookSource(t.ctx, brand.id, WEBHOOK_MANIFEST.secret)
      for (const [i, payload] of mine.entries()) {
        const res = await request(app)
          .post(`/api/ingest/webhook/${source.id}`)
          .set(signedHeaders(payload.raw, `msg_hostile_${i}`, WEBHOOK_MANIFEST.secret))
          .send(payload.raw)
        statuses.set(payload.name, res.status)
      }
    } else {
      const file = path.join(dir, `hostile.${channel}`)
      const lines = mine.map((p) => p.raw)
      fs.writeFileSync(file, (channel === 'csv' ? [CSV_HEADER, ...lines] : lines).join('\n'))
      await importFile(t.ctx, { brandId: brand.id, file, format: channel })
    }
    results.push(...(await outcomes(brand.id, mine, statuses)))
  }
  return { results, brands }
}

describe('the hostile-input corpus', () => {
  it('keeps every payload: each stored whole or set aside with its reason and raw text', async () => {
    const { results, brands } = await sendCorpus()
    expect(results.length).toBeGreaterThanOrEqual(100)

    const rows = CHANNELS.map((channel) => {
      const mine = results.filter((r) => r.payload.channel === channel)
      const count = (found: Outcome['found']) => mine.filter((r) => r.found === found).length
      return {
        channel,
        sent: mine.length,
        stored: count('stored'),
        'set aside': count('rejected'),
        lost: count('lost'),
        '5xx': mine.filter((r) => (r.status ?? 0) >= 500).length,
      }
    })
    const total = Object.fromEntries(
      Object.keys(rows[0]!).map((k) => [
        k,
        k === 'channel' ? 'all' : rows.reduce((n, r) => n + Number(r[k as keyof typeof r]), 0),
      ]),
    )
    console.table([...rows, total])

    // Nothing lost, nothing answered 500, and each where it belongs.
    expect(results.filter((r) => r.found === 'lost').map((r) => r.payload.name)).toEqual([])
    expect(results.filter((r) => (r.status ?? 0) >= 500).map((r) => r.payload.name)).toEqual([])
    expect(
      results
        .filter((r) => r.found !== r.payload.expect)
        .map((r) => `${r.payload.name}: ${r.found}`),
    ).toEqual([])
    for (const r of results.filter((x) => x.found === 'rejected')) expect(r.reason).toBeTruthy()
    // A webhook answers 202 when it stored, 400 when it set aside: never silence, never 500.
    for (const r of results.filter((x) => x.payload.channel === 'webhook')) {
      expect({ name: r.payload.name, status: r.status }).toEqual({
        name: r.payload.name,
        status: r.found === 'stored' ? 202 : 400,
      })
    }

    // Stored text is what was sent (NUL removed, lone surrogates replaced), in every channel.
    for (const channel of CHANNELS) {
      const texts = new Map(
        (
          await t.ctx.db
            .select({ externalId: posts.externalId, text: posts.text })
            .from(posts)
            .where(eq(posts.brandId, brands[channel]))
        ).map((p) => [p.externalId, p.text]),
      )
      for (const r of results.filter(
        (x) => x.payload.channel === channel && x.payload.storedText,
      )) {
        expect({
          name: r.payload.name,
          same: texts.get(r.payload.marker) === r.payload.storedText,
        }).toEqual({ name: r.payload.name, same: true })
      }
    }
    // No link but http(s) is kept; names lose their NUL; nothing is polluted.
    const urls = await t.ctx.db
      .select({ url: posts.url })
      .from(posts)
      .where(inArray(posts.brandId, Object.values(brands)))
    expect(urls.every((u) => u.url === null || /^https?:\/\//.test(u.url))).toBe(true)
    const [nul] = await t.ctx.db
      .select({ handle: authors.handle, name: authors.displayName })
      .from(authors)
      .where(eq(authors.externalId, 'nul-author'))
    expect(nul).toEqual({ handle: 'nulhandle', name: 'NulName' })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  }, 120_000)

  it('scores a post dated 1970 as if written no earlier than a day before it arrived', async () => {
    const { brands } = await sendCorpus()
    const pending = (await t.ctx.db.select({ id: outbox.id }).from(outbox)).map((r) => r.id)
    for (const id of pending) await analyzePosts(t.ctx, { outboxId: id })
    const [old] = await t.ctx.db
      .select({ priority: complaints.priority, since: complaints.waitingSince })
      .from(complaints)
      .innerJoin(posts, eq(posts.id, complaints.leadPostId))
      .where(and(eq(posts.brandId, brands.jsonl), eq(posts.externalId, 'hostile-dated-1970-jsonl')))
    // Waiting counts from a day before it arrived, not from 1970: a priority, not 4 million.
    expect(Date.now() - old!.since!.getTime()).toBeLessThan(25 * 3600_000)
    expect(old!.priority).toBeLessThan(2 * PRIORITY_3_CONFIG.weights.waiting + 150)
  }, 120_000)

  it('answers bad requests with 4xx and a reason, never 500', async () => {
    const admin = await signInAs(app, t.ctx, 'admin')
    const brand = await makeBrand(t.ctx)
    const bad: Array<[string, request.Test]> = [
      [
        'malformed JSON',
        admin.post('/api/users').set('content-type', 'application/json').send('{"email":'),
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

  it('stores names, terms, labels and changelogs with a NUL in them, without it', async () => {
    const admin = await signInAs(app, t.ctx, 'admin')
    const brand = await makeBrand(t.ctx)
    const nul = (s: string) => `${s}\u0000!`
    const answers: Array<[string, request.Response]> = [
      [
        'brand name and terms',
        await admin.patch(`/api/brands/${brand.id}`, {
          name: nul('Kredo'),
          trackedTerms: [nul('kredo')],
          excludedTerms: [nul('kredo bank')],
        }),
      ],
      [
        'source name',
        await admin.post(`/api/brands/${brand.id}/sources/webhook`, { name: nul('Forum') }),
      ],
      [
        'user name and email',
        await admin.post('/api/users', {
          email: 'nul\u0000@x.example',
          name: nul('Nora'),
          role: 'agent',
        }),
      ],
      [
        'scoring cue label',
        await admin.put('/api/scoring/draft', {
          config: {
            ...PRIORITY_3_CONFIG,
            cues: [{ ...PRIORITY_3_CONFIG.cues[0]!, label: nul('Legal') }],
          },
        }),
      ],
    ]
    for (const [what, res] of answers) {
      expect({ what, status: res.status }).toEqual({
        what,
        status: expect.toSatisfy((s: number) => s >= 200 && s < 300),
      })
      expect(JSON.stringify(res.body), what).not.toContain('\\u0000')
    }
    const publish = await admin.post(
      `/api/scoring/versions/${answers[3]![1].body.data.id}/publish`,
      { changelog: nul('Legal cue renamed, nothing else changes') },
    )
    expect(publish.status).toBe(200)
    expect(publish.body.data.changelog).toBe('Legal cue renamed, nothing else changes!')
    const [stored] = await t.ctx.db
      .execute(sql`select name, tracked_terms from brands where id = ${brand.id}::uuid`)
      .then(
        (r) => (r as unknown as { rows: Array<{ name: string; tracked_terms: string[] }> }).rows,
      )
    expect(stored).toEqual({ name: 'Kredo!', tracked_terms: ['kredo!'] })
  })
})
