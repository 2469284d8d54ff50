import express, { Router, type Request } from 'express'
import { WebhookParams } from '../../../shared/schemas/sources.js'
import type { AppContext } from '../../context.js'
import { receiveWebhook, type WebhookDelivery } from '../../domain/ingest/receive-webhook.js'
import { parse } from '../../lib/parse.js'
import { publishComplaintEvents } from '../../realtime/complaint-events.js'
import { route } from '../access.js'

/**
 * Largest delivery read: well above the longest post (POST_LIMITS.text, JSON-escaped), so
 * that a signed delivery too long to be a post is read, verified and set aside with its reason.
 */
export const WEBHOOK_BODY_LIMIT = '2mb'

/**
 * `POST /api/ingest/webhook/:sourceId`, Standard Webhooks v1 (`receiveWebhook` says what is
 * checked, refused and kept). Read raw: the signature covers the bytes as sent.
 */
export function webhookRouter(ctx: AppContext): Router {
  const router = Router()
  route(
    router,
    'post',
    '/api/ingest/webhook/:sourceId',
    { public: 'authenticated by its Standard Webhooks signature' },
    express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }),
    async (req, res) => {
      const outcome = await receiveWebhook(ctx, deliveryOf(req))
      publishComplaintEvents(ctx.publisher, outcome.events)
      res.status(202).json({ data: outcome.data })
    },
  )
  return router
}

/** The delivery as received: its source, raw bytes and signature headers. */
const deliveryOf = (req: Request): WebhookDelivery => ({
  sourceId: parse(WebhookParams, req.params).sourceId,
  body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
  headers: {
    id: req.get('webhook-id'),
    timestamp: req.get('webhook-timestamp'),
    signature: req.get('webhook-signature'),
  },
})
