import { and, eq, sql } from 'drizzle-orm'
import type { Express } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type AlertView,
  AlertDeliveryListSchema,
  AlertListSchema,
  AlertWebhookPayloadSchema,
  CreatedAlertWebhookSchema,
} from '../../shared/schemas/alerts.js'
import { verifyWebhookSignature } from '../../server/auth/webhook-signature.js'
import { alertWebhooks, alerts, auditEvents, spikeDetectors } from '../../server/db/schema.js'
import { raiseAlerts, type FoundSpike } from '../../server/domain/alerts/raise-alerts.js'
import { dispatchOutbox } from '../../server/domain/ingest/dispatch-outbox.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { createApp } from '../../server/http/app.js'
import { advanceClock, clockNow } from '../../server/lib/clock.js'
import {
  BUCKET_MS,
  lastCompleteBucket,
  runSpikeDetection,
  SETTLE_MS,
} from '../../workers/spike-alerts.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { makeUser, signIn, type SignedIn } from '../support/auth.js'
import { NotificationListSchema } from '../../shared/schemas/notifications.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { eventually } from '../support/eventually.js'
import { makeBrand, makePost } from '../support/factories.js'
import { connectConsole, startApiServer, type ApiServer } from '../support/server.js'
import { waitFor, waitForAnalysis } from '../support/wait.js'
import { WebhookReceiver } from '../support/webhook-receiver.js'

let t: TestContext
let app: Express
let workers: WorkersHandle
let api: ApiServer
let admin: SignedIn
let adviser: SignedIn
let agent: SignedIn
let viewer: SignedIn
const receiver = new WebhookReceiver()

beforeAll(async () => {
  await receiver.start()
  t = await createTestContext({
    // The receiver listens on loopback: only a test's allowlist lets a URL reach it.
    SSRF_ALLOWLIST: '127.0.0.1',
    FIREBREAK_TEST_CLOCK: '1',
    ALERT_WEBHOOK_RETRY_BASE_MS: '50',
  })
  app = createApp(t.ctx)
  workers = await startWorkers(t.ctx)
  api = await startApiServer(t)
  admin = await signIn(app, await makeUser(t.ctx, 'admin'))
  adviser = await signIn(app, await makeUser(t.ctx, 'adviser'))
  agent = await signIn(app, await makeUser(t.ctx, 'agent'))
  viewer = await signIn(app, await makeUser(t.ctx, 'viewer'))
})
afterAll(async () => {
  await api?.close()
  await workers?.close()
  await t?.close()
  await receiver.close()
})

/** Stores and analyses posts written at the given times (ms), complaints by default. */
async function postAt(brandId: string, times: number[], text?: string) {
  const posts = times.map((at, i) =>
    makePost({
      postedAt: new Date(at).toISOString(),
      author: { externalId: `a${at}-${i}`, handle: `author${i}`, followers: 100 * (i + 1) },
      ...(text ? { text } : {}),
    }),
  )
  const { outboxIds } = await ingestPosts(t.ctx, { brandId, channel: 'import', posts })
  await waitForAnalysis(t.ctx, outboxIds)
}

/** An alert as a detector pass would raise it, on the brand's complaint series. */
async function raise(brandId: string, at: number, extra: Partial<FoundSpike> = {}) {
  const spike: FoundSpike = {
    series: 'complaints',
    at,
    observed: 40,
    expected: 2,
    severity: 'high',
    confidence: 0.97,
    ...extra,
  }
  const raised = await t.ctx.db.transaction((tx) => raiseAlerts(tx, brandId, [spike]))
  for (const ref of raised.outbox) await dispatchOutbox(t.ctx, ref)
  return raised.alertIds[0]!
}

const alertsOf = (brandId: string) =>
  t.ctx.db.select().from(alerts).where(eq(alerts.brandId, brandId)).orderBy(alerts.series)

