import { sql } from 'drizzle-orm'
import type { SentimentLabel } from '../../../shared/schemas/scoring.js'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'

/** A stored post of a thread, with its author and the analyzer's reading. */
export interface ThreadPostRecord {
  id: number
  network: string
  externalId: string
  url: string | null
  text: string
  postedAt: Date
  isDeleted: boolean
  inReplyTo: string | null
  author: { id: number; handle: string; displayName: string | null; followers: number | null }
  sentiment: SentimentLabel | null
  isComplaint: boolean | null
  isLead: boolean
}

/** Longest thread the view shows: the newest posts beyond it are left out. */
export const THREAD_POST_LIMIT = 500

/** Every stored post of a complaint's thread, by anyone, oldest first. */
export async function loadThreadPosts(
  q: Queryable,
  complaintId: string,
): Promise<ThreadPostRecord[]> {
  const rows = await queryRows<{
    id: string | number
    network: string
    external_id: string
    url: string | null
    text: string
    posted_at: Date | string
    deleted_at: Date | string | null
    in_reply_to: string | null
    author_id: string | number
    handle: string
    display_name: string | null
    followers: string | number | null
    label: SentimentLabel | null
    is_complaint: boolean | null
    is_lead: boolean
  }>(
    q,
    sql`select p.id, p.network, p.external_id, p.url, p.text, p.posted_at, p.deleted_at,
               p.in_reply_to, au.id as author_id, au.handle, au.display_name, au.followers,
               an.label, an.is_complaint, p.id = c.lead_post_id as is_lead
        from complaints c
        join posts p on p.brand_id = c.brand_id and p.network = c.network
          and p.thread_key = c.thread_key
        join authors au on au.id = p.author_id
        left join lateral (
          select a.label, a.is_complaint from analyses a where a.post_id = p.id
          order by a.created_at desc limit 1
        ) an on true
        where c.id = ${complaintId}::uuid
        order by p.posted_at, p.id
        limit ${THREAD_POST_LIMIT}`,
  )
  return rows.map((r) => ({
    id: Number(r.id),
    network: r.network,
    externalId: r.external_id,
    url: r.url,
    text: r.deleted_at === null ? r.text : '',
    postedAt: new Date(r.posted_at),
    isDeleted: r.deleted_at !== null,
    inReplyTo: r.in_reply_to,
    author: {
      id: Number(r.author_id),
      handle: r.handle,
      displayName: r.display_name,
      followers: r.followers === null ? null : Number(r.followers),
    },
    sentiment: r.label,
    isComplaint: r.is_complaint,
    isLead: r.is_lead,
  }))
}
