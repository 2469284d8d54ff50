import { sql } from 'drizzle-orm'
import type { Express } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AlertDeliveryListSchema, CreatedAlertWebhookSchema } from '../../shared/schemas/alerts.js'
import type { AppContext } from '../../server/context.js'
import { queryRows } from '../../server/db/rows.js'
import { createApp } from '../../server/http/app.js'
import { listDeadLetters } from '../../server/queue/dead-letters.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { makeUser, signIn, type SignedIn } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { eventually } from '../support/eventually.js'
import { makeBrand } from '../support/factories.js'
import { ScriptedDns } from '../support/scripted-dns.js'
import { WebhookReceiver } from '../support/webhook-receiver.js'

/**
 * Alert webhook deliveries against DNS that fails: the real workers on real Redis and
 * PostgreSQL, with only the resolver scripted (the SSRF guard's lookup seam). A failed lookup
 * is retried with the job's backoff; an address the guard refuses, when checked or when
 * connecting, ends the delivery at once.
 */
const ATTEMPTS = 3
let t: TestContext
let ctx: AppContext
let app: Express
let workers: WorkersHandle
let admin: SignedIn
const dns = new ScriptedDns()
const receiver = new WebhookReceiver()

beforeAll(async () => {
  await receiver.start()
  t = await createTestContext({
    // `flaky.example.test` is let through by name so that, once it resolves, it reaches the
    // receiver on loopback; the guard still asks DNS for it when connecting.
    SSRF_ALLOWLIST: '127.0.0.1,flaky.example.test',
    ALERT_WEBHOOK_RETRY_BASE_MS: '50',
    ALERT_WEBHOOK_ATTEMPTS: String(ATTEMPTS),
  })
  ctx = { ...t.ctx, lookupHost: dns.lookup }
  app = createApp(ctx)
  workers = await startWorkers(ctx)
  admin = await signIn(app, await makeUser(ctx, 'admin'))
})
afterAll(async () => {
  await workers?.close()
  await t?.close()
  await receiver.close()
})

async function addWebhook(brandId: string, url: string) {
  const res = await admin.post(`/api/brands/${brandId}/alert-webhooks`, { url })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return CreatedAlertWebhookSchema.parse(res.body).data
}

/** Queues a test message to the webhook (it goes as an alert does); its outbox row's id. */
async function sendTest(brandId: string, webhookId: string): Promise<number> {
  const res = await admin.post(`/api/brands/${brandId}/alert-webhooks/${webhookId}/test`)
  expect(res.status).toBe(202)
  return Number(/^msg_test_(\d+)$/.exec(res.body.data.messageId)![1])
}

const deliveries = async (brandId: string, webhookId: string) =>
  AlertDeliveryListSchema.parse(
    (await admin.get(`/api/brands/${brandId}/alert-webhooks/${webhookId}/deliveries`)).body,
  ).data.map((d) => [d.attempt, d.status, d.ok, d.error])

const outboxDone = async (outboxId: number) => {
  const [row] = await queryRows<{ done: boolean }>(
    ctx.db,
    sql`select done_at is not null as done from outbox where id = ${outboxId}`,
  )
  return row!.done
}

describe('alert webhooks when DNS fails', () => {
  it('answers a precise 400 when the URL’s host does not resolve as it is added', async () => {
    const brand = await makeBrand(ctx)
    dns.script('typo.example.test', { code: 'ENOTFOUND' })
    dns.script('slow.example.test', { code: 'EAI_AGAIN' })
    const refuse = async (url: string) => {
      const res = await admin.post(`/api/brands/${brand.id}/alert-webhooks`, { url })
      return [res.status, res.body.error.code, res.body.error.message]
    }
    expect(await refuse('https://typo.example.test/hook')).toEqual([
      400,
      'invalid_request',
      'Cannot resolve typo.example.test: no such host (ENOTFOUND)',
    ])
    expect(await refuse('https://slow.example.test/hook')).toEqual([
      400,
      'invalid_request',
      'Cannot resolve slow.example.test for now: DNS did not answer (EAI_AGAIN)',
    ])
  })

  it('retries a lookup that failed (DNS did not answer, then no such host) and then delivers', async () => {
    const brand = await makeBrand(ctx)
    const webhook = await addWebhook(
      brand.id,
      receiver.url('/flaky').replace('127.0.0.1', 'flaky.example.test'),
    )
    dns.script('flaky.example.test', { code: 'EAI_AGAIN' }, { code: 'ENOTFOUND' }, '127.0.0.1')
    const outboxId = await sendTest(brand.id, webhook.id)
    await eventually('the delivery', () => receiver.on('/flaky').length > 0)
    await eventually('the row done', () => outboxDone(outboxId))
    expect(await deliveries(brand.id, webhook.id)).toEqual([
      [3, 200, true, null],
      [2, null, false, 'Cannot resolve flaky.example.test: no such host (ENOTFOUND)'],
      [1, null, false, 'Cannot resolve flaky.example.test for now: DNS did not answer (EAI_AGAIN)'],
    ])
  })

  it('gives up when the job’s attempts run out: a dead letter, its outbox row still pending', async () => {
    const brand = await makeBrand(ctx)
    // Resolved when added; DNS stops answering before the delivery.
    dns.script('down.example.test', '93.184.216.34', { code: 'ESERVFAIL' })
    const webhook = await addWebhook(brand.id, 'https://down.example.test/hook')
    const outboxId = await sendTest(brand.id, webhook.id)
    const subject = `deliver the alert webhook message of outbox row ${outboxId}`
    const dead = await eventually('the dead letter', async () =>
      (await listDeadLetters(ctx.queues, { queue: 'notify', limit: 50 })).data.find(
        (d) => d.subject === subject,
      ),
    )
    expect(dead).toMatchObject({
      queue: 'notify',
      job: 'alert.deliver',
      attempts: ATTEMPTS,
      lastError:
        'alert webhook delivery failed: Cannot resolve down.example.test for now: DNS did not answer (ESERVFAIL)',
      retriesItself: false,
    })
    const error = 'Cannot resolve down.example.test for now: DNS did not answer (ESERVFAIL)'
    expect(await deliveries(brand.id, webhook.id)).toEqual([
      [3, null, false, error],
      [2, null, false, error],
      [1, null, false, error],
    ])
    expect(await outboxDone(outboxId)).toBe(false)
  })

  it('ends the delivery at once when the name turned private by the time it connects', async () => {
    const brand = await makeBrand(ctx)
    // Public when added and when checked at delivery; private when the connection looks it up.
    dns.script('rebind.example.test', '93.184.216.34', '93.184.216.34', '10.0.0.7')
    const webhook = await addWebhook(brand.id, 'https://rebind.example.test/hook')
    const outboxId = await sendTest(brand.id, webhook.id)
    await eventually('the row done', () => outboxDone(outboxId))
    expect(await deliveries(brand.id, webhook.id)).toEqual([
      [1, null, false, 'Refused rebind.example.test: 10.0.0.7 is a private address'],
    ])
    expect(dns.count('rebind.example.test')).toBe(3)
  })
})
