import { sql } from 'drizzle-orm'
import type { AlertView } from '../../../shared/schemas/alerts.js'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'

/** What a spike is made of: its themes and its most-reached complainers. */
export type AlertDetails = Pick<AlertView, 'themes' | 'complainers'>

interface Window {
  brandId: string
  from: Date
  to: Date
}

/** Themes shown per alert, and complainers. */
const TOP_THEMES = 5
const TOP_COMPLAINERS = 5

/**
 * The themes of the complaint posts written in the window, the most posts first (hidden and
 * merged-away themes left out: a merged theme's posts moved to the theme it joined).
 */
async function windowThemes(q: Queryable, w: Window): Promise<AlertDetails['themes']> {
  const rows = await queryRows<{ id: string; name: string; count: string | number }>(
    q,
    sql`select t.id, t.name, count(*) as count
        from post_themes pt
        join posts p on p.id = pt.post_id
        join themes t on t.id = pt.theme_id
        where pt.brand_id = ${w.brandId}::uuid and p.brand_id = ${w.brandId}::uuid
          and p.posted_at >= ${w.from.toISOString()}::timestamptz
          and p.posted_at < ${w.to.toISOString()}::timestamptz
          and p.deleted_at is null and not t.hidden and t.merged_into is null
        group by t.id, t.name
        order by count(*) desc, t.name
        limit ${TOP_THEMES}`,
  )
  return rows.map((r) => ({ id: r.id, name: r.name, count: Number(r.count) }))
}

/**
 * The authors of the most reach (then followers) who wrote a complaint post in the window, each
 * with the highest-priority complaint (thread) such a post belongs to: the console's link.
 */
async function windowComplainers(q: Queryable, w: Window): Promise<AlertDetails['complainers']> {
  const rows = await queryRows<{
    id: string | number
    handle: string
    network: string
    followers: string | number | null
    complaint_id: string
  }>(
    q,
    sql`with window_posts as (
          select p.author_id, c.id as complaint_id, c.priority
          from posts p
          join complaints c on c.brand_id = p.brand_id and c.network = p.network
            and c.thread_key = p.thread_key
          where p.brand_id = ${w.brandId}::uuid
            and p.posted_at >= ${w.from.toISOString()}::timestamptz
            and p.posted_at < ${w.to.toISOString()}::timestamptz
            and p.deleted_at is null
            and (select a.is_complaint from analyses a where a.post_id = p.id
                 order by a.created_at desc limit 1))
        select au.id, au.handle, au.network, au.followers,
               (select wp.complaint_id from window_posts wp where wp.author_id = au.id
                order by wp.priority desc, wp.complaint_id limit 1) as complaint_id
        from authors au
        where au.id in (select author_id from window_posts)
        order by au.reach desc nulls last, au.followers desc nulls last, au.id
        limit ${TOP_COMPLAINERS}`,
  )
  return rows.map((r) => ({
    authorId: Number(r.id),
    handle: r.handle,
    network: r.network,
    followers: r.followers === null ? null : Number(r.followers),
    complaintId: r.complaint_id,
  }))
}

/** The themes and complainers of an alert's window. */
export async function readAlertDetails(q: Queryable, w: Window): Promise<AlertDetails> {
  return { themes: await windowThemes(q, w), complainers: await windowComplainers(q, w) }
}
