import express, { Router } from 'express'
import { toIssues, type Issue } from '../../../shared/errors.js'
import { WebhookParams } from '../../../shared/schemas/sources.js'
import { WebhookPayloadSchema } from '../../../shared/schemas/webhook.js'
import type { AppContext } from '../../context.js'
import { markPostDeleted } from '../../domain/complaints/delete-post.js'
import { publishComplaintEvents } from '../../realtime/complaint-events.js'
import { ingestPosts } from '../../domain/ingest/ingest-posts.js'
import { getSource } from '../../db/repositories/sources.js'
import { webhookSecretsOf } from '../../domain/sources/sources.js'
import { AppError } from '../../lib/app-error.js'
import { parse } from '../../lib/parse.js'
import { route } from '../access.js'
import { verifyWebhookSignature } from '../../auth/webhook-signature.js'

/**
 * Largest delivery read: well above the longest post (POST_LIMITS.text, JSON-escaped), so
 * that a signed delivery too long to be a post is read, verified and set aside with its reason.
 */
export const WEBHOOK_BODY_LIMIT = '2mb'

/**
 * `POST /api/ingest/webhook/:sourceId`, Standard Webhooks v1. The signature is checked over
 * the raw bytes before anything is parsed; every authentication failure is a 401 that stores
 * nothing; a replayed webhook-id is refused. A signed but invalid payload is kept as a
 * rejection and answered 400 with its issues.
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
      const { sourceId } = parse(WebhookParams, req.params)
      const source = await getSource(ctx.db, sourceId).catch(() => null)
      if (!source || source.kind !== 'webhook' || !source.enabled) {
        throw new AppError('unauthorized', 'Unknown or disabled webhook source')
      }
      const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
      const verified = verifyWebhookSignature(
        body,
        {
          id: req.get('webhook-id'),
          timestamp: req.get('webhook-timestamp'),
          signature: req.get('webhook-signature'),
        },
        webhookSecretsOf(ctx, source),
      )
      if (!verified.ok) throw new AppError('unauthorized', verified.reason)

      // Signed, so it is the producer's: whatever is wrong with it is kept, with the reason.
      const where = { brandId: source.brandId, sourceId, channel: 'webhook' as const }
      const text = body.toString('utf8')
      const reject = async (issues: Issue[], message: string): Promise<never> => {
        await ingestPosts(ctx, {
          ...where,
          posts: [],
          rejections: [{ ...where, issues, payload: text }],
        })
        throw new AppError('invalid_request', `${message}; it was kept as a rejection`, issues)
      }
      let json: unknown
      try {
        // A byte order mark is not part of the JSON: tolerated, as most producers' tools do.
        json = JSON.parse(text.replace(/^\uFEFF/, ''))
      } catch (err) {
        const message = `Malformed JSON: ${(err as Error).message}`
        return reject([{ path: '(body)', message }], message)
      }
      const payload = WebhookPayloadSchema.safeParse(json)
      if (!payload.success) return reject(toIssues(payload.error), 'Invalid webhook payload')
      if (payload.data.type === 'mention.deleted') {
        const { changed, events } = await markPostDeleted(ctx, {
          brandId: source.brandId,
          network: payload.data.data.network,
          externalId: payload.data.data.id,
          sourceId,
          webhookId: verified.id,
        })
        publishComplaintEvents(ctx.publisher, events)
        res.status(202).json({ data: { deleted: changed } })
        return
      }
      const result = await ingestPosts(ctx, {
        ...where,
        posts: [payload.data.data],
        webhookId: verified.id,
      })
      res.status(202).json({ data: { inserted: result.inserted, duplicates: result.duplicates } })
    },
  )
  return router
}
