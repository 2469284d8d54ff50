import {
  TREND_MAX_POINTS,
  type TrendGrain,
  type TrendRangeQuery,
} from '../../../shared/schemas/trends.js'
import { AppError } from '../../lib/app-error.js'

/*
 * TEMPORARY: the dash helper's shared/trend-range.ts resolves ranges for every issue-16 reader;
 * until it is on main this copies its behaviour from shared/schemas/trends.ts's comments. The
 * lead replaces `resolveThemeRange` with that one function when merging.
 */

const HOUR = 3_600_000
const DAY = 24 * HOUR
const PRESETS = { '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY } as const
const GRAIN_MS: Record<TrendGrain, number> = { minute: 60_000, hour: HOUR, day: DAY }

/** A resolved period: [from, to) and the grain of its points. */
export interface ThemePeriod {
  from: Date
  to: Date
  grain: TrendGrain
}

const issue = (path: string, message: string) =>
  new AppError('invalid_request', `${path} ${message}`, [{ path, message }])

/**
 * A range query as instants: the last 24 h, 7 d or 30 d up to `now`, or `from`..`to` for
 * custom. Refuses an empty or reversed range, one longer than `retentionDays`, and a grain
 * that would give more than TREND_MAX_POINTS points. Without a grain: minute up to 36 h,
 * hour up to 60 days, else day.
 */
export function resolveThemeRange(
  query: TrendRangeQuery,
  now: Date,
  retentionDays: number | null = null,
): ThemePeriod {
  let from: Date
  let to: Date
  if (query.range === 'custom') {
    if (!query.from) throw issue('from', 'is needed for a custom range')
    if (!query.to) throw issue('to', 'is needed for a custom range')
    from = new Date(query.from)
    to = new Date(query.to)
    if (to.getTime() < from.getTime()) throw issue('from', 'must not be after to')
    if (to.getTime() === from.getTime())
      throw issue('to', 'must be after from (the range is empty)')
  } else {
    to = now
    from = new Date(now.getTime() - PRESETS[query.range])
  }
  const length = to.getTime() - from.getTime()
  if (retentionDays !== null && length > retentionDays * DAY)
    throw issue('from', `reaches further back than the ${retentionDays} days this brand keeps`)
  const grain =
    query.grain ?? (length <= 36 * HOUR ? 'minute' : length <= 60 * DAY ? 'hour' : 'day')
  if (Math.ceil(length / GRAIN_MS[grain]) > TREND_MAX_POINTS)
    throw issue('grain', `gives more than ${TREND_MAX_POINTS} points over this range`)
  return { from, to, grain }
}

/** The period of the same length just before. */
export const previousPeriod = (p: ThemePeriod): ThemePeriod => ({
  from: new Date(2 * p.from.getTime() - p.to.getTime()),
  to: p.from,
  grain: p.grain,
})
