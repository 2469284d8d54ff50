import { and, eq } from 'drizzle-orm'
import type { Express } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SourceViewSchema } from '../../shared/schemas/sources.js'
import { auditEvents, sources } from '../../server/db/schema.js'
import { createApp } from '../../server/http/app.js'
import { makeUser, signIn, type SignedIn } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand } from '../support/factories.js'

/** A credential nobody would type by accident: if it shows up anywhere, it leaked. */
const CANARY = 'AAAA-canary-bearer-token-do-not-leak-9173'

let t: TestContext
let app: Express
let admin: SignedIn
let adviser: SignedIn

beforeAll(async () => {
  t = await createTestContext()
  app = createApp(t.ctx)
  admin = await signIn(app, await makeUser(t.ctx, 'admin'))
  adviser = await signIn(app, await makeUser(t.ctx, 'adviser'))
})
afterAll(async () => {
  await t?.close()
})

const audits = (sourceId: string) =>
  t.ctx.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, 'source'), eq(auditEvents.subjectId, sourceId)))

describe('sources on the networks', () => {
  it('are created by admins only, with credentials that never come back', async () => {
    const brand = await makeBrand(t.ctx)
    const body = {
      kind: 'x',
      name: 'X search',
      config: { query: 'kredo -is:retweet' },
      secrets: { bearerToken: CANARY },
    }
    expect((await adviser.post(`/api/brands/${brand.id}/sources`, body)).status).toBe(403)
    const res = await admin.post(`/api/brands/${brand.id}/sources`, body)
    expect(res.status).toBe(201)
    const view = SourceViewSchema.parse(res.body.data)
    expect(view).toMatchObject({
      kind: 'x',
      name: 'X search',
      enabled: true,
      config: { query: 'kredo -is:retweet', baseUrl: 'https://api.x.com' },
      secretNames: ['bearerToken'],
      hasCredentials: true,
      health: { state: 'waiting', failures: 0, postsLastHour: 0 },
    })
    const list = await admin.get(`/api/brands/${brand.id}/sources`)
    expect(JSON.stringify(list.body)).not.toContain(CANARY)
    expect(JSON.stringify(res.body)).not.toContain(CANARY)
    const [row] = await t.ctx.db.select().from(sources).where(eq(sources.id, view.id))
    expect(row!.secretsCiphertext).not.toContain(CANARY)
    const [created] = await audits(view.id)
    expect(created!.action).toBe('source.created')
    expect(JSON.stringify(created)).not.toContain(CANARY)
    expect(created!.after).toMatchObject({ kind: 'x', secrets: ['bearerToken'] })
  })

  it("checks settings and credentials against the kind's schema, naming each field", async () => {
    const brand = await makeBrand(t.ctx)
    const path = `/api/brands/${brand.id}/sources`
    const unknown = await admin.post(path, { kind: 'myspace', name: 'x' })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.issues[0].path).toBe('kind')
    const bad = await admin.post(path, {
      kind: 'mastodon',
      name: 'Fediverse',
      config: { instance: 'ftp://mastodon.example', hashtags: ['ok', 'not a tag'] },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues).toEqual(
      expect.arrayContaining([
        { path: 'config.instance', message: 'must be an http(s) URL' },
        { path: 'config.hashtags.1', message: 'must be a hashtag' },
      ]),
    )
    const noSecret = await admin.post(path, { kind: 'reddit', name: 'Reddit', secrets: {} })
    expect(noSecret.status).toBe(400)
    expect(noSecret.body.error.issues.map((i: { path: string }) => i.path)).toEqual([
      'secrets.clientId',
      'secrets.clientSecret',
    ])
    const rss = await admin.post(path, {
      kind: 'rss',
      name: 'Blog',
      config: { url: 'https://blog.example.org/feed/', intervalSeconds: 5 },
    })
    expect(rss.status).toBe(400)
    expect(rss.body.error.issues[0].path).toBe('config.intervalSeconds')
    const archived = await makeBrand(t.ctx, 'Gone')
    await admin.post(`/api/brands/${archived.id}/archive`, {})
    const late = await admin.post(`/api/brands/${archived.id}/sources`, {
      kind: 'rss',
      name: 'Blog',
      config: { url: 'https://blog.example.org/feed/' },
    })
    expect(late.status).toBe(409)
  })

  it('are paused, resumed and changed (credentials replaced by name), all audited', async () => {
    const brand = await makeBrand(t.ctx)
    const created = await admin.post(`/api/brands/${brand.id}/sources`, {
      kind: 'reddit',
      name: 'Reddit',
      config: { subreddits: ['r/KloutUsers'] },
      secrets: { clientId: 'id-1', clientSecret: CANARY },
    })
    const id = created.body.data.id as string
    expect(created.body.data.config.subreddits).toEqual(['KloutUsers'])
    // A failing source rests; resuming or mending it asks again at once.
    await t.ctx.db
      .update(sources)
      .set({ failures: 7, circuitOpenUntil: new Date(Date.now() + 60_000), lastError: '401' })
      .where(eq(sources.id, id))
    const resting = await admin.get(`/api/brands/${brand.id}/sources`)
    expect(resting.body.data[0].health.state).toBe('resting')

    const paused = await admin.patch(`/api/sources/${id}`, { enabled: false })
    expect(paused.body.data.health.state).toBe('paused')
    const resumed = await admin.patch(`/api/sources/${id}`, { enabled: true })
    expect(resumed.body.data.health).toMatchObject({
      state: 'waiting',
      failures: 0,
      circuitOpenUntil: null,
      nextPollAt: null,
    })
    const renamed = await admin.patch(`/api/sources/${id}`, {
      name: 'Reddit (Klout)',
      secrets: { clientId: 'id-2' },
    })
    expect(renamed.status).toBe(200)
    expect(renamed.body.data.secretNames.sort()).toEqual(['clientId', 'clientSecret'])
    const emptied = await admin.patch(`/api/sources/${id}`, { secrets: { clientSecret: '' } })
    expect(emptied.status).toBe(400)
    expect(emptied.body.error.issues[0].path).toBe('secrets.clientSecret')
    expect((await admin.patch(`/api/sources/${id}`, {})).status).toBe(400)
    expect((await adviser.patch(`/api/sources/${id}`, { enabled: false })).status).toBe(403)
    const actions = (await audits(id)).map((a) => a.action)
    expect(actions).toEqual(['source.created', 'source.paused', 'source.resumed', 'source.changed'])
    expect(JSON.stringify(await audits(id))).not.toContain(CANARY)
  })

  it('a webhook source has no connection to test', async () => {
    const brand = await makeBrand(t.ctx)
    const hook = await admin.post(`/api/brands/${brand.id}/sources/webhook`, { name: 'Hook' })
    const res = await admin.post(`/api/sources/${hook.body.data.id}/test`, {})
    expect(res.status).toBe(409)
    expect(res.body.error.message).toContain('pushed to')
  })
})
