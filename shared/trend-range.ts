import type { Issue } from './errors.js'
import {
  BREAKDOWN_MAX_POINTS,
  TREND_GRAINS,
  TREND_MAX_POINTS,
  type TrendGrain,
  type TrendRangeQuery,
} from './schemas/trends.js'

/** Milliseconds in one bucket of each grain (UTC has no DST, so a day is always 24 h). */
export const GRAIN_MS: Record<TrendGrain, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
}

const DAY_MS = GRAIN_MS.day
const PRESET_MS = { '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS } as const

/** A period [from, to) cut into whole buckets of `grain`. */
export interface TrendPeriod {
  from: Date
  to: Date
}

/** What a TrendRangeQuery meant at a given moment. */
export interface ResolvedTrendRange extends TrendPeriod {
  grain: TrendGrain
  /** The period of the same length just before, when the query asked to compare. */
  previous: TrendPeriod | null
}

/** How long the brand keeps what a range reads. */
export interface TrendRetention {
  /** brands.rollup_retention_days. */
  rollupDays: number
  /** How long minute buckets are kept, when shorter than the rest (null: as long). */
  minuteDays?: number | null
}

export type TrendRangeResult = { ok: true; range: ResolvedTrendRange } | { ok: false; issue: Issue }

const floorTo = (ms: number, grain: TrendGrain) =>
  Math.floor(ms / GRAIN_MS[grain]) * GRAIN_MS[grain]
const ceilTo = (ms: number, grain: TrendGrain) => Math.ceil(ms / GRAIN_MS[grain]) * GRAIN_MS[grain]
const days = (ms: number) => Math.round((ms / DAY_MS) * 10) / 10

/** The grain a period gets when the query names none: minute up to 36 h, hour up to 60 days. */
export function defaultGrain(lengthMs: number): TrendGrain {
  if (lengthMs <= 36 * GRAIN_MS.hour) return 'minute'
  if (lengthMs <= 60 * DAY_MS) return 'hour'
  return 'day'
}

/**
 * The grain a range gets when the query names none: the finest the brand still holds for all
 * it reads (the previous period too, when comparing), starting from `defaultGrain`. A day 40
 * days ago is read by the hour, since minute buckets are gone by then: refusing it would make
 * the dashboard's custom range fail for a grain nobody chose.
 */
function autoGrain(
  lengthMs: number,
  cut: (grain: TrendGrain) => { from: number; to: number },
  now: Date,
  retention: TrendRetention,
  compare: boolean,
): TrendGrain {
  const candidates = TREND_GRAINS.slice(TREND_GRAINS.indexOf(defaultGrain(lengthMs)))
  const fits = candidates.find((grain) => {
    const { from, to } = cut(grain)
    const length = to - from
    const earliest = from - (compare ? length : 0)
    return (
      length / GRAIN_MS[grain] <= TREND_MAX_POINTS &&
      !(grain === 'minute' && isPastMinuteRetention(earliest, now, retention))
    )
  })
  return fits ?? 'day'
}

/** Whether minute buckets starting at `fromMs` were already dropped. */
function isPastMinuteRetention(fromMs: number, now: Date, retention: TrendRetention): boolean {
  const minuteDays = retention.minuteDays
  return minuteDays != null && fromMs < now.getTime() - minuteDays * DAY_MS
}

/**
 * Resolves a dashboard range at `now`: a preset ends with the bucket holding `now`; a custom
 * range is widened to whole buckets. Refuses (naming the field) a custom range without both
 * ends, ends given to a preset, an empty or reversed range, one longer than the brand keeps
 * its rollups or reaching back before them, and a grain giving more than TREND_MAX_POINTS
 * buckets or minute buckets older than they are kept. Without a grain, the finest that fits
 * is chosen (see autoGrain): only a grain the query names is refused for its retention. The
 * one function dashboards, themes and alerts read ranges with.
 */
export function resolveTrendRange(
  query: TrendRangeQuery,
  now: Date,
  retention: TrendRetention,
): TrendRangeResult {
  const refuse = (path: string, message: string): TrendRangeResult => ({
    ok: false,
    issue: { path, message },
  })
  let fromMs: number
  let toMs: number
  if (query.range === 'custom') {
    if (!query.from) return refuse('from', 'range=custom needs from (an ISO time)')
    if (!query.to) return refuse('to', 'range=custom needs to (an ISO time)')
    fromMs = Date.parse(query.from)
    toMs = Date.parse(query.to)
    if (toMs === fromMs) return refuse('to', 'The range is empty: to equals from')
    if (toMs < fromMs) return refuse('to', 'The range is reversed: to is before from')
  } else {
    if (query.from !== undefined) return refuse('from', 'from is read only with range=custom')
    if (query.to !== undefined) return refuse('to', 'to is read only with range=custom')
    toMs = now.getTime()
    fromMs = toMs - PRESET_MS[query.range]
  }

  // A preset keeps its length and ends with the bucket now falls in; a custom range widens.
  const cut = (grain: TrendGrain) => {
    const to = ceilTo(query.range === 'custom' ? toMs : toMs + 1, grain)
    return { from: query.range === 'custom' ? floorTo(fromMs, grain) : to - (toMs - fromMs), to }
  }
  const grain = query.grain ?? autoGrain(toMs - fromMs, cut, now, retention, query.compare)
  const { from, to } = cut(grain)
  const length = to - from

  const keptMs = retention.rollupDays * DAY_MS
  if (length > keptMs) {
    return refuse(
      'range',
      `The range covers ${days(length)} days, longer than this brand keeps its trends (${retention.rollupDays} days)`,
    )
  }
  if (from < floorTo(now.getTime(), 'day') - keptMs) {
    return refuse(
      'from',
      `from is before the oldest trends this brand keeps (${retention.rollupDays} days back)`,
    )
  }
  const points = length / GRAIN_MS[grain]
  if (points > TREND_MAX_POINTS) {
    return refuse(
      'grain',
      `${points} ${grain} buckets are more than ${TREND_MAX_POINTS}: pick a coarser grain or a shorter range`,
    )
  }
  if (grain === 'minute' && isPastMinuteRetention(from, now, retention)) {
    return refuse(
      'grain',
      `Minute buckets are kept for ${retention.minuteDays} days: pick hour or day for a range reaching further back`,
    )
  }
  return {
    ok: true,
    range: {
      from: new Date(from),
      to: new Date(to),
      grain,
      previous: query.compare ? { from: new Date(from - length), to: new Date(from) } : null,
    },
  }
}

/** The start of every bucket of a period, in order: what a zero-filled series has points at. */
export function bucketStarts(period: TrendPeriod, grain: TrendGrain): Date[] {
  const starts: Date[] = []
  for (let at = period.from.getTime(); at < period.to.getTime(); at += GRAIN_MS[grain]) {
    starts.push(new Date(at))
  }
  return starts
}

/**
 * The grain of a period's breakdown lines: `grain`, coarsened until the period has at most
 * BREAKDOWN_MAX_POINTS buckets (day at the coarsest).
 */
export function breakdownGrain(period: TrendPeriod, grain: TrendGrain): TrendGrain {
  const length = period.to.getTime() - period.from.getTime()
  const finest = TREND_GRAINS.indexOf(grain)
  const fits = TREND_GRAINS.slice(finest).find((g) => length / GRAIN_MS[g] <= BREAKDOWN_MAX_POINTS)
  return fits ?? 'day'
}
