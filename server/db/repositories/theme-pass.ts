import { sql } from 'drizzle-orm'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'
import { anyOf, jsonRecordset } from '../unnest.js'

/** A brand's theme progress row (0022_themes.sql). */
export interface ThemeProgressRow {
  assignedThrough: number
  seen: number
  seenAtDiscovery: number
  unmatched: number
}

/**
 * The brand's progress row, locked for the rest of the transaction (created at zero when
 * missing): the theme pass and every adviser's change of a brand's themes take it first, so
 * they run one after the other and a post never joins a theme that was merged meanwhile.
 */
export async function lockThemeProgress(q: Queryable, brandId: string): Promise<ThemeProgressRow> {
  await q.execute(
    sql`insert into theme_progress (brand_id) values (${brandId}::uuid) on conflict do nothing`,
  )
  const [row] = await queryRows<Record<string, string | number>>(
    q,
    sql`select assigned_through, seen, seen_at_discovery, unmatched from theme_progress
        where brand_id = ${brandId}::uuid for update`,
  )
  return {
    assignedThrough: Number(row!.assigned_through),
    seen: Number(row!.seen),
    seenAtDiscovery: Number(row!.seen_at_discovery),
    unmatched: Number(row!.unmatched),
  }
}

export async function saveThemeProgress(
  q: Queryable,
  brandId: string,
  progress: ThemeProgressRow & { discovered: boolean },
): Promise<void> {
  await q.execute(sql`update theme_progress set assigned_through = ${progress.assignedThrough},
      seen = ${progress.seen}, seen_at_discovery = ${progress.seenAtDiscovery},
      unmatched = ${progress.unmatched}, updated_at = now(),
      discovered_at = case when ${progress.discovered} then now() else discovered_at end
    where brand_id = ${brandId}::uuid`)
}

/** A post the analyzer has not reached holds the pass back this long at most. */
const WAIT_FOR_ANALYSIS = '10 minutes'

/**
 * The brand's next posts after `after` (by id, up to `limit`): its complaint posts not deleted
 * and without a theme, and how far the pass may move on: to the last post read, or to just
 * before the first one still waiting for its analysis (for at most WAIT_FOR_ANALYSIS);
 * `more` when the read stopped at `limit` with nothing waiting (there may be more to read).
 */
export async function readNewComplaintPosts(
  q: Queryable,
  brandId: string,
  after: number,
  limit: number,
): Promise<{ posts: Array<{ id: number; text: string }>; through: number; more: boolean }> {
  const rows = await queryRows<{ id: string | number; text: string; state: string }>(
    q,
    sql`select p.id, case when a.post_id is null then '' else p.text end as text,
          case when a.post_id is null then 'waiting'
               when a.is_complaint and p.deleted_at is null
                 and not exists (select 1 from post_themes pt where pt.post_id = p.id)
               then 'new' else 'skip' end as state
        from posts p
        left join lateral (
          select a.post_id, a.is_complaint from analyses a where a.post_id = p.id
          order by a.created_at desc limit 1
        ) a on true
        where p.brand_id = ${brandId}::uuid and p.id > ${after}
          and (a.post_id is not null or p.ingested_at > now() - ${WAIT_FOR_ANALYSIS}::interval)
        order by p.id limit ${limit}`,
  )
  const waiting = rows.findIndex((r) => r.state === 'waiting')
  const done = waiting < 0 ? rows : rows.slice(0, waiting)
  const through = done.length ? Number(done[done.length - 1]!.id) : after
  return {
    posts: done.filter((r) => r.state === 'new').map((r) => ({ id: Number(r.id), text: r.text })),
    through,
    more: waiting < 0 && rows.length === limit,
  }
}

/**
 * What discovery reads: the brand's newest complaint posts and newest other analysed posts
 * (not deleted), each up to its limit, with the brand's tracked terms.
 */
export async function readThemeCorpus(
  q: Queryable,
  brandId: string,
  limits: { complaints: number; others: number },
): Promise<{
  complaints: Array<{ id: number; text: string }>
  others: Array<{ text: string }>
  brandTerms: string[]
}> {
  const newest = (isComplaint: boolean, limit: number) =>
    queryRows<{ id: string | number; text: string }>(
      q,
      sql`select p.id, p.text from posts p
          where p.brand_id = ${brandId}::uuid and p.deleted_at is null
            and (select a.is_complaint from analyses a where a.post_id = p.id
                 order by a.created_at desc limit 1) = ${isComplaint}
          order by p.id desc limit ${limit}`,
    )
  // One after another: inside a transaction the queries share one connection.
  const complaints = await newest(true, limits.complaints)
  const others = await newest(false, limits.others)
  const [brand] = await queryRows<{ tracked_terms: string[] }>(
    q,
    sql`select tracked_terms from brands where id = ${brandId}::uuid`,
  )
  return {
    complaints: complaints.map((r) => ({ id: Number(r.id), text: r.text })).reverse(),
    others: others.map((r) => ({ text: r.text })),
    brandTerms: brand?.tracked_terms ?? [],
  }
}

/** The theme each of the posts is in now (posts without one are left out). */
export async function readPlacedPosts(
  q: Queryable,
  postIds: number[],
): Promise<Map<number, string>> {
  if (!postIds.length) return new Map()
  const rows = await queryRows<{ post_id: string | number; theme_id: string }>(
    q,
    sql`select post_id, theme_id from post_themes where post_id = ${anyOf(postIds, 'bigint')}`,
  )
  return new Map(rows.map((r) => [Number(r.post_id), r.theme_id]))
}

/**
 * Puts posts in themes, each with its posted_at (a theme's period is read by it). A post that
 * has a theme keeps it (its first placement, or an adviser's, wins), and a post deleted
 * meanwhile is skipped; returns how many joined.
 */
export async function insertPostThemes(
  q: Queryable,
  brandId: string,
  rows: Array<{ postId: number; themeId: string; weight: number }>,
): Promise<number> {
  if (!rows.length) return 0
  const inserted = await queryRows<{ post_id: string }>(
    q,
    sql`insert into post_themes (post_id, brand_id, theme_id, weight, posted_at)
        select r.post_id, ${brandId}::uuid, r.theme_id, r.weight, p.posted_at
        from ${jsonRecordset(
          rows.map((r) => ({ post_id: r.postId, theme_id: r.themeId, weight: r.weight })),
          'post_id bigint, theme_id uuid, weight real',
        )}
        join posts p on p.id = r.post_id and p.deleted_at is null
        on conflict (post_id) do nothing
        returning post_id`,
  )
  return inserted.length
}