describe('the online spike detector', () => {
  it('raises one alert per series for a surge in the minute rollups, once however often it runs', async () => {
    const brand = await makeBrand(t.ctx)
    const start = (await clockNow(t.ctx)).getTime()
    // A quiet day before: a complaint every two hours.
    await postAt(
      brand.id,
      Array.from({ length: 12 }, (_, i) => start - (i + 1) * 2 * 3600_000),
    )
    // The first pass learns the brand's week quietly.
    await runSpikeDetection(t.ctx, new Date(start))
    const [learned] = await t.ctx.db
      .select()
      .from(spikeDetectors)
      .where(and(eq(spikeDetectors.brandId, brand.id), eq(spikeDetectors.series, 'volume')))
    expect(learned!.lastBucket!.getTime()).toBe(lastCompleteBucket(start))
    expect(await alertsOf(brand.id)).toEqual([])

    // Forty complaints in each of two buckets just ahead of now.
    const surge = lastCompleteBucket(start) + 2 * BUCKET_MS
    await postAt(
      brand.id,
      Array.from(
        { length: 80 },
        (_, i) => surge + Math.floor(i / 40) * BUCKET_MS + (i % 40) * 7000,
      ),
    )
    await runSpikeDetection(t.ctx, new Date(start))
    expect(await alertsOf(brand.id)).toEqual([])

    // Once the test clock has moved past that bucket (and its settling time), a pass raises it
    // and pushes it to every console of the brand, a viewer's included.
    const socket = await connectConsole(api.url, { brandId: brand.id }, { cookie: viewer.cookie })
    const pushed = waitFor<AlertView>(socket as never, 'alert.raised', (a) => a.series === 'volume')
    const before = await t.ctx.db
      .select()
      .from(spikeDetectors)
      .where(eq(spikeDetectors.brandId, brand.id))
    await advanceClock(t.ctx, { advanceMs: surge + 2 * BUCKET_MS + SETTLE_MS + 1000 - start })
    await runSpikeDetection(t.ctx)
    const raised = await alertsOf(brand.id)
    // The detector raises an episode at one of the surge's buckets (which one is its tuning).
    expect(raised.map((a) => [a.series, a.observed, a.state])).toEqual([
      ['complaints', 40, 'open'],
      ['volume', 40, 'open'],
    ])
    expect(raised.every((a) => [surge, surge + BUCKET_MS].includes(a.at.getTime()))).toBe(true)
    expect(raised.every((a) => a.expected < 5 && a.confidence > 0.5)).toBe(true)
    expect(await pushed).toMatchObject({ id: raised[1]!.id, brandId: brand.id, state: 'open' })
    socket.close()

    // Run again, and as a retried pass would (its state rewound): still one alert per series.
    await runSpikeDetection(t.ctx)
    for (const row of before)
      await t.ctx.db
        .update(spikeDetectors)
        .set({ state: row.state, lastBucket: row.lastBucket })
        .where(and(eq(spikeDetectors.brandId, brand.id), eq(spikeDetectors.series, row.series)))
    await runSpikeDetection(t.ctx)
    expect((await alertsOf(brand.id)).map((a) => a.id)).toEqual(raised.map((a) => a.id))
    const audits = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'alert.raised'), eq(auditEvents.subjectType, 'alert')))
    expect(audits.filter((a) => raised.some((r) => r.id === a.subjectId))).toHaveLength(2)

    await advanceClock(t.ctx, { reset: true })

    // (Sessions read the test clock, so with it back:) leadership and advisers hear of it in their bell (once per alert, a rerun adds none),
    // linking to the alert; agents work the queue, where the banner shows it.
    const shown = (r: { status: number; body: unknown }) => {
      if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`)
      return r.body
    }
    const bell = async (who: SignedIn) =>
      NotificationListSchema.parse(shown(await who.get('/api/notifications'))).data.filter((n) =>
        raised.some((a) => a.id === n.alert?.id),
      )
    for (const who of [viewer, adviser, admin]) {
      const told = await bell(who)
      expect(told.map((n) => [n.kind, n.alert!.series, n.complaintId])).toEqual(
        expect.arrayContaining([
          ['alert_raised', 'volume', null],
          ['alert_raised', 'complaints', null],
        ]),
      )
      expect(told).toHaveLength(2)
      expect(told[0]).toMatchObject({ brandId: brand.id, brandSlug: brand.slug, actor: null })
    }
    expect(await bell(agent)).toEqual([])
  })

  it('shows the spike’s window, its most-reached complainers and its themes', async () => {
    const brand = await makeBrand(t.ctx)
    const at = lastCompleteBucket((await clockNow(t.ctx)).getTime())
    await postAt(brand.id, [at + 1000, at + 2000, at + 3000])
    const [theme] = await t.ctx.db
      .execute<{ id: string }>(
        sql`insert into themes (brand_id, name) values (${brand.id}::uuid, 'score dropped') returning id`,
      )
      .then((r) => (r as unknown as { rows: Array<{ id: string }> }).rows)
    await t.ctx.db.execute(
      sql`insert into post_themes (post_id, brand_id, theme_id)
          select id, brand_id, ${theme!.id}::uuid from posts where brand_id = ${brand.id}::uuid`,
    )
    const alertId = await raise(brand.id, at)
    const list = AlertListSchema.parse((await viewer.get(`/api/brands/${brand.id}/alerts`)).body)
    expect(list.data).toHaveLength(1)
    const [view] = list.data
    expect(view).toMatchObject({ id: alertId, state: 'open', acknowledged: null, resolved: null })
    expect(view!.window.from).toBe(new Date(at).toISOString())
    expect(view!.themes).toEqual([{ id: theme!.id, name: 'score dropped', count: 3 }])
    // The most followed first (the factory's reach follows followers), each with a thread.
    expect(view!.complainers.map((c) => c.followers)).toEqual([300, 200, 100])
    expect(view!.complainers.every((c) => c.complaintId.length === 36)).toBe(true)
  })
})

describe('acknowledging and resolving an alert', () => {
  it('lets whoever triages acknowledge and advisers resolve, audited, once each', async () => {
    const brand = await makeBrand(t.ctx)
    const alertId = await raise(brand.id, lastCompleteBucket(Date.now()))
    const path = (step: string) => `/api/brands/${brand.id}/alerts/${alertId}/${step}`

    const denied = await viewer.post(path('acknowledge'))
    expect(denied.status).toBe(403)
    expect(denied.body.error.message).toMatch(/Only agents, advisers and admins acknowledge/)
    expect((await agent.post(path('resolve'), {})).status).toBe(403)

    const socket = await connectConsole(api.url, { brandId: brand.id }, { cookie: viewer.cookie })
    const pushed = waitFor<AlertView>(socket as never, 'alert.updated')
    const acked = await agent.post(path('acknowledge'))
    expect(acked.status).toBe(200)
    expect(await pushed).toMatchObject({ id: alertId, state: 'acknowledged' })
    socket.close()
    expect(acked.body.data).toMatchObject({
      state: 'acknowledged',
      acknowledged: { by: { id: agent.user.id } },
    })
    const again = await adviser.post(path('acknowledge'))
    expect(again.status).toBe(409)
    expect(again.body.error.message).toBe('This alert is already acknowledged (by Test agent)')

    const tooLong = await adviser.post(path('resolve'), { note: 'x'.repeat(501) })
    expect(tooLong.status).toBe(400)
    expect(tooLong.body.error.issues).toEqual([
      { path: 'note', message: 'must be at most 500 characters' },
    ])
    const resolved = await adviser.post(path('resolve'), { note: 'Statement published at 14:10.' })
    expect(resolved.status).toBe(200)
    expect(resolved.body.data.resolved).toMatchObject({
      by: { id: adviser.user.id },
      note: 'Statement published at 14:10.',
    })
    // The window closes at the resolution.
    expect(resolved.body.data.window.to).toBe(resolved.body.data.resolved.at)
    expect((await adviser.post(path('resolve'), {})).status).toBe(409)

    const active = await viewer.get(`/api/brands/${brand.id}/alerts`)
    expect(active.body.data).toEqual([])
    const all = await viewer.get(`/api/brands/${brand.id}/alerts?state=all`)
    expect(all.body.data.map((a: { id: string }) => a.id)).toEqual([alertId])
    const bad = await viewer.get(`/api/brands/${brand.id}/alerts?state=closed`)
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues[0].path).toBe('state')
    expect((await viewer.post(`/api/brands/${brand.id}/alerts/nope/acknowledge`)).status).toBe(403)
    const unknown = await agent.post(`/api/brands/${brand.id}/alerts/nope/acknowledge`)
    expect(unknown.body.error.issues).toEqual([{ path: 'alertId', message: 'must be an alert id' }])

    const audit = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectType, 'alert'), eq(auditEvents.subjectId, alertId)))
      .orderBy(auditEvents.id)
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['alert.raised', null],
      ['alert.acknowledged', agent.user.id],
      ['alert.resolved', adviser.user.id],
    ])
  })
})

describe('outgoing alert webhooks', () => {
  async function addWebhook(brandId: string, url: string, format = 'standard') {
    const res = await admin.post(`/api/brands/${brandId}/alert-webhooks`, { url, format })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return CreatedAlertWebhookSchema.parse(res.body)
  }
  const deliveries = async (brandId: string, webhookId: string) =>
    AlertDeliveryListSchema.parse(
      (await admin.get(`/api/brands/${brandId}/alert-webhooks/${webhookId}/deliveries`)).body,
    ).data

  it('refuses private addresses with a precise 400, and lets only admins manage them', async () => {
    const brand = await makeBrand(t.ctx)
    const refuse = async (url: string, message: string) => {
      const res = await admin.post(`/api/brands/${brand.id}/alert-webhooks`, { url })
      expect([res.status, res.body.error.message]).toEqual([400, message])
    }
    await refuse('http://10.1.2.3/hook', 'Refused 10.1.2.3: 10.1.2.3 is a private address')
    await refuse(
      'http://169.254.169.254/latest',
      'Refused 169.254.169.254: 169.254.169.254 is a linkLocal address',
    )
    // Loopback by name: the allowlist names 127.0.0.1 only, as a test's fakes need.
    const byName = await admin.post(`/api/brands/${brand.id}/alert-webhooks`, {
      url: 'http://localhost:9/x',
    })
    expect(byName.status).toBe(400)
    expect(byName.body.error.message).toMatch(
      /^Refused localhost:9: (127\.0\.0\.1|::1) is a loopback address$/,
    )
    const notUrl = await admin.post(`/api/brands/${brand.id}/alert-webhooks`, {
      url: 'ftp://x.example/',
    })
    expect(notUrl.body.error.issues).toEqual([{ path: 'url', message: 'must be an http(s) URL' }])
    const asAdviser = await adviser.post(`/api/brands/${brand.id}/alert-webhooks`, {
      url: receiver.url(),
    })
    expect(asAdviser.status).toBe(403)
    expect(
      await t.ctx.db.select().from(alertWebhooks).where(eq(alertWebhooks.brandId, brand.id)),
    ).toEqual([])
  })

  it('delivers a raised alert signed per Standard Webhooks, and shows the secret only once', async () => {
    const brand = await makeBrand(t.ctx)
    const { data: webhook, secret } = await addWebhook(brand.id, receiver.url('/signed?token=abc'))
    expect(secret).toMatch(/^whsec_/)
    expect(webhook.urlShown).toBe(`${receiver.url('/signed')}`)
    const listed = await admin.get(`/api/brands/${brand.id}/alert-webhooks`)
    expect(JSON.stringify(listed.body)).not.toContain(secret.slice(6))
    expect(JSON.stringify(listed.body)).not.toContain('token=abc')

    const alertId = await raise(brand.id, lastCompleteBucket(Date.now()))
    const [got] = await eventually('the delivery', () => {
      const received = receiver.on('/signed?token=abc')
      return received.length ? received : null
    })
    const verified = verifyWebhookSignature(
      got!.body,
      {
        id: got!.headers['webhook-id'] as string,
        timestamp: got!.headers['webhook-timestamp'] as string,
        signature: got!.headers['webhook-signature'] as string,
      },
      [secret],
    )
    expect(verified).toEqual({ ok: true, id: `msg_alert_${alertId}` })
    const payload = AlertWebhookPayloadSchema.parse(JSON.parse(got!.body.toString()))
    expect(payload.type).toBe('alert.raised')
    expect(payload.data.alert!.id).toBe(alertId)
    expect(payload.data.url).toContain(`/inbox?brand=${brand.id}&from=`)
    const log = await eventually('the logged attempt', async () => {
      const rows = await deliveries(brand.id, webhook.id)
      return rows.length ? rows : null
    })
    expect(log).toEqual([
      expect.objectContaining({ alertId, attempt: 1, status: 200, ok: true, error: null }),
    ])
  })

  it('retries a 500 with backoff, logs each attempt, and sends Slack’s text format', async () => {
    const brand = await makeBrand(t.ctx)
    const { data: webhook } = await addWebhook(brand.id, receiver.url('/slack'), 'slack')
    receiver.answer({ status: 500 })
    const test = await admin.post(`/api/brands/${brand.id}/alert-webhooks/${webhook.id}/test`)
    expect(test.status).toBe(202)
    const log = await eventually('two attempts', async () => {
      const rows = await deliveries(brand.id, webhook.id)
      return rows.length >= 2 ? rows : null
    })
    expect(log.map((d) => [d.attempt, d.status, d.ok, d.error])).toEqual([
      [2, 200, true, null],
      [1, 500, false, 'answered 500'],
    ])
    expect(log[0]!.messageId).toBe(test.body.data.messageId)
    const bodies = receiver.on('/slack').map((r) => JSON.parse(r.body.toString()))
    expect(bodies).toHaveLength(2)
    expect(bodies[1].text).toMatch(/^Firebreak test message for Kredo: this webhook works/)
    const webhooks = await admin.get(`/api/brands/${brand.id}/alert-webhooks`)
    expect(webhooks.body.data[0].lastDelivery).toMatchObject({ ok: true, status: 200, attempts: 2 })
  })

  it('checks the address again at delivery and never follows a redirect', async () => {
    const brand = await makeBrand(t.ctx)
    const { data: redirecting } = await addWebhook(brand.id, receiver.url('/moved'))
    receiver.answer({ status: 302, headers: { location: 'http://10.0.0.1/steal' } })
    // As if its name now resolved to a private address: the guard refuses it at delivery.
    const { data: rebound } = await addWebhook(brand.id, receiver.url('/rebound'))
    await t.ctx.db
      .update(alertWebhooks)
      .set({ urlCiphertext: t.ctx.secrets.seal('http://192.168.1.20/hook') })
      .where(eq(alertWebhooks.id, rebound.id))
    await raise(brand.id, lastCompleteBucket(Date.now()))
    const moved = await eventually(
      'the redirect logged',
      async () => (await deliveries(brand.id, redirecting.id))[0],
    )
    expect(moved).toMatchObject({
      status: 302,
      ok: false,
      error: 'answered 302 (a redirect is not followed)',
    })
    const refused = await eventually(
      'the refusal logged',
      async () => (await deliveries(brand.id, rebound.id))[0],
    )
    expect(refused).toMatchObject({
      status: null,
      ok: false,
      error: 'Refused 192.168.1.20: 192.168.1.20 is a private address',
    })
    expect(receiver.on('/steal')).toEqual([])
    // Neither is retried: each logged one attempt.
    expect(await deliveries(brand.id, redirecting.id)).toHaveLength(1)
    expect(await deliveries(brand.id, rebound.id)).toHaveLength(1)
  })

  it('stops delivering to a deleted webhook, audited', async () => {
    const brand = await makeBrand(t.ctx)
    const { data: webhook } = await addWebhook(brand.id, receiver.url('/deleted'))
    const path = `/api/brands/${brand.id}/alert-webhooks/${webhook.id}`
    expect((await admin.delete(path)).status).toBe(204)
    expect((await admin.delete(path)).status).toBe(404)
    expect((await admin.get(`/api/brands/${brand.id}/alert-webhooks`)).body.data).toEqual([])
    await raise(brand.id, lastCompleteBucket(Date.now()))
    const queued = await t.ctx.db.execute(
      sql`select id from outbox where kind = 'alert.deliver' and payload->>'webhookId' = ${webhook.id}`,
    )
    expect((queued as unknown as { rows: unknown[] }).rows).toEqual([])
    expect(receiver.on('/deleted')).toEqual([])
    const actions = await t.ctx.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, webhook.id))
    expect(actions.map((a) => a.action).sort()).toEqual([
      'alert_webhook.created',
      'alert_webhook.deleted',
    ])
  })
})
