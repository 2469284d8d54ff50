import { sql } from 'drizzle-orm'
import type { NotificationKind } from '../../../shared/schemas/notifications.js'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'
import { anyOf } from '../unnest.js'
import { notifications } from '../schema.js'

/** A notification to write: for whom, what, about which complaint (or alert), by whom. */
export type NotificationInput = {
  userId: string
  kind: NotificationKind
  actorId: string | null
} & ({ complaintId: string; alertId?: never } | { alertId: string; complaintId?: never })

/** The spike an `alert_raised` notification is about. */
export interface NotifiedAlert {
  id: string
  series: string
  severity: string
  observed: number
  expected: number
}

/** A notification as its view shows it. */
export interface NotificationRecord {
  id: number
  userId: string
  kind: NotificationKind
  brandId: string
  brandSlug: string
  complaintId: string | null
  alert: NotifiedAlert | null
  actorName: string | null
  handle: string
  excerpt: string
  createdAt: Date
  readAt: Date | null
}

/** Writes notifications (none to the person who caused them) and returns their ids. */
export async function insertNotifications(
  q: Queryable,
  items: NotificationInput[],
): Promise<number[]> {
  const wanted = items.filter((n) => n.userId !== n.actorId)
  if (!wanted.length) return []
  const rows = await q.insert(notifications).values(wanted).returning({ id: notifications.id })
  return rows.map((r) => r.id)
}

const SELECT_VIEWS = sql`
  select n.id, n.user_id, n.kind, b.id as brand_id, b.slug as brand_slug, n.complaint_id,
         a.name as actor_name, coalesce(au.handle, '') as handle,
         coalesce(left(p.text, 140), '') as excerpt, n.created_at, n.read_at,
         al.id as alert_id, al.series as alert_series, al.severity as alert_severity,
         al.observed as alert_observed, al.expected as alert_expected
  from notifications n
  left join complaints c on c.id = n.complaint_id
  left join alerts al on al.id = n.alert_id
  join brands b on b.id = coalesce(c.brand_id, al.brand_id)
  left join posts p on p.id = c.lead_post_id
  left join authors au on au.id = p.author_id
  left join users a on a.id = n.actor_id`

type Row = {
  id: string | number
  user_id: string
  kind: NotificationKind
  brand_id: string
  brand_slug: string
  complaint_id: string | null
  alert_id: string | null
  alert_series: string | null
  alert_severity: string | null
  alert_observed: number | string | null
  alert_expected: number | string | null
  actor_name: string | null
  handle: string
  excerpt: string
  created_at: Date | string
  read_at: Date | string | null
}

const toRecord = (r: Row): NotificationRecord => ({
  id: Number(r.id),
  userId: r.user_id,
  kind: r.kind,
  brandId: r.brand_id,
  brandSlug: r.brand_slug,
  complaintId: r.complaint_id,
  alert: r.alert_id
    ? {
        id: r.alert_id,
        series: r.alert_series!,
        severity: r.alert_severity!,
        observed: Number(r.alert_observed),
        expected: Number(r.alert_expected),
      }
    : null,
  actorName: r.actor_name,
  handle: r.handle,
  excerpt: r.excerpt,
  createdAt: new Date(r.created_at),
  readAt: r.read_at === null ? null : new Date(r.read_at),
})

export async function loadNotifications(
  q: Queryable,
  ids: number[],
): Promise<NotificationRecord[]> {
  if (!ids.length) return []
  const rows = await queryRows<Row>(
    q,
    sql`${SELECT_VIEWS} where n.id = ${anyOf(ids, 'bigint')} order by n.id`,
  )
  return rows.map(toRecord)
}

/** One person's newest notifications. */
export async function listNotifications(
  q: Queryable,
  userId: string,
  limit: number,
): Promise<NotificationRecord[]> {
  const rows = await queryRows<Row>(
    q,
    sql`${SELECT_VIEWS} where n.user_id = ${userId}::uuid order by n.id desc limit ${limit}`,
  )
  return rows.map(toRecord)
}

export async function countUnread(q: Queryable, userId: string): Promise<number> {
  const [row] = await queryRows<{ n: string | number }>(
    q,
    sql`select count(*) as n from notifications where user_id = ${userId}::uuid and read_at is null`,
  )
  return Number(row!.n)
}

/** Marks one person's notifications read: the given ones, or all of them. */
export async function markRead(q: Queryable, userId: string, ids: number[] | 'all'): Promise<void> {
  const which = ids === 'all' ? sql`` : sql` and id = ${anyOf(ids, 'bigint')}`
  await q.execute(
    sql`update notifications set read_at = now()
        where user_id = ${userId}::uuid and read_at is null${which}`,
  )
}
