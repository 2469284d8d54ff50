import { sql } from 'drizzle-orm'
import type { AppContext } from '../../context.js'
import {
  COMPLAINT_PART_COLUMNS,
  type ComplaintPart,
} from '../../db/repositories/complaint-views.js'
import { queryRows } from '../../db/rows.js'
import { threadPostCount } from './record-scored-posts.js'
import { appendComplaintEvents, publishEvents } from '../events/append-events.js'
import { recordWebhookDelivery } from '../ingest/ingest-posts.js'

export interface DeletePostInput {
  brandId: string
  source: string
  externalId: string
  sourceId?: string
  webhookId?: string
}

/**
 * Marks a post deleted at its source. The row stays (history is not rewritten) but the
 * console shows it as deleted; if it led a complaint, the next complaint post takes the lead.
 * Returns whether a stored post changed.
 */
export async function deletePost(ctx: AppContext, input: DeletePostInput): Promise<boolean> {
  const { changed, pending } = await ctx.db.transaction(async (tx) => {
    if (input.webhookId) await recordWebhookDelivery(tx, input.sourceId, input.webhookId)
    const [post] = await queryRows<{ id: number; thread_key: string }>(
      tx,
      sql`update posts set deleted_at = now()
          where brand_id = ${input.brandId}::uuid and source = ${input.source}
            and external_id = ${input.externalId} and deleted_at is null
          returning id, thread_key`,
    )
    if (!post) return { changed: false, pending: [] }
    const complaints = await queryRows<ComplaintPart>(
      tx,
      sql`update complaints as c set
            lead_post_id = coalesce(next.post_id, c.lead_post_id),
            priority = coalesce(next.priority, 0),
            post_count = ${threadPostCount(sql`c`)},
            updated_at = now()
          from (select 1) as one
          left join lateral (
            select p.id as post_id, s.priority from posts p
            join analyses a on a.post_id = p.id and a.is_complaint
            join scores s on s.post_id = p.id
            where p.brand_id = ${input.brandId}::uuid and p.source = ${input.source}
              and p.thread_key = ${post.thread_key} and p.deleted_at is null
            order by s.priority desc limit 1
          ) as next on true
          where c.brand_id = ${input.brandId}::uuid and c.source = ${input.source}
            and c.thread_key = ${post.thread_key}
          returning ${COMPLAINT_PART_COLUMNS}`,
    )
    const pending = await appendComplaintEvents(
      tx,
      input.brandId,
      complaints.map((complaint) => ({ complaint, type: 'complaint.updated' as const })),
    )
    return { changed: true, pending }
  })
  publishEvents(ctx.publisher, pending)
  return changed
}
