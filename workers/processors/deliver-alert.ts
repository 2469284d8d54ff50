import { sql } from 'drizzle-orm'
import type { JobData } from '../../shared/schemas/jobs.js'
import { signWebhook } from '../../server/auth/webhook-signature.js'
import type { AppContext } from '../../server/context.js'
import {
  findAlertWebhook,
  type AlertWebhookRecord,
} from '../../server/db/repositories/alert-webhooks.js'
import { loadAlerts } from '../../server/db/repositories/alerts.js'
import { getBrand } from '../../server/db/repositories/brands.js'
import { claimOutboxRow, markOutboxDone } from '../../server/db/repositories/outbox.js'
import { queryRows } from '../../server/db/rows.js'
import { deliveryMessageId } from '../../server/domain/alerts/alert-webhooks.js'
import { viewAlerts } from '../../server/realtime/alert-events.js'
import { webhookBody } from '../../server/domain/alerts/webhook-message.js'
import { HostLookupError, safeFetch, UrlRefusedError } from '../../server/lib/ssrf.js'

/** How one attempt went: an answer (`status`), or an error in words; `final` stops retrying. */
interface Attempt {
  status: number | null
  ok: boolean
  error: string | null
  final: boolean
  /** The SSRF guard refused the URL: final, and worth a warning (the URL needs changing). */
  refused?: boolean
}

/** A receiver's answer worth trying again later: it is down, overloaded or asks us to wait. */
const RETRYABLE = (status: number) => status >= 500 || status === 408 || status === 429

/**
 * Delivers one message (an alert, or an admin's test) to one alert webhook. Every attempt is
 * logged in alert_deliveries; a 2xx, a refusal the receiver will repeat (other 4xx, a 3xx: a
 * redirect is never followed) or a URL the SSRF guard refuses (a private address, found when
 * checking or when connecting) ends the delivery (its outbox row done); a 5xx, 408, 429, a
 * network failure or a DNS lookup that failed throws, so BullMQ retries with exponential backoff.
 * Receivers drop repeats by `webhook-id`: an attempt whose answer was lost may arrive twice,
 * never be skipped.
 */
export async function deliverAlert(
  ctx: AppContext,
  { outboxId }: JobData<'alert.deliver'>,
): Promise<Attempt | null> {
  const payload = await ctx.db.transaction((tx) => claimOutboxRow(tx, outboxId, 'alert.deliver'))
  if (!payload) return null
  const webhook = await findAlertWebhook(ctx.db, payload.webhookId)
  if (!webhook || webhook.deletedAt || !webhook.enabled) {
    await ctx.db.transaction((tx) => markOutboxDone(tx, outboxId))
    return null
  }
  const messageId = deliveryMessageId(outboxId, payload.alertId)
  const [previous] = await queryRows<{ attempts: string | number }>(
    ctx.db,
    sql`select count(*) as attempts from alert_deliveries
        where webhook_id = ${webhook.id}::uuid and message_id = ${messageId}`,
  )
  const attemptNo = Number(previous!.attempts) + 1
  const attempt = await send(ctx, webhook, messageId, payload.alertId)
  if (attempt.refused) {
    ctx.logger
      .child({ mod: 'alert-webhooks' })
      .warn(
        { webhookId: webhook.id, messageId, attempt: attemptNo, reason: attempt.error },
        'alert webhook refused by the SSRF guard; its delivery ends',
      )
  }
  await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`insert into alert_deliveries (webhook_id, alert_id, message_id, attempt, status, ok, error)
          values (${webhook.id}::uuid, ${payload.alertId}::uuid, ${messageId}, ${attemptNo},
            ${attempt.status}, ${attempt.ok}, ${attempt.error})`,
    )
    if (attempt.final) await markOutboxDone(tx, outboxId)
  })
  if (!attempt.final) throw new Error(`alert webhook delivery failed: ${attempt.error}`)
  return attempt
}

async function send(
  ctx: AppContext,
  webhook: AlertWebhookRecord,
  messageId: string,
  alertId: string | null,
): Promise<Attempt> {
  const url = ctx.secrets.open(webhook.urlCiphertext)
  const secret = ctx.secrets.open(webhook.secretCiphertext)
  const brand = await getBrand(ctx.db, webhook.brandId)
  const [alert] = alertId ? await viewAlerts(ctx, await loadAlerts(ctx.db, [alertId])) : [null]
  const now = new Date()
  const body = webhookBody(webhook.format, {
    alert: alert ?? null,
    brandName: brand.name,
    publicUrl: ctx.config.publicUrl,
    now,
  })
  const timestamp = Math.floor(now.getTime() / 1000)
  // What fails is said without the URL: its path or query may be the receiver's token.
  const redact = (message: string) => message.split(url).join(webhook.urlShown).slice(0, 500)
  try {
    const res = await safeFetch(url, {
      allowlist: ctx.config.ssrfAllowlist,
      lookup: ctx.lookupHost,
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Firebreak/1.0 (alert webhooks)',
        'webhook-id': messageId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(body, messageId, timestamp, secret),
      },
      signal: AbortSignal.timeout(ctx.config.alertWebhooks.timeoutMs),
    })
    await res.body?.cancel().catch(() => {})
    if (res.status >= 200 && res.status < 300)
      return { status: res.status, ok: true, error: null, final: true }
    const error =
      res.status >= 300 && res.status < 400
        ? `answered ${res.status} (a redirect is not followed)`
        : `answered ${res.status}`
    return { status: res.status, ok: false, error, final: !RETRYABLE(res.status) }
  } catch (err) {
    // The guard's refusal (the name now resolves to a private address) will not change.
    if (err instanceof UrlRefusedError)
      return { status: null, ok: false, error: redact(err.message), final: true, refused: true }
    // DNS that failed may answer later, even "no such host": a new name takes a while to be
    // seen, and resolvers cache a failure. The job's backoff bounds how long it is asked.
    if (err instanceof HostLookupError)
      return { status: null, ok: false, error: redact(err.message), final: false }
    const cause = (err as { cause?: { code?: string; message?: string } }).cause
    const words = [(err as Error).message, cause?.code ?? cause?.message].filter(Boolean).join(': ')
    return { status: null, ok: false, error: redact(words), final: false }
  }
}
