import { sql } from 'drizzle-orm'
import type { z } from 'zod'
import type { AlertWebhookView, CreateAlertWebhookBody } from '../../../shared/schemas/alerts.js'
import { generateWebhookSecret } from '../../auth/webhook-signature.js'
import type { AppContext } from '../../context.js'
import { getAlertWebhook, type AlertWebhookRecord } from '../../db/repositories/alert-webhooks.js'
import { getBrand } from '../../db/repositories/brands.js'
import { addOutboxRows } from '../../db/repositories/outbox.js'
import { queryRows } from '../../db/rows.js'
import { assertPublicUrl } from '../../lib/ssrf.js'
import { recordAudit } from '../audit/record-audit.js'
import { dispatchOutbox } from '../ingest/dispatch-outbox.js'

interface Actor {
  actorId: string
  ip: string | null
}

/**
 * What may be shown of a webhook URL: scheme, host and path with every long segment cut, no
 * query or fragment. Slack's incoming webhook URLs carry their token in the path.
 */
export function showWebhookUrl(url: URL): string {
  const path = url.pathname
    .split('/')
    .map((segment) => (segment.length > 8 ? `${segment.slice(0, 4)}…` : segment))
    .join('/')
  return `${url.protocol}//${url.host}${path}`
}

/** A webhook as the API shows it: never its URL in full, never its secret. */
export function presentAlertWebhook(w: AlertWebhookRecord): AlertWebhookView {
  return {
    id: w.id,
    brandId: w.brandId,
    urlShown: w.urlShown,
    format: w.format,
    enabled: w.enabled,
    createdAt: w.createdAt.toISOString(),
    lastDelivery: w.lastDelivery,
  }
}

/**
 * Adds a brand's alert webhook, audited. The URL must pass the SSRF guard now (a private or
 * loopback address is a 400 naming why, as is a host that does not resolve: no such host, or
 * DNS not answering for now), and is checked again at every delivery. The URL and
 * a fresh `whsec_` signing secret are sealed; the secret is returned here once and never again.
 */
export async function createAlertWebhook(
  ctx: AppContext,
  input: Actor & { brandId: string; body: z.infer<typeof CreateAlertWebhookBody> },
): Promise<{ webhook: AlertWebhookRecord; secret: string }> {
  await getBrand(ctx.db, input.brandId)
  const url = await assertPublicUrl(input.body.url, {
    allowlist: ctx.config.ssrfAllowlist,
    lookup: ctx.lookupHost,
  })
  const secret = generateWebhookSecret()
  const urlShown = showWebhookUrl(url)
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into alert_webhooks (brand_id, url_ciphertext, url_shown, format,
            secret_ciphertext, created_by)
          values (${input.brandId}::uuid, ${ctx.secrets.seal(url.toString())}, ${urlShown},
            ${input.body.format}, ${ctx.secrets.seal(secret)}, ${input.actorId}::uuid)
          returning id`,
    )
    // The audit row keeps what may be shown: never the full URL or the secret.
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'alert_webhook.created',
      subjectType: 'alert_webhook',
      subjectId: row!.id,
      after: { brandId: input.brandId, urlShown, format: input.body.format },
      ip: input.ip,
    })
    return row!.id
  })
  return {
    webhook: await getAlertWebhook(ctx.db, { brandId: input.brandId, webhookId: id }),
    secret,
  }
}

/**
 * Deletes a webhook, audited: deliveries still queued for it find it gone and stop. The row
 * stays (deleted_at) so that its delivery log keeps its meaning.
 */
export async function deleteAlertWebhook(
  ctx: AppContext,
  input: Actor & { brandId: string; webhookId: string },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const webhook = await getAlertWebhook(tx, input)
    await tx.execute(
      sql`update alert_webhooks set deleted_at = now(), enabled = false
          where id = ${input.webhookId}::uuid`,
    )
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'alert_webhook.deleted',
      subjectType: 'alert_webhook',
      subjectId: input.webhookId,
      before: { urlShown: webhook.urlShown, format: webhook.format },
      ip: input.ip,
    })
  })
}

/**
 * Queues a test message to a webhook (an admin trying it), audited; it goes like an alert does
 * (signed, retried, logged in the delivery log). Returns its Standard Webhooks message id.
 */
export async function testAlertWebhook(
  ctx: AppContext,
  input: Actor & { brandId: string; webhookId: string },
): Promise<{ messageId: string }> {
  const outboxId = await ctx.db.transaction(async (tx) => {
    await getAlertWebhook(tx, input)
    const [id] = await addOutboxRows(tx, 'alert.deliver', [
      { webhookId: input.webhookId, alertId: null },
    ])
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'alert_webhook.tested',
      subjectType: 'alert_webhook',
      subjectId: input.webhookId,
      ip: input.ip,
    })
    return id!
  })
  await dispatchOutbox(ctx, { id: outboxId, kind: 'alert.deliver' })
  return { messageId: deliveryMessageId(outboxId, null) }
}

/**
 * The Standard Webhooks `webhook-id` of a message: the same for every attempt, so a receiver
 * that got an attempt whose answer was lost drops the retry. An alert's id names its message.
 */
export const deliveryMessageId = (outboxId: number, alertId: string | null): string =>
  alertId ? `msg_alert_${alertId}` : `msg_test_${outboxId}`
