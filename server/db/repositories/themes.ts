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

/**
 * How the themes' complainers are found (both give the same answer):
 * - `by_reach`: these themes together, walking authors_by_reach from the top `depth` authors
 *   at most, each asked (posts_author) for the themes of its posts in the period: cheap when
 *   many authors wrote in them, since few are passed over, and one walk serves them all;
 * - `by_arrival`: each theme's posts of the period (post_themes_by_theme_posted), joined to
 *   posts and authors, its authors ranked: cheap when the theme was quiet.
 */
export interface ThemeWalks {
  by_reach: { themeIds: string[]; depth: number }
  by_arrival: string[]
}

/** The order of a theme's complainers: authors_by_reach's. */
const BY_REACH = sql`a.reach desc nulls last, a.followers desc nulls last, a.id`

type ComplainerRow = {
  theme_id: string
  id: string | number
  handle: string
  network: string
  followers: string | number | null
}

const toComplainer = (r: ComplainerRow): ThemeComplainer => ({
  themeId: r.theme_id,
  authorId: Number(r.id),
  handle: r.handle,
  network: r.network,
  followers: r.followers === null ? null : Number(r.followers),
})

/**
 * The first `depth` authors by reach, each with the themes (of `themeIds`) of its undeleted
 * posts in the period; up to `limit` of them per theme, in order. A theme with `limit` among
 * them has its top complainers: no author further down ranks higher.
 */
async function walkByReach(
  q: Queryable,
  walk: ThemeWalks['by_reach'],
  period: { from: Date; to: Date },
  limit: number,
): Promise<ComplainerRow[]> {
  return queryRows<ComplainerRow>(
    q,
    sql`with walked as (
          select a.id, a.handle, a.network, a.followers, a.reach from authors a
          order by ${BY_REACH} limit ${walk.depth}),
        hits as (
          select h.theme_id, a.*, row_number() over (partition by h.theme_id order by ${BY_REACH})
            as rank
          from walked a cross join lateral (
            select distinct pt.theme_id from posts p join post_themes pt on pt.post_id = p.id
            where p.author_id = a.id and p.deleted_at is null
              and p.posted_at >= ${period.from.toISOString()}::timestamptz
              and p.posted_at < ${period.to.toISOString()}::timestamptz
              and pt.theme_id = ${anyOf(walk.themeIds, 'uuid')}) h)
        select theme_id, id, handle, network, followers from hits where rank <= ${limit}
        order by theme_id, rank`,
  )
}

/** Each theme's `limit` authors with the most reach among its posts of the period. */
async function walkByArrival(
  q: Queryable,
  themeIds: string[],
  period: { from: Date; to: Date },
  limit: number,
): Promise<ComplainerRow[]> {
  // Each author by its key (a lateral with a limit is not made a hash join over all authors).
  return queryRows<ComplainerRow>(
    q,
    sql`select t.theme_id, top.id, top.handle, top.network, top.followers
        from unnest(${sql.param(themeIds)}::uuid[]) with ordinality as t(theme_id, n)
        cross join lateral (
          select a.id, a.handle, a.network, a.followers, a.reach
          from (select distinct p.author_id from post_themes pt join posts p on p.id = pt.post_id
                where pt.theme_id = t.theme_id and p.deleted_at is null
                  and pt.posted_at >= ${period.from.toISOString()}::timestamptz
                  and pt.posted_at < ${period.to.toISOString()}::timestamptz) x
          cross join lateral (select * from authors a where a.id = x.author_id limit 1) a
          order by ${BY_REACH} limit ${limit}) top
        order by t.n, top.reach desc nulls last, top.followers desc nulls last, top.id`,
  )
}

/**
 * Each theme's most-reached authors (reach, then followers) of its complaint posts written in
 * [from, to) and not deleted, up to `limit` per theme. A theme the reach walk leaves short
 * (fewer complainers than its volume promised) is read by arrival.
 */
export async function topThemeComplainers(
  q: Queryable,
  walks: ThemeWalks,
  period: { from: Date; to: Date },
  limit = 5,
): Promise<ThemeComplainer[]> {
  const found: ComplainerRow[] = []
  const byArrival = [...walks.by_arrival]
  if (walks.by_reach.themeIds.length) {
    const rows = await walkByReach(q, walks.by_reach, period, limit)
    for (const id of walks.by_reach.themeIds) {
      const ofTheme = rows.filter((r) => r.theme_id === id)
      if (ofTheme.length === limit) found.push(...ofTheme)
      else byArrival.push(id)
    }
  }
  if (byArrival.length) found.push(...(await walkByArrival(q, byArrival, period, limit)))
  return found.map(toComplainer)
}
