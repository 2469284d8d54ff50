import { sql, type SQL } from 'drizzle-orm'
import type { AnnouncementKind } from '../../../shared/schemas/announcements.js'
import { AppError } from '../../lib/app-error.js'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'

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
