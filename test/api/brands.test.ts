import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, count, eq } from 'drizzle-orm'
import type { Express } from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BrandListSchema, BrandViewSchema } from '../../shared/schemas/brands.js'
import { auditEvents, brands, cannedResponses, posts, sources } from '../../server/db/schema.js'
import { upsertSource } from '../../server/domain/sources/sources.js'
import { createApp } from '../../server/http/app.js'
import { pollSource } from '../../workers/processors/poll-source.js'
import { signInAs, type SignedIn } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makePost, makeWebhookSource } from '../support/factories.js'
import { deliverMention } from '../support/webhook.js'

let t: TestContext
let app: Express
let admin: SignedIn
let adviser: SignedIn
beforeAll(async () => {
  t = await createTestContext()
  app = createApp(t.ctx)
  admin = await signInAs(app, t.ctx, 'admin')
  adviser = await signInAs(app, t.ctx, 'adviser')
})
afterAll(() => t?.close())

/** A name no other test of this file uses. */
const fresh = (name: string) => `${name} ${crypto.randomBytes(3).toString('hex')}`

async function create(body: object) {
  const res = await admin.post('/api/brands', body)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return BrandViewSchema.parse(res.body.data)
}

const audited = async (action: string, subjectId: string) =>
  (
    await t.ctx.db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.subjectId, subjectId)))
  )[0]!.n

const listed = async (query = '') =>
  BrandListSchema.parse((await admin.get(`/api/brands${query}`).expect(200)).body).data.map(
    (b) => b.id,
  )

describe('creating a brand (POST /api/brands)', () => {
  it('derives a unique slug, cleans the terms, keeps response targets, and audits it', async () => {
    const name = fresh('Café Noir')
    const targets = {
      critical: { firstMinutes: 15, nextMinutes: 30 },
      high: { firstMinutes: 60, nextMinutes: 60 },
      medium: { firstMinutes: 240, nextMinutes: 240 },
      low: { firstMinutes: 1440, nextMinutes: 1440 },
    }
    const brand = await create({
      name: `  ${name} `,
      trackedTerms: ['Café Noir', 'cafe noir', 'café noir', '#CafeNoir'],
      excludedTerms: ['Noir Film'],
      languages: ['FR', 'en', 'fr'],
      slaTargets: targets,
    })
    expect(brand).toMatchObject({
      name,
      slug: `cafe-noir-${name.slice(-6)}`,
      trackedTerms: ['café noir', 'cafe noir', '#cafenoir'],
      excludedTerms: ['noir film'],
      languages: ['fr', 'en'],
      archivedAt: null,
    })
    const sla = await admin.get(`/api/brands/${brand.id}/sla-targets`).expect(200)
    expect(sla.body.data).toMatchObject({ targets, isDefault: false })
    expect(await audited('brand.created', brand.id)).toBe(1)
    expect(await listed()).toContain(brand.id)
  })

  it('refuses a name another brand has (409), and gives a slug taken by another name a suffix', async () => {
    const name = fresh('Acme')
    const first = await create({ name, trackedTerms: ['acme'] })
    const again = await admin.post('/api/brands', { name: name.toUpperCase(), trackedTerms: ['x'] })
    expect(again.status).toBe(409)
    expect(again.body.error.message).toContain(`A brand named "${name}" already exists`)
    // "Acme! <hex>" is another name with the same slug.
    const other = await create({ name: name.replace(' ', '! '), trackedTerms: ['acme'] })
    expect(other.slug).toBe(`${first.slug}-2`)
  })

  it('answers 400 naming each bad field', async () => {
    const res = await admin.post('/api/brands', {
      name: ' ',
      trackedTerms: [],
      languages: ['english'],
      slaTargets: { critical: { firstMinutes: 5 } },
    })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('invalid_request')
    const paths = (res.body.error.issues as Array<{ path: string }>).map((i) => i.path)
    expect(paths).toEqual(expect.arrayContaining(['name', 'trackedTerms', 'languages.0']))
    expect(paths.some((p) => p.startsWith('slaTargets'))).toBe(true)
  })

  it('is for admins only', async () => {
    const res = await adviser.post('/api/brands', { name: fresh('Nope'), trackedTerms: ['nope'] })
    expect(res.status).toBe(403)
    expect(res.body.error.message).toMatch(/Only admins create brands/)
    expect((await request(app).post('/api/brands').send({})).status).toBe(401)
  })
})

