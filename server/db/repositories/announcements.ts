import { sql, type SQL } from 'drizzle-orm'
import type { AnnouncementKind } from '../../../shared/schemas/announcements.js'
import { AppError } from '../../lib/app-error.js'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'
import { unnest } from '../unnest.js'

/** An announcement with the name of who recorded it. */
export interface AnnouncementRecord {
  id: string
  brandId: string
  kind: AnnouncementKind
  title: string
  body: string | null
  url: string | null
  effectiveAt: Date
  announcedAt: Date | null
  createdBy: { id: string; name: string } | null
  createdAt: Date
}

type Row = {
  id: string
  brand_id: string
  kind: AnnouncementKind
  title: string
  body: string | null
  url: string | null
  effective_at: Date | string
  announced_at: Date | string | null
  created_by: string | null
  created_by_name: string | null
  created_at: Date | string
}

async function selectAnnouncements(q: Queryable, where: SQL): Promise<AnnouncementRecord[]> {
  const rows = await queryRows<Row>(
    q,
    sql`select an.*, u.name as created_by_name
        from announcements an left join users u on u.id = an.created_by
        where ${where}
        order by an.effective_at desc, an.id
        limit 200`,
  )
  return rows.map((r) => ({
    id: r.id,
    brandId: r.brand_id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    url: r.url,
    effectiveAt: new Date(r.effective_at),
    announcedAt: r.announced_at === null ? null : new Date(r.announced_at),
    createdBy: r.created_by
      ? { id: r.created_by, name: r.created_by_name ?? 'a former user' }
      : null,
    createdAt: new Date(r.created_at),
  }))
}

/** A brand's announcements, the latest effective first (200 at most). */
export function listAnnouncements(q: Queryable, brandId: string): Promise<AnnouncementRecord[]> {
  return selectAnnouncements(q, sql`an.brand_id = ${brandId}::uuid`)
}

/** One announcement of a brand; 404 when the brand has no such announcement. */
export async function getAnnouncement(
  q: Queryable,
  input: { brandId: string; announcementId: string },
): Promise<AnnouncementRecord> {
  const [record] = await selectAnnouncements(
    q,
    sql`an.id = ${input.announcementId}::uuid and an.brand_id = ${input.brandId}::uuid`,
  )
  if (!record) throw new AppError('not_found', 'Announcement not found')
  return record
}

/** A brand's range [from, to) whose minute rollups are summed. */
export interface RollupWindow {
  brandId: string
  from: Date
  to: Date
}

/** Posts, complaints and negative posts of a window; zeros when it holds no post. */
export interface WindowCounts {
  posts: number
  complaints: number
  negative: number
}

/**
 * The minute rollups of every window summed (the `all` dimension), in the order given: one
 * statement for a whole list of announcements' before-and-after windows. Reads as `sumRollups`
 * does: the key with the most posts, none when the window holds no post.
 */
export async function sumRollupWindows(
  q: Queryable,
  windows: RollupWindow[],
): Promise<WindowCounts[]> {
  if (!windows.length) return []
  const rows = await queryRows<{
    posts: string | number | null
    complaints: string | number | null
    negative: string | number | null
  }>(
    q,
    sql`select s.posts, s.complaints, s.negative
        from ${unnest([
          [windows.map((w) => w.brandId), 'uuid'],
          [windows.map((w) => w.from.toISOString()), 'timestamptz'],
          [windows.map((w) => w.to.toISOString()), 'timestamptz'],
        ])} with ordinality as w(brand_id, from_at, to_at, n)
        left join lateral (
          select sum(r.posts) as posts, sum(r.complaints) as complaints,
                 sum(r.negative) as negative
          from rollups r
          where r.brand_id = w.brand_id and r.grain = 'minute' and r.dimension = 'all'
            and r.bucket >= w.from_at and r.bucket < w.to_at
          group by r.key having sum(r.posts) > 0
          order by sum(r.posts) desc, r.key
          limit 1
        ) s on true
        order by w.n`,
  )
  return rows.map((r) => ({
    posts: Number(r.posts ?? 0),
    complaints: Number(r.complaints ?? 0),
    negative: Number(r.negative ?? 0),
  }))
}
