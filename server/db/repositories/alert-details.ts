import { sql } from 'drizzle-orm'
import type { AlertView } from '../../../shared/schemas/alerts.js'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'
import { unnest } from '../unnest.js'

/** What a spike is made of: its themes and its most-reached complainers. */
export type AlertDetails = Pick<AlertView, 'themes' | 'complainers'>

/** An alert's window: its brand, and the posts written in [from, to). */
export interface AlertWindow {
  brandId: string
  from: Date
  to: Date
}

/** Themes shown per alert, and complainers. */
const TOP_THEMES = 5
const TOP_COMPLAINERS = 5

interface DetailsRow {
  n: string | number
  themes: Array<{ id: string; name: string; count: string | number }>
  complainers: Array<{
    id: string | number
    handle: string
    network: string
    followers: string | number | null
    complaint_id: string
  }>
}

/**
 * The themes and complainers of each window, in the order given, in one statement however many
 * alerts are listed (a lateral pair of top-N subqueries per window):
 * - themes: of the complaint posts written in the window, the most posts first (hidden and
 *   merged-away themes left out: a merged theme's posts moved to the theme it joined);
 * - complainers: the authors of the most reach (then followers) who wrote a complaint post in
 *   the window, each with the highest-priority complaint (thread) such a post belongs to: the
 *   console's link.
 */
export async function readAlertDetails(
  q: Queryable,
  windows: AlertWindow[],
): Promise<AlertDetails[]> {
  if (!windows.length) return []
  const rows = await queryRows<DetailsRow>(
    q,
    sql`select w.n,
          coalesce((
            select json_agg(json_build_object('id', th.id, 'name', th.name, 'count', th.count)
                            order by th.rank)
            from (
              select t.id, t.name, count(*) as count,
                     row_number() over (order by count(*) desc, t.name) as rank
              from post_themes pt
              join posts p on p.id = pt.post_id
              join themes t on t.id = pt.theme_id
              where pt.brand_id = w.brand_id and p.brand_id = w.brand_id
                and p.posted_at >= w.from_at and p.posted_at < w.to_at
                and p.deleted_at is null and not t.hidden and t.merged_into is null
              group by t.id, t.name
              order by count(*) desc, t.name
              limit ${TOP_THEMES}) th), '[]'::json) as themes,
          coalesce((
            select json_agg(json_build_object('id', c.id, 'handle', c.handle,
                              'network', c.network, 'followers', c.followers,
                              'complaint_id', c.complaint_id)
                            order by c.rank)
            from (
              with window_posts as (
                select p.author_id, c.id as complaint_id, c.priority
                from posts p
                join complaints c on c.brand_id = p.brand_id and c.network = p.network
                  and c.thread_key = p.thread_key
                where p.brand_id = w.brand_id
                  and p.posted_at >= w.from_at and p.posted_at < w.to_at
                  and p.deleted_at is null
                  and (select a.is_complaint from analyses a where a.post_id = p.id
                       order by a.created_at desc limit 1))
              select au.id, au.handle, au.network, au.followers,
                     (select wp.complaint_id from window_posts wp where wp.author_id = au.id
                      order by wp.priority desc, wp.complaint_id limit 1) as complaint_id,
                     row_number() over (order by au.reach desc nulls last,
                       au.followers desc nulls last, au.id) as rank
              from authors au
              where au.id in (select author_id from window_posts)
              order by au.reach desc nulls last, au.followers desc nulls last, au.id
              limit ${TOP_COMPLAINERS}) c), '[]'::json) as complainers
        from ${unnest([
          [windows.map((w) => w.brandId), 'uuid'],
          [windows.map((w) => w.from.toISOString()), 'timestamptz'],
          [windows.map((w) => w.to.toISOString()), 'timestamptz'],
        ])} with ordinality as w(brand_id, from_at, to_at, n)
        order by w.n`,
  )
  return rows.map((row) => ({
    themes: row.themes.map((r) => ({ id: r.id, name: r.name, count: Number(r.count) })),
    complainers: row.complainers.map((r) => ({
      authorId: Number(r.id),
      handle: r.handle,
      network: r.network,
      followers: r.followers === null ? null : Number(r.followers),
      complaintId: r.complaint_id,
    })),
  }))
}