describe('renaming a brand (PATCH /api/brands/:id)', () => {
  it('keeps the slug, and refuses a name another brand has', async () => {
    const a = await create({ name: fresh('Alpha'), trackedTerms: ['alpha'] })
    const b = await create({ name: fresh('Beta'), trackedTerms: ['beta'] })
    const renamed = await admin.patch(`/api/brands/${a.id}`, { name: `${a.name} Labs` })
    expect(renamed.status).toBe(200)
    expect(renamed.body.data).toMatchObject({ name: `${a.name} Labs`, slug: a.slug })
    // Its own name, in other letters, is its own.
    expect((await admin.patch(`/api/brands/${b.id}`, { name: b.name.toUpperCase() })).status).toBe(
      200,
    )
    const taken = await admin.patch(`/api/brands/${b.id}`, { name: `${a.name} labs` })
    expect(taken.status).toBe(409)
  })
})

describe('archiving and restoring a brand', () => {
  it('stops its webhooks, hides it from the list unless asked, keeps its pages readable', async () => {
    const brand = await create({ name: fresh('Quiet'), trackedTerms: ['quiet'] })
    const { source, secret } = await makeWebhookSource(t.ctx, brand.id)
    const mention = () => ({
      id: crypto.randomUUID(),
      source: 'bluesky',
      created_at: new Date().toISOString(),
      author: { id: 'did:plc:q', handle: 'q.example' },
      text: 'Quiet lost my order again, awful service',
    })
    expect((await deliverMention(app, source.id, secret, mention())).status).toBe(202)

    const archived = await admin.post(`/api/brands/${brand.id}/archive`)
    expect(archived.status).toBe(200)
    expect(archived.body.data.archivedAt).toEqual(expect.any(String))
    expect(await audited('brand.archived', brand.id)).toBe(1)
    // Twice is once.
    expect((await admin.post(`/api/brands/${brand.id}/archive`)).status).toBe(200)
    expect(await audited('brand.archived', brand.id)).toBe(1)

    expect((await deliverMention(app, source.id, secret, mention())).status).toBe(401)
    expect(await listed()).not.toContain(brand.id)
    expect(await listed('?archived=include')).toContain(brand.id)
    expect(await listed('?archived=only')).toEqual(expect.arrayContaining([brand.id]))
    expect(await listed('?archived=only')).not.toContain(
      (await create({ name: fresh('Loud'), trackedTerms: ['loud'] })).id,
    )
    // What it collected stays readable.
    const complaints = await admin.get(`/api/brands/${brand.id}/complaints`)
    expect(complaints.status).toBe(200)
    const [stored] = await t.ctx.db
      .select({ n: count() })
      .from(posts)
      .where(eq(posts.brandId, brand.id))
    expect(stored!.n).toBe(1)

    const restored = await admin.post(`/api/brands/${brand.id}/restore`)
    expect(restored.body.data.archivedAt).toBeNull()
    expect(await audited('brand.restored', brand.id)).toBe(1)
    expect((await deliverMention(app, source.id, secret, mention())).status).toBe(202)
    expect(await listed()).toContain(brand.id)
  })

  it("skips an archived brand's polled sources, which resume at their cursor once restored", async () => {
    const brand = await create({ name: fresh('Replayed'), trackedTerms: ['kredo'] })
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fb-brand-')), 'posts.jsonl')
    fs.writeFileSync(file, `${JSON.stringify(makePost())}\n`)
    const sourceId = `src_replay_${crypto.randomBytes(4).toString('hex')}`
    await upsertSource(t.ctx.db, {
      id: sourceId,
      brandId: brand.id,
      kind: 'replay',
      name: 'replay',
      config: { path: file, speed: 1 },
    })
    await admin.post(`/api/brands/${brand.id}/archive`).expect(200)
    expect(await pollSource(t.ctx, { sourceId })).toBe(0)
    const [waiting] = await t.ctx.db.select().from(sources).where(eq(sources.id, sourceId))
    expect(waiting!.cursor).toBeNull()

    const ended = async () =>
      (await admin.get(`/api/brands/${brand.id}/sources`).expect(200)).body.data[0].ended
    expect(await ended()).toBe(false)

    await admin.post(`/api/brands/${brand.id}/restore`).expect(200)
    expect(await pollSource(t.ctx, { sourceId })).toBe(1)
    // Its one line read, the replay has ended, and its view says so.
    expect(await ended()).toBe(true)
  })

  it('answers 404 for an unknown brand, 400 for a malformed id, 403 for non-admins', async () => {
    expect((await admin.post(`/api/brands/${crypto.randomUUID()}/archive`)).status).toBe(404)
    expect((await admin.post('/api/brands/not-a-uuid/archive')).status).toBe(400)
    expect((await admin.get('/api/brands?archived=maybe')).status).toBe(400)
    const brand = await create({ name: fresh('Guarded'), trackedTerms: ['guarded'] })
    expect((await adviser.post(`/api/brands/${brand.id}/archive`)).status).toBe(403)
  })
})

