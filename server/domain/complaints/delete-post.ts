import { sql } from 'drizzle-orm'
import { SUNK_RANK_KEY } from '../../../shared/scoring/ranking.js'
import type { AppContext } from '../../context.js'
import {
  COMPLAINT_PART_COLUMNS,
  returningComplaints,
  type ComplaintRecord,
} from '../../db/repositories/complaint-views.js'
import type { Tx } from '../../db/client.js'
import { queryRows } from '../../db/rows.js'
import { refreshSearchText } from '../../db/repositories/complaint-search.js'
import { threadStats } from '../../db/repositories/complaint-leads.js'
import { lockThreads } from './thread-locks.js'
import { appendComplaintEvents, type PendingEvent } from '../events/append-events.js'
import { recordWebhookDelivery } from '../ingest/ingest-posts.js'
import { anyOf, unnest } from '../../db/unnest.js'
import { rescoreLeads } from './rescore-leads.js'

export interface DeletePostInput {
  brandId: string
  network: string
  externalId: string
  sourceId?: string
  webhookId?: string
}

/**
 * Marks a post deleted at its source. The row stays (its analysis, scores and counts are
 * history, not rewritten) but its words go: what an author took back is not ours to keep
 * (the networks' terms say the same). The console shows it as deleted; if it led a
 * complaint, the next complaint post takes the lead.
 * Returns whether a stored post changed, and the events to publish after commit.
 */
export function markPostDeleted(
  ctx: AppContext,
  input: DeletePostInput,
): Promise<{ changed: boolean; events: PendingEvent[] }> {
  return ctx.db.transaction(async (tx) => {
    if (input.webhookId) await recordWebhookDelivery(tx, input.sourceId, input.webhookId)
    // A source deletes only what it brought: another source's post with the same identity is
    // not its to delete.
    const ownPosts = input.sourceId ? sql`and source_id = ${input.sourceId}` : sql``
    const [post] = await queryRows<{ id: number; thread_key: string }>(
      tx,
      sql`update posts set deleted_at = now(), text = ''
          where brand_id = ${input.brandId}::uuid and network = ${input.network}
            and external_id = ${input.externalId} and deleted_at is null ${ownPosts}
          returning id, thread_key`,
    )
    if (!post) return { changed: false, events: [] }
    await lockThreads(tx, [{ ...input, threadKey: post.thread_key }])
    const complaints = await replaceDeletedLead(tx, input, post)
    // A deleted post's words are no longer found by the inbox's search.
    await refreshSearchText(
      tx,
      complaints.map((c) => c.id),
    )
    const events = await appendComplaintEvents(
      tx,
      input.brandId,
      complaints.map((complaint) => ({ complaint, type: 'complaint.updated' as const })),
    )
    return { changed: true, events }
  })
}

/**
 * The thread's complaints count one post fewer (and one complaint fewer when it was one). One the deleted post led is led by the
 * thread's next live complaint post, the one that scored highest, which is scored again (a new
 * revision, under the complaint's version) so that the complaint ranks as that post; one with
 * no live complaint post left has nothing to answer and sinks to the bottom of the queue.
 */
async function replaceDeletedLead(
  tx: Tx,
  input: DeletePostInput,
  post: { id: number; thread_key: string },
): Promise<ComplaintRecord[]> {
  const counted = await queryRows<{ id: string; was_lead: boolean; next_lead: string | null }>(
    tx,
    sql`update complaints as c set updated_at = now(),
          (post_count, complaint_count, last_activity_at) =
            (select st.posts, st.complaints, st.last_at from ${threadStats(sql`c`)})
        where c.brand_id = ${input.brandId}::uuid and c.network = ${input.network}
          and c.thread_key = ${post.thread_key}
        returning c.id, c.lead_post_id = ${post.id} as was_lead, (
          select p.id from posts p
          join analyses a on a.post_id = p.id and a.is_complaint
          join scores s on s.post_id = p.id
          where p.brand_id = c.brand_id and p.network = c.network
            and p.thread_key = c.thread_key and p.deleted_at is null
          order by s.priority desc, s.revision desc limit 1)::text as next_lead`,
  )
  const moved = counted.filter((c) => c.was_lead && c.next_lead !== null)
  const emptied = counted.filter((c) => c.was_lead && c.next_lead === null).map((c) => c.id)
  const kept = counted.filter((c) => !c.was_lead).map((c) => c.id)
  if (moved.length) {
    await tx.execute(
      sql`update complaints as c set lead_post_id = v.lead
          from ${unnest([
            [moved.map((c) => c.id), 'uuid'],
            [moved.map((c) => c.next_lead), 'bigint'],
          ])} as v(id, lead)
          where c.id = v.id`,
    )
  }
  const rescored = await rescoreLeads(
    tx,
    moved.map((c) => c.id),
  )
  const sunk = emptied.length
    ? await returningComplaints(
        tx,
        sql`update complaints as c set priority = 0, base_priority = 0, waiting_rate = 0,
              rank_key = ${SUNK_RANK_KEY}
            where c.id = ${anyOf(emptied, 'uuid')}
            returning ${COMPLAINT_PART_COLUMNS}`,
      )
    : []
  const others = kept.length
    ? await returningComplaints(
        tx,
        sql`select ${COMPLAINT_PART_COLUMNS} from complaints c where c.id = ${anyOf(kept, 'uuid')}`,
      )
    : []
  return [...rescored, ...sunk, ...others]
}
