import { sql } from 'drizzle-orm'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'
import { loadReply, type ReplyRecord } from './replies.js'

/** A reply waiting for approval, with the complaint facts an adviser judges it by. */
export interface ApprovalItemRecord {
  reply: ReplyRecord
  complaint: {
    id: string
    network: string
    handle: string
    excerpt: string
    priority: number
    basePriority: number
    waitingRate: number
    waitingSince: Date | null
  }
  /** The promise the reply makes, tracked from the composer: the adviser approves it too. */
  promise: { what: string; dueAt: Date; ownerName: string } | null
}

/** Most waiting replies the queue shows at once; past it, the oldest come first anyway. */
const QUEUE_LIMIT = 200

/** A brand's replies waiting for approval, oldest first (the `replies_awaiting_approval` index). */
export async function listAwaitingApproval(
  q: Queryable,
  brandId: string,
): Promise<ApprovalItemRecord[]> {
  const rows = await queryRows<{
    reply_id: string
    complaint_id: string
    network: string
    handle: string
    excerpt: string
    priority: number
    base_priority: number
    waiting_rate: number
    waiting_since: Date | string | null
    promise_what: string | null
    promise_due_at: Date | string | null
    promise_owner: string | null
  }>(
    q,
    sql`select r.id as reply_id, c.id as complaint_id, c.network, au.handle,
               left(p.text, 280) as excerpt, c.priority, c.base_priority, c.waiting_rate,
               c.waiting_since, pr.what as promise_what, pr.due_at as promise_due_at,
               pr.owner_name as promise_owner
        from replies r
        join complaints c on c.id = r.complaint_id
        join posts p on p.id = c.lead_post_id
        join authors au on au.id = p.author_id
        left join lateral (
          select x.what, x.due_at, u.name as owner_name from promises x
          join users u on u.id = x.owner_id
          where x.reply_id = r.id order by x.created_at limit 1
        ) pr on true
        where r.brand_id = ${brandId}::uuid and r.state = 'awaiting_approval'
        order by r.created_at, r.id
        limit ${QUEUE_LIMIT}`,
  )
  const items: ApprovalItemRecord[] = []
  for (const row of rows) {
    const reply = await loadReply(q, row.reply_id)
    if (!reply) continue
    items.push({
      reply,
      complaint: {
        id: row.complaint_id,
        network: row.network,
        handle: row.handle,
        excerpt: row.excerpt,
        priority: row.priority,
        basePriority: row.base_priority,
        waitingRate: row.waiting_rate,
        waitingSince: row.waiting_since === null ? null : new Date(row.waiting_since),
      },
      promise:
        row.promise_what === null || row.promise_due_at === null
          ? null
          : {
              what: row.promise_what,
              dueAt: new Date(row.promise_due_at),
              ownerName: row.promise_owner ?? 'a former user',
            },
    })
  }
  return items
}

/** How many replies wait for approval, per brand that has any. */
export async function countAwaitingApproval(
  q: Queryable,
): Promise<Array<{ brandId: string; slug: string; count: number }>> {
  const rows = await queryRows<{ brand_id: string; slug: string; n: string | number }>(
    q,
    sql`select r.brand_id, b.slug, count(*) as n from replies r
        join brands b on b.id = r.brand_id
        where r.state = 'awaiting_approval' group by r.brand_id, b.slug`,
  )
  return rows.map((r) => ({ brandId: r.brand_id, slug: r.slug, count: Number(r.n) }))
}
