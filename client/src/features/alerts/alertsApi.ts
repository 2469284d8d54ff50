import { z } from 'zod'
import {
  AlertListSchema,
  AlertViewSchema,
  AlertWebhookViewSchema,
  type AlertView,
  type AlertWebhookView,
  type CreateAlertWebhookBody,
} from '../../../../shared/schemas/alerts.js'
import { brandPath, getJson, One, queryString, send, sendJson } from '../../lib/http.js'

/** Which alerts to list: the active ones (open or acknowledged), or all of them. */
export type AlertFilter = 'active' | 'all'

const CreatedWebhook = z.object({ data: AlertWebhookViewSchema, secret: z.string() })
export type CreatedWebhook = z.output<typeof CreatedWebhook>

/** One delivery attempt of an alert webhook, as its log lists it (newest first). */
const AlertDeliverySchema = z.object({
  id: z.number(),
  alertId: z.string().nullable(),
  attempt: z.number().int(),
  status: z.number().int().nullable(),
  ok: z.boolean(),
  error: z.string().nullable(),
  at: z.string(),
})
export type AlertDelivery = z.output<typeof AlertDeliverySchema>

/** Alerts and their webhooks, each answer parsed with the server's shared schema. */
export const alertsApi = {
  list(brandId: string, state: AlertFilter, signal?: AbortSignal): Promise<AlertView[]> {
    return getJson(`${brandPath(brandId)}/alerts${queryString({ state })}`, AlertListSchema, {
      signal,
    }).then((b) => b.data)
  },
  acknowledge(brandId: string, alertId: string): Promise<AlertView> {
    return sendJson(
      'POST',
      `${brandPath(brandId)}/alerts/${encodeURIComponent(alertId)}/acknowledge`,
      {},
      One(AlertViewSchema),
    ).then((b) => b.data)
  },
  resolve(brandId: string, alertId: string, note: string): Promise<AlertView> {
    return sendJson(
      'POST',
      `${brandPath(brandId)}/alerts/${encodeURIComponent(alertId)}/resolve`,
      note.trim() ? { note } : {},
      One(AlertViewSchema),
    ).then((b) => b.data)
  },
  webhooks(brandId: string, signal?: AbortSignal): Promise<AlertWebhookView[]> {
    return getJson(
      `${brandPath(brandId)}/alert-webhooks`,
      z.object({ data: z.array(AlertWebhookViewSchema) }),
      { signal },
    ).then((b) => b.data)
  },
  addWebhook(
    brandId: string,
    body: z.input<typeof CreateAlertWebhookBody>,
  ): Promise<CreatedWebhook> {
    return sendJson('POST', `${brandPath(brandId)}/alert-webhooks`, body, CreatedWebhook)
  },
  deleteWebhook(brandId: string, webhookId: string): Promise<void> {
    return send('DELETE', `${brandPath(brandId)}/alert-webhooks/${encodeURIComponent(webhookId)}`)
  },
  testWebhook(brandId: string, webhookId: string): Promise<void> {
    return sendJson(
      'POST',
      `${brandPath(brandId)}/alert-webhooks/${encodeURIComponent(webhookId)}/test`,
      {},
      z.unknown(),
    ).then(() => undefined)
  },
  deliveries(brandId: string, webhookId: string, signal?: AbortSignal): Promise<AlertDelivery[]> {
    return getJson(
      `${brandPath(brandId)}/alert-webhooks/${encodeURIComponent(webhookId)}/deliveries`,
      z.object({ data: z.array(AlertDeliverySchema) }),
      { signal },
    ).then((b) => b.data)
  },
}

/** The react-query key of a brand's alerts. */
export const alertsKey = (brandId: string) => ['alerts', brandId] as const