describe('deleting a brand (DELETE /api/brands/:id)', () => {
  it('deletes an archived brand that never collected anything, with its settings, once its name is typed', async () => {
    const brand = await create({ name: fresh('Mistake'), trackedTerms: ['mistake'] })
    const { source } = await makeWebhookSource(t.ctx, brand.id)
    await admin
      .post(`/api/brands/${brand.id}/canned-responses`, { title: 'Hi', body: 'Hello there' })
      .expect(201)

    const notArchived = await admin
      .delete(`/api/brands/${brand.id}`)
      .send({ confirmName: brand.name })
    expect(notArchived.status).toBe(409)
    expect(notArchived.body.error.message).toMatch(/Archive .* first/)
    await admin.post(`/api/brands/${brand.id}/archive`).expect(200)
    const wrongName = await admin.delete(`/api/brands/${brand.id}`).send({ confirmName: 'Other' })
    expect(wrongName.status).toBe(400)
    expect(wrongName.body.error.issues[0].path).toBe('confirmName')
    expect((await admin.delete(`/api/brands/${brand.id}`).send({})).status).toBe(400)
    expect(
      (await adviser.delete(`/api/brands/${brand.id}`).send({ confirmName: brand.name })).status,
    ).toBe(403)

    const gone = await admin
      .delete(`/api/brands/${brand.id}`)
      .send({ confirmName: brand.name.toUpperCase() })
    expect(gone.status).toBe(204)
    expect(await t.ctx.db.select().from(brands).where(eq(brands.id, brand.id))).toEqual([])
    expect(await t.ctx.db.select().from(sources).where(eq(sources.id, source.id))).toEqual([])
    expect(
      await t.ctx.db.select().from(cannedResponses).where(eq(cannedResponses.brandId, brand.id)),
    ).toEqual([])
    expect(await audited('brand.deleted', brand.id)).toBe(1)
    expect(
      (await admin.delete(`/api/brands/${brand.id}`).send({ confirmName: brand.name })).status,
    ).toBe(404)
  })

  it('refuses a brand that collected posts, says why, and deletes nothing', async () => {
    const brand = await create({ name: fresh('Storied'), trackedTerms: ['storied'] })
    const { source, secret } = await makeWebhookSource(t.ctx, brand.id)
    await deliverMention(app, source.id, secret, {
      id: crypto.randomUUID(),
      source: 'bluesky',
      created_at: new Date().toISOString(),
      author: { id: 'did:plc:s', handle: 's.example' },
      text: 'Storied charged me twice',
    }).expect(202)
    await admin.post(`/api/brands/${brand.id}/archive`).expect(200)
    const res = await admin.delete(`/api/brands/${brand.id}`).send({ confirmName: brand.name })
    expect(res.status).toBe(409)
    expect(res.body.error.message).toMatch(/holds .*; it stays archived with its data/)
    expect(await t.ctx.db.select().from(brands).where(eq(brands.id, brand.id))).toHaveLength(1)
    expect(await t.ctx.db.select().from(sources).where(eq(sources.id, source.id))).toHaveLength(1)
    expect(await audited('brand.deleted', brand.id)).toBe(0)
  })
})

