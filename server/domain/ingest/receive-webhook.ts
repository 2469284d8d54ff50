import { toIssues, type Issue } from '../../../shared/errors.js'
import { WebhookPayloadSchema } from '../../../shared/schemas/webhook.js'
import { verifyWebhookSignature, type WebhookHeaders } from '../../auth/webhook-signature.js'
import type { AppContext } from '../../context.js'
import { getSource } from '../../db/repositories/sources.js'
import { isBrandArchived } from '../../db/repositories/brands.js'
import { AppError } from '../../lib/app-error.js'
import { markPostDeleted } from '../complaints/delete-post.js'
import type { PendingEvent } from '../events/append-events.js'
import { webhookSecretsOf } from '../sources/sources.js'
import { ingestPosts } from './ingest-posts.js'

/** A delivery to `POST /api/ingest/webhook/:sourceId`: its raw bytes and signature headers. */
export interface WebhookDelivery {
  sourceId: string
  body: Buffer
  headers: WebhookHeaders
}

/**
 * What a delivery did, as its answer says it (a post stored or already stored, or a post marked
 * deleted), and the events to publish after commit (a deletion's).
 */
export interface WebhookOutcome {
  data: { inserted: number; duplicates: number } | { deleted: boolean }
  events: PendingEvent[]
}

/**
 * Receives a Standard Webhooks v1 delivery. The signature is checked over the raw bytes before
 * anything is parsed; every authentication failure throws `unauthorized` and stores nothing; a
 * replayed webhook-id is refused. A signed delivery is the producer's, so whatever is wrong
 * with it is kept as a rejection (with its raw text) and thrown as `invalid_request` with its
 * issues. Deletions return their events for the caller to publish after commit.
 */
export async function receiveWebhook(
  ctx: AppContext,
  delivery: WebhookDelivery,
): Promise<WebhookOutcome> {
  const { sourceId, body } = delivery
  // Only an unknown source is refused as such: a database outage must answer 503 (and the
  // producer retry), not tell it that its source does not exist.
  const source = await getSource(ctx.db, sourceId).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'not_found') return null
    throw err
  })
  if (!source || source.kind !== 'webhook' || !source.enabled) {
    throw new AppError('unauthorized', 'Unknown or disabled webhook source')
  }
  // Refused like a disabled source (the producer learns nothing about the brand): it stores nothing.
  if (await isBrandArchived(ctx.db, source.brandId))
    throw new AppError('unauthorized', 'Unknown or disabled webhook source')
  const verified = verifyWebhookSignature(body, delivery.headers, webhookSecretsOf(ctx, source))
  if (!verified.ok) throw new AppError('unauthorized', verified.reason)

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
    return { data: { deleted: changed }, events }
  }
  const result = await ingestPosts(ctx, {
    ...where,
    posts: [payload.data.data],
    webhookId: verified.id,
  })
  return { data: { inserted: result.inserted, duplicates: result.duplicates }, events: [] }
}
