import { sql } from 'drizzle-orm'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'
import { anyOf } from '../unnest.js'

/** A stored theme (0021's `themes` row). */
export interface ThemeRecord {
  id: string
  brandId: string
  name: string
  phrases: string[]
  namedBy: string | null
  hidden: boolean
  mergedInto: string | null
  createdAt: Date
  updatedAt: Date
}

type Row = {
  id: string
  brand_id: string
  name: string
  phrases: string[]
  named_by: string | null
  hidden: boolean
  merged_into: string | null
  created_at: Date | string
  updated_at: Date | string
}

const toRecord = (r: Row): ThemeRecord => ({
  id: r.id,
  brandId: r.brand_id,
  name: r.name,
  phrases: r.phrases,
  namedBy: r.named_by,
  hidden: r.hidden,
  mergedInto: r.merged_into,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
})

const COLUMNS = sql`id, brand_id, name, phrases, named_by, hidden, merged_into, created_at,
  updated_at`

/** The brand's themes that hold posts (not merged away), oldest first. */
export async function listLiveThemes(q: Queryable, brandId: string): Promise<ThemeRecord[]> {
  const rows = await queryRows<Row>(
    q,
    sql`select ${COLUMNS} from themes where brand_id = ${brandId}::uuid and merged_into is null
        order by created_at, id`,
  )
  return rows.map(toRecord)
}

/** Themes by id, of one brand only: a theme of another brand is as unknown as a missing one. */
export async function findThemes(
  q: Queryable,
  brandId: string,
  ids: string[],
): Promise<ThemeRecord[]> {
  if (!ids.length) return []
  const rows = await queryRows<Row>(
    q,
    sql`select ${COLUMNS} from themes
        where brand_id = ${brandId}::uuid and id = ${anyOf(ids, 'uuid')}`,
  )
  return rows.map(toRecord)
}

/**
 * Where a theme id leads now: itself, or the theme it was merged into (following merges of
 * merges). Null when the brand has no such theme.
 */
export async function resolveThemeId(
  q: Queryable,
  brandId: string,
  themeId: string,
): Promise<string | null> {
  const [row] = await queryRows<{ id: string }>(
    q,
    sql`with recursive chain(id, merged_into, depth) as (
          select id, merged_into, 0 from themes where id = ${themeId}::uuid
            and brand_id = ${brandId}::uuid
          union all
          select t.id, t.merged_into, c.depth + 1 from themes t join chain c on t.id = c.merged_into
          where c.depth < 50
        )
        select id from chain where merged_into is null limit 1`,
  )
  return row?.id ?? null
}

export async function insertTheme(
  q: Queryable,
  input: { brandId: string; name: string; phrases: string[]; namedBy?: string | null },
): Promise<ThemeRecord> {
  const [row] = await queryRows<Row>(
    q,
    sql`insert into themes (brand_id, name, phrases, named_by)
        values (${input.brandId}::uuid, ${input.name}, ${sql.param(input.phrases)}::text[],
          ${input.namedBy ?? null}::uuid)
        returning ${COLUMNS}`,
  )
  return toRecord(row!)
}

/** Changes what is given of a theme (and its updated_at); returns it as stored now. */
export async function updateTheme(
  q: Queryable,
  id: string,
  change: { name?: string; namedBy?: string | null; phrases?: string[]; hidden?: boolean },
): Promise<ThemeRecord> {
  const sets = [sql`updated_at = now()`]
  if (change.name !== undefined) sets.push(sql`name = ${change.name}`)
  if (change.namedBy !== undefined) sets.push(sql`named_by = ${change.namedBy}::uuid`)
  if (change.phrases !== undefined) sets.push(sql`phrases = ${sql.param(change.phrases)}::text[]`)
  if (change.hidden !== undefined) sets.push(sql`hidden = ${change.hidden}`)
  const [row] = await queryRows<Row>(
    q,
    sql`update themes set ${sql.join(sets, sql`, `)} where id = ${id}::uuid returning ${COLUMNS}`,
  )
  return toRecord(row!)
}

