import { TREND_RANGES, type TrendRange } from '../../../../shared/schemas/trends.js'
import { queryString } from '../../lib/http.js'
import { setSearchParams, useLocation } from '../../lib/router.js'

/** The dashboard's period as the address carries it: `?range=7d&compare=1` (custom: from/to). */
export interface DashboardRange {
  range: TrendRange
  /** ISO times, for `custom` only. */
  from?: string
  to?: string
  compare: boolean
}

export const RANGE_TEXT: Record<TrendRange, string> = {
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  custom: 'Custom',
}

const isRange = (v: string | null): v is TrendRange =>
  (TREND_RANGES as readonly string[]).includes(v ?? '')
const isoOrUndefined = (v: string | null) =>
  v && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : undefined

/** Reads the range from the address; anything it cannot read falls back to the last 24 hours. */
export function useDashboardRange(): DashboardRange {
  const { search } = useLocation()
  const raw = search.get('range')
  const range = isRange(raw) ? raw : '24h'
  const compare = search.get('compare') === '1'
  if (range !== 'custom') return { range, compare }
  const from = isoOrUndefined(search.get('from'))
  const to = isoOrUndefined(search.get('to'))
  // A custom range without both ends is not one yet: show the last 24 hours meanwhile.
  if (!from || !to) return { range: '24h', compare }
  return { range, from, to, compare }
}

/** Changes the range in the address (a step in the history, so Back undoes it). */
export function setDashboardRange(next: Partial<DashboardRange>): void {
  const params: Record<string, string | null> = {}
  if (next.range !== undefined) params.range = next.range === '24h' ? null : next.range
  if (next.from !== undefined) params.from = next.from
  if (next.to !== undefined) params.to = next.to
  if (next.range !== undefined && next.range !== 'custom')
    Object.assign(params, { from: null, to: null })
  if (next.compare !== undefined) params.compare = next.compare ? '1' : null
  setSearchParams(params, 'push')
}

/** The API's query for a range (`compare=true` as the shared TrendRangeQuery reads it). */
export function rangeQuery(range: DashboardRange): string {
  return queryString({
    range: range.range,
    from: range.range === 'custom' ? range.from : undefined,
    to: range.range === 'custom' ? range.to : undefined,
    compare: range.compare ? 'true' : undefined,
  })
}

/** A stable key for caches and effects. */
export const rangeKey = (r: DashboardRange) =>
  `${r.range}|${r.from ?? ''}|${r.to ?? ''}|${r.compare}`