describe('what still feeds a brand (GET /api/brands/:id/listening)', () => {
  it('says no source, listening, ended (the demo named) and archived, to every role', async () => {
    const viewer = await signInAs(app, t.ctx, 'viewer')
    const brand = await create({ name: fresh('Fed'), trackedTerms: ['kredo'] })
    const listening = async () =>
      (await viewer.get(`/api/brands/${brand.id}/listening`).expect(200)).body.data
    expect(await listening()).toEqual({ state: 'no-source', demo: false })

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fb-listen-')), 'posts.jsonl')
    fs.writeFileSync(file, `${JSON.stringify(makePost())}\n`)
    const replayId = `src_replay_${crypto.randomBytes(4).toString('hex')}`
    await upsertSource(t.ctx.db, {
      id: replayId,
      brandId: brand.id,
      kind: 'replay',
      name: 'replay',
      config: { path: file, speed: 1 },
    })
    expect(await listening()).toEqual({ state: 'listening', demo: false })
    await pollSource(t.ctx, { sourceId: replayId })
    expect(await listening()).toEqual({ state: 'ended', demo: false })

    // The demo, played to its end, is named: the console says the demo has ended.
    await t.ctx.db.insert(sources).values({
      id: `src_demo_${crypto.randomBytes(4).toString('hex')}`,
      brandId: brand.id,
      kind: 'demo',
      name: 'Demo backlash',
      config: { seed: 1, speed: 20 },
      cursor: { position: 10, simAt: 1, tickAt: 1, done: true },
    })
    expect(await listening()).toEqual({ state: 'ended', demo: true })

    // An admin plays it again as a new backlash: the next seed, from the top, audited.
    const replayPath = `/api/brands/${brand.id}/demo/replay`
    expect((await viewer.post(replayPath, {})).status).toBe(403)
    const replayed = await admin.post(replayPath, {}).expect(202)
    expect(replayed.body.data.seed).toBe(2)
    const [demo] = await t.ctx.db
      .select()
      .from(sources)
      .where(eq(sources.id, replayed.body.data.sourceId))
    expect(demo).toMatchObject({ config: { seed: 2, speed: 20 }, cursor: null, enabled: true })
    expect(await audited('demo.replayed', demo!.id)).toBe(1)
    expect(await listening()).toEqual({ state: 'listening', demo: false })
    const twice = await admin.post(replayPath, {})
    expect(twice.status).toBe(409)
    expect(twice.body.error.message).toBe('The demo is still playing')
    await t.ctx.db
      .update(sources)
      .set({ cursor: { position: 10, simAt: 1, tickAt: 1, done: true } })
      .where(eq(sources.id, demo!.id))

    await admin.post(`/api/brands/${brand.id}/archive`).expect(200)
    expect(await listening()).toEqual({ state: 'archived', demo: true })
    expect((await viewer.get(`/api/brands/${crypto.randomUUID()}/listening`)).status).toBe(404)
  })
})
