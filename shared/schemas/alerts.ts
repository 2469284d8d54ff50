import { z } from 'zod'
import { normalizeText } from '../text.js'

/**
 * Spike alerts (issue 16): a causal detector watches each brand's post volume and complaint
 * volume in 5-minute buckets and raises one alert per episode; people acknowledge and resolve
 * them (audited), and they go out as signed webhooks.
 */
export const ALERT_SERIES = ['volume', 'complaints'] as const
export type AlertSeries = (typeof ALERT_SERIES)[number]
export const ALERT_SEVERITIES = ['low', 'medium', 'high'] as const
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number]
export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const
export type AlertState = (typeof ALERT_STATES)[number]

const Person = z.object({ id: z.string(), name: z.string() })

/** An alert as the banner, the Alerts page, the charts and the webhooks show it. */
export const AlertViewSchema = z.object({
  id: z.string(),
  brandId: z.string(),
  series: z.enum(ALERT_SERIES),
  /** The 5-minute bucket that raised it. */
  at: z.string(),
  severity: z.enum(ALERT_SEVERITIES),
  /** Posts in that bucket, and what the detector expected there. */
  observed: z.number(),
  expected: z.number(),
  /** How sure the detector is that this is not ordinary variation, 0..1. */
  confidence: z.number(),
  state: z.enum(ALERT_STATES),
  acknowledged: z.object({ by: Person.nullable(), at: z.string() }).nullable(),
  resolved: z
    .object({ by: Person.nullable(), at: z.string(), note: z.string().nullable() })
    .nullable(),
  /** The window to open the queue on: the spike's first bucket to now (or its resolution). */
  window: z.object({ from: z.string(), to: z.string() }),
  /** What the spike is made of: its rising themes and its most-reached complainers. */
  themes: z.array(z.object({ id: z.string(), name: z.string(), count: z.number().int() })),
  complainers: z.array(
    z.object({
      authorId: z.number().int(),
      handle: z.string(),
      network: z.string(),
      followers: z.number().int().nullable(),
      complaintId: z.string(),
    }),
  ),
  createdAt: z.string(),
})
export type AlertView = z.infer<typeof AlertViewSchema>

export const AlertListQuery = z.object({
  state: z.enum([...ALERT_STATES, 'active', 'all']).default('active'),
})
export const AlertListSchema = z.object({ data: z.array(AlertViewSchema) })

/** POST .../alerts/:alertId/resolve. */
export const ResolveAlertBody = z.object({
  note: z
    .string('must be text')
    .transform(normalizeText)
    .pipe(z.string().trim().max(500, 'must be at most 500 characters'))
    .optional(),
})

/** How a webhook's body is written: Standard Webhooks JSON, or Slack's `{ text }`. */
export const ALERT_WEBHOOK_FORMATS = ['standard', 'slack'] as const

/** A brand's outgoing alert webhook. Its secret is shown once, when created; never again. */
export const AlertWebhookViewSchema = z.object({
  id: z.string(),
  brandId: z.string(),
  /**
   * Scheme, host and path with its long segments cut (`.../services/T0AB…/B0CD…/xY9a…`): a URL's
   * path or query can hold a token (Slack's path does). The whole URL is sealed like a secret.
   */
  urlShown: z.string(),
  format: z.enum(ALERT_WEBHOOK_FORMATS),
  enabled: z.boolean(),
  createdAt: z.string(),
  /** The last delivery's outcome. */
  lastDelivery: z
    .object({
      at: z.string(),
      ok: z.boolean(),
      status: z.number().int().nullable(),
      attempts: z.number().int(),
    })
    .nullable(),
})
export type AlertWebhookView = z.infer<typeof AlertWebhookViewSchema>

export const CreateAlertWebhookBody = z.object({
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000),
  format: z.enum(ALERT_WEBHOOK_FORMATS).default('standard'),
})

/** The answer to creating a webhook: the view and, this once, its signing secret. */
export const CreatedAlertWebhookSchema = z.object({
  data: AlertWebhookViewSchema,
  /** `whsec_...`: receivers verify `webhook-signature` with it (Standard Webhooks). */
  secret: z.string(),
})

export const AlertParams = z.object({
  brandId: z.uuid('must be a brand id'),
  alertId: z.uuid('must be an alert id'),
})
export const AlertWebhookParams = z.object({
  brandId: z.uuid('must be a brand id'),
  webhookId: z.uuid('must be a webhook id'),
})

/** One attempt to deliver a message to a webhook, as the delivery log shows it. */
export const AlertDeliveryViewSchema = z.object({
  id: z.number().int(),
  /** Null for a test message. */
  alertId: z.string().nullable(),
  /** The Standard Webhooks `webhook-id`: the same for every attempt of one message. */
  messageId: z.string(),
  attempt: z.number().int(),
  status: z.number().int().nullable(),
  ok: z.boolean(),
  /** What went wrong, in words (never the URL's secret parts). */
  error: z.string().nullable(),
  at: z.string(),
})
export type AlertDeliveryView = z.infer<typeof AlertDeliveryViewSchema>
export const AlertDeliveryListSchema = z.object({ data: z.array(AlertDeliveryViewSchema) })

/**
 * The JSON body of a `standard` webhook: Standard Webhooks' `{ type, timestamp, data }`, with
 * the alert's view and the console link that opens the queue on the spike's window.
 */
export const AlertWebhookPayloadSchema = z.object({
  type: z.enum(['alert.raised', 'alert.test']),
  timestamp: z.string(),
  data: z.object({ alert: AlertViewSchema.nullable(), brandName: z.string(), url: z.string() }),
})
export type AlertWebhookPayload = z.infer<typeof AlertWebhookPayloadSchema>
