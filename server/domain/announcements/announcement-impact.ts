import type { AnnouncementView } from '../../../shared/schemas/announcements.js'
import type { Queryable } from '../../db/client.js'
import {
  sumRollupWindows,
  type AnnouncementRecord,
  type RollupWindow,
  type WindowCounts,
} from '../../db/repositories/announcements.js'

const HOUR = 3600_000
/** Impact compares at most a day before with a day after. */
const IMPACT_MAX_MS = 24 * HOUR

type Side = NonNullable<AnnouncementView['impact']>['before']

/** Posts, complaints and the negative share of one window. */
const sideOf = (c: WindowCounts): Side => ({
  posts: c.posts,
  complaints: c.complaints,
  negativeShare: c.posts ? c.negative / c.posts : null,
})

/**
 * Volume and sentiment in equal windows before and after each announcement took effect: as
 * long as has passed since then, at most a day; null until it has taken effect. Every window of
 * the list is summed from the minute rollups in one statement.
 */
export async function announcementImpacts(
  q: Queryable,
  announcements: AnnouncementRecord[],
  now: Date,
): Promise<Array<AnnouncementView['impact']>> {
  const spans = announcements.map((a) =>
    Math.min(IMPACT_MAX_MS, now.getTime() - a.effectiveAt.getTime()),
  )
  const windows: RollupWindow[] = []
  announcements.forEach((a, i) => {
    const span = spans[i]!
    if (span <= 0) return
    const at = a.effectiveAt.getTime()
    windows.push(
      { brandId: a.brandId, from: new Date(at - span), to: a.effectiveAt },
      { brandId: a.brandId, from: a.effectiveAt, to: new Date(at + span) },
    )
  })
  const sums = await sumRollupWindows(q, windows)
  let next = 0
  return spans.map((span) => {
    if (span <= 0) return null
    const [before, after] = [sums[next]!, sums[next + 1]!]
    next += 2
    return {
      windowHours: Math.round((span / HOUR) * 100) / 100,
      before: sideOf(before),
      after: sideOf(after),
    }
  })
}
