import type { AnnouncementView } from '../../../shared/schemas/announcements.js'
import type { Queryable } from '../../db/client.js'
import type { AnnouncementRecord } from '../../db/repositories/announcements.js'
import { sumRollups } from '../../db/repositories/rollups.js'

const HOUR = 3600_000
/** Impact compares at most a day before with a day after. */
const IMPACT_MAX_MS = 24 * HOUR

type Side = NonNullable<AnnouncementView['impact']>['before']

/** Posts, complaints and the negative share in [from, to), from the minute rollups. */
async function sideOf(q: Queryable, brandId: string, from: Date, to: Date): Promise<Side> {
  const [all] = await sumRollups(q, { brandId, grain: 'minute', dimension: 'all', from, to })
  const posts = all?.posts ?? 0
  return {
    posts,
    complaints: all?.complaints ?? 0,
    negativeShare: posts ? all!.negative / posts : null,
  }
}

/**
 * Volume and sentiment in equal windows before and after the announcement took effect: as long
 * as has passed since then, at most a day. Null until it has taken effect.
 */
export async function announcementImpact(
  q: Queryable,
  a: AnnouncementRecord,
  now: Date,
): Promise<AnnouncementView['impact']> {
  const span = Math.min(IMPACT_MAX_MS, now.getTime() - a.effectiveAt.getTime())
  if (span <= 0) return null
  const at = a.effectiveAt.getTime()
  return {
    windowHours: Math.round((span / HOUR) * 100) / 100,
    before: await sideOf(q, a.brandId, new Date(at - span), a.effectiveAt),
    after: await sideOf(q, a.brandId, a.effectiveAt, new Date(at + span)),
  }
}
