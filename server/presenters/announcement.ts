import type { AnnouncementView } from '../../shared/schemas/announcements.js'
import type { AnnouncementRecord } from '../db/repositories/announcements.js'

/**
 * Whether the brand told its users before the change took effect: by the announcement time
 * when there is one; without one, no once it has taken effect, and unknown (null) before.
 */
export function announcedFirst(a: AnnouncementRecord, now: Date): boolean | null {
  if (a.announcedAt) return a.announcedAt.getTime() <= a.effectiveAt.getTime()
  return now.getTime() >= a.effectiveAt.getTime() ? false : null
}

/** An announcement as the charts and the dashboard show it, with its impact. */
export function presentAnnouncement(
  a: AnnouncementRecord,
  impact: AnnouncementView['impact'],
  now: Date,
): AnnouncementView {
  return {
    id: a.id,
    brandId: a.brandId,
    kind: a.kind,
    title: a.title,
    body: a.body,
    url: a.url,
    effectiveAt: a.effectiveAt.toISOString(),
    announcedAt: a.announcedAt && a.announcedAt.toISOString(),
    announcedFirst: announcedFirst(a, now),
    impact,
    createdBy: a.createdBy,
    createdAt: a.createdAt.toISOString(),
  }
}