/** Complaint posts per theme (all time), for the audit rows and the editor. */
export async function countThemePosts(q: Queryable, ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map()
  const rows = await queryRows<{ theme_id: string; n: string | number }>(
    q,
    sql`select theme_id, count(*) as n from post_themes where theme_id = ${anyOf(ids, 'uuid')}
        group by theme_id`,
  )
  return new Map(rows.map((r) => [r.theme_id, Number(r.n)]))
}

/** One of a theme's top complainers in a period. */
export interface ThemeComplainer {
  themeId: string
  authorId: number
  handle: string
  network: string
  followers: number | null
}

/** The themes to rank complainers of, each read by the walk that passes fewer rows. */
export interface ThemeWalks {
  by_reach: string[]
  by_arrival: string[]
}

/** The order of a theme's complainers: authors_by_reach's. */
const BY_REACH = sql`a.reach desc nulls last, a.followers desc nulls last, a.id`

/** A theme's post_themes rows of a period: a range of post_themes_by_theme_posted. */
const inPeriod = (period: { from: Date; to: Date }) =>
  sql`pt.posted_at >= ${period.from.toISOString()}::timestamptz
      and pt.posted_at < ${period.to.toISOString()}::timestamptz`

/**
 * `top`: a theme's (`t.theme_id`) `limit` authors with the most reach (then followers) among
 * those with a complaint post in the period that is not deleted.
 * - by_reach walks authors_by_reach from the top, asking each (posts_author) for a post of the
 *   period in the theme, and stops at `limit`: cheap when many authors wrote in the theme;
 * - by_arrival reads the theme's posts of the period (post_themes_by_theme_posted), joins only
 *   those to posts, and ranks their authors: cheap when the theme was quiet.
 */
function topOfTheme(walk: keyof ThemeWalks, period: { from: Date; to: Date }, limit: number) {
  if (walk === 'by_reach') {
    // A lateral with a limit is not flattened into a join: the walk stops at `limit` hits.
    return sql`select a.id, a.handle, a.network, a.followers, a.reach from authors a
      cross join lateral (
        select 1 from posts p join post_themes pt on pt.post_id = p.id
        where p.author_id = a.id and p.deleted_at is null
          and p.posted_at >= ${period.from.toISOString()}::timestamptz
          and p.posted_at < ${period.to.toISOString()}::timestamptz
          and pt.theme_id = t.theme_id
        limit 1) hit
      order by ${BY_REACH} limit ${limit}`
  }
  // Each author by its key (a lateral with a limit is not made a hash join over all authors).
  return sql`select a.id, a.handle, a.network, a.followers, a.reach
    from (select distinct p.author_id from post_themes pt join posts p on p.id = pt.post_id
          where pt.theme_id = t.theme_id and ${inPeriod(period)} and p.deleted_at is null) x
    cross join lateral (select * from authors a where a.id = x.author_id limit 1) a
    order by ${BY_REACH} limit ${limit}`
}

/**
 * Each theme's most-reached authors (reach, then followers) of its complaint posts written in
 * [from, to) and not deleted, up to `limit` per theme; both walks give the same answer.
 */
export async function topThemeComplainers(
  q: Queryable,
  walks: ThemeWalks,
  period: { from: Date; to: Date },
  limit = 5,
): Promise<ThemeComplainer[]> {
  const found: ThemeComplainer[] = []
  for (const walk of ['by_reach', 'by_arrival'] as const) {
    if (!walks[walk].length) continue
    const rows = await queryRows<{
      theme_id: string
      id: string | number
      handle: string
      network: string
      followers: string | number | null
    }>(
      q,
      sql`select t.theme_id, top.id, top.handle, top.network, top.followers
          from unnest(${sql.param(walks[walk])}::uuid[]) with ordinality as t(theme_id, n)
          cross join lateral (${topOfTheme(walk, period, limit)}) top
          order by t.n, top.reach desc nulls last, top.followers desc nulls last, top.id`,
    )
    for (const r of rows) {
      found.push({
        themeId: r.theme_id,
        authorId: Number(r.id),
        handle: r.handle,
        network: r.network,
        followers: r.followers === null ? null : Number(r.followers),
      })
    }
  }
  return found
}
