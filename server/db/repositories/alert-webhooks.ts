import { sql, type SQL } from 'drizzle-orm'
import type { AlertWebhookView } from '../../../shared/schemas/alerts.js'
import { AppError } from '../../lib/app-error.js'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'

/** A webhook as stored: the sealed URL and secret stay sealed until a delivery opens them. */
export interface AlertWebhookRecord {
  id: string
  brandId: string
  urlCiphertext: string
  urlShown: string
  format: AlertWebhookView['format']
  secretCiphertext: string
  enabled: boolean
  createdAt: Date
  deletedAt: Date | null
  lastDelivery: AlertWebhookView['lastDelivery']
}

type Row = {
  id: string
  brand_id: string
  url_ciphertext: string
  url_shown: string
  format: AlertWebhookView['format']
  secret_ciphertext: string
  enabled: boolean
  created_at: Date | string
  deleted_at: Date | string | null
  last_at: Date | string | null
  last_ok: boolean | null
  last_status: number | null
  last_attempt: number | null
}

async function selectWebhooks(q: Queryable, where: SQL): Promise<AlertWebhookRecord[]> {
  const rows = await queryRows<Row>(
    q,
    sql`select w.*, d.at as last_at, d.ok as last_ok, d.status as last_status,
               d.attempt as last_attempt
        from alert_webhooks w
        left join lateral (
          select at, ok, status, attempt from alert_deliveries
          where webhook_id = w.id order by id desc limit 1
        ) d on true
        where ${where}
        order by w.created_at, w.id`,
  )
  return rows.map((r) => ({
    id: r.id,
    brandId: r.brand_id,
    urlCiphertext: r.url_ciphertext,
    urlShown: r.url_shown,
    format: r.format,
    secretCiphertext: r.secret_ciphertext,
    enabled: r.enabled,
    createdAt: new Date(r.created_at),
    deletedAt: r.deleted_at === null ? null : new Date(r.deleted_at),
    lastDelivery:
      r.last_at === null
        ? null
        : {
            at: new Date(r.last_at).toISOString(),
            ok: r.last_ok!,
            status: r.last_status,
            attempts: r.last_attempt!,
          },
  }))
}

/** A brand's webhooks not deleted, oldest first. */
export function listAlertWebhooks(q: Queryable, brandId: string): Promise<AlertWebhookRecord[]> {
  return selectWebhooks(q, sql`w.brand_id = ${brandId}::uuid and w.deleted_at is null`)
}

/** One webhook (deleted ones included: a delivery in flight reads it to learn it is gone). */
export async function findAlertWebhook(
  q: Queryable,
  webhookId: string,
): Promise<AlertWebhookRecord | null> {
  const [record] = await selectWebhooks(q, sql`w.id = ${webhookId}::uuid`)
  return record ?? null
}

/** One live webhook of a brand; 404 otherwise. */
export async function getAlertWebhook(
  q: Queryable,
  input: { brandId: string; webhookId: string },
): Promise<AlertWebhookRecord> {
  const record = await findAlertWebhook(q, input.webhookId)
  if (!record || record.brandId !== input.brandId || record.deletedAt)
    throw new AppError('not_found', 'Alert webhook not found')
  return record
}

/** A brand's live, enabled webhooks' ids: where a new alert goes. */
export async function enabledWebhookIds(q: Queryable, brandId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    q,
    sql`select id from alert_webhooks
        where brand_id = ${brandId}::uuid and enabled and deleted_at is null
        order by id`,
  )
  return rows.map((r) => r.id)
}

/** The delivery log of a webhook, newest first (the latest 100 attempts). */
export async function listAlertDeliveries(q: Queryable, webhookId: string) {
  const rows = await queryRows<{
    id: string | number
    alert_id: string | null
    message_id: string
    attempt: number
    status: number | null
    ok: boolean
    error: string | null
    at: Date | string
  }>(
    q,
    sql`select id, alert_id, message_id, attempt, status, ok, error, at from alert_deliveries
        where webhook_id = ${webhookId}::uuid order by id desc limit 100`,
  )
  return rows.map((r) => ({
    id: Number(r.id),
    alertId: r.alert_id,
    messageId: r.message_id,
    attempt: r.attempt,
    status: r.status,
    ok: r.ok,
    error: r.error,
    at: new Date(r.at).toISOString(),
  }))
}
