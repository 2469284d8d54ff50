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
 * Each theme's most-reached authors (reach, then followers) of its complaint posts written in
 * [from, to), up to `limit` per theme. Walks post_themes by theme (its index).
 */
export async function topThemeComplainers(
  q: Queryable,
  themeIds: string[],
  period: { from: Date; to: Date },
  limit = 5,
): Promise<ThemeComplainer[]> {
  if (!themeIds.length) return []
  const rows = await queryRows<{
    theme_id: string
    author_id: string | number
    handle: string
    network: string
    followers: string | number | null
  }>(
    q,
    sql`select t.theme_id, top.author_id, top.handle, top.network, top.followers
        from unnest(${sql.param(themeIds)}::uuid[]) as t(theme_id)
        cross join lateral (
          select au.id as author_id, au.handle, au.network, max(au.followers) as followers
          from post_themes pt
          join posts p on p.id = pt.post_id
          join authors au on au.id = p.author_id
          where pt.theme_id = t.theme_id and p.deleted_at is null
            and p.posted_at >= ${period.from.toISOString()}::timestamptz
            and p.posted_at < ${period.to.toISOString()}::timestamptz
          group by au.id, au.handle, au.network
          order by max(au.reach) desc nulls last, max(au.followers) desc nulls last, au.id
          limit ${limit}
        ) top`,
  )
  return rows.map((r) => ({
    themeId: r.theme_id,
    authorId: Number(r.author_id),
    handle: r.handle,
    network: r.network,
    followers: r.followers === null ? null : Number(r.followers),
  }))
}
