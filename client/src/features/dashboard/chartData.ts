import type { AlertView } from '../../../../shared/schemas/alerts.js'
import type { AnnouncementView } from '../../../../shared/schemas/announcements.js'
import type { TrendPoint, TrendsView } from '../../../../shared/schemas/trends.js'
import type { ChartMarker, ChartSeries } from './TimeChart.js'

const seconds = (iso: string) => Date.parse(iso) / 1000

/** Chart colours: the sentiment tokens' hues, strong enough for lines on white and on paper. */
export const COLORS = {
  posts: '#3a5ccc',
  complaints: '#e0681c',
  positive: '#12a05c',
  neutral: '#98a2b3',
  negative: '#d1362a',
  previous: '#8a93a3',
} as const

/** A chart's buckets (epoch seconds) and points, and the previous period aligned to them. */
export interface Timeline {
  x: number[]
  points: TrendPoint[]
  /** The previous period's point for each of this period's buckets (null: none there). */
  previous: (TrendPoint | null)[] | null
  /** Where the chart starts when the period's first half was empty (else null). */
  startsAt: string | null
}

/**
 * Lines the previous period up with this one (the same offset from each period's start). When
 * nothing was posted in more than the first half of the period, in either period, the chart
 * starts a little before the first post: a backlash of the last hour drawn over 24 hours is a
 * line and a wall, and the empty hours are said in words (`startsAt`) rather than drawn.
 */
export function timeline(trends: TrendsView): Timeline {
  const all = trends.points.map((p) => seconds(p.at))
  let previous: (TrendPoint | null)[] | null = null
  if (trends.previous) {
    const shift = seconds(trends.period.from) - seconds(trends.previous.period.from)
    const byAt = new Map(trends.previous.points.map((p) => [seconds(p.at) + shift, p]))
    previous = all.map((at) => byAt.get(at) ?? null)
  }
  const first = all.findIndex(
    (_, i) => trends.points[i]!.posts > 0 || (previous?.[i]?.posts ?? 0) > 0,
  )
  const start =
    first > all.length / 2
      ? Math.max(0, first - Math.max(5, Math.round((all.length - first) / 8)))
      : 0
  return {
    x: all.slice(start),
    points: trends.points.slice(start),
    previous: previous?.slice(start) ?? null,
    startsAt: start > 0 ? trends.points[start]!.at : null,
  }
}

type Reader = (p: TrendPoint) => number | null

function line(
  label: string,
  color: string,
  points: readonly TrendPoint[],
  pick: Reader,
  fill?: string,
): ChartSeries {
  return { label, color, values: points.map(pick), fill }
}

function previousLine(label: string, t: Timeline, pick: Reader): ChartSeries[] {
  if (!t.previous) return []
  return [
    {
      label: `${label}, previous period`,
      color: COLORS.previous,
      previous: true,
      values: t.previous.map((p) => (p ? pick(p) : null)),
    },
  ]
}

/** Posts and complaints per bucket, with the previous period's posts when comparing. */
export function volumeSeries(t: Timeline): ChartSeries[] {
  return [
    line('Posts', COLORS.posts, t.points, (p) => p.posts, 'rgba(58,92,204,0.08)'),
    line('Complaints', COLORS.complaints, t.points, (p) => p.complaints),
    ...previousLine('Posts', t, (p) => p.posts),
  ]
}

/** Positive, neutral and negative posts per bucket. */
export function sentimentSeries(t: Timeline): ChartSeries[] {
  return [
    line('Negative', COLORS.negative, t.points, (p) => p.negative, 'rgba(209,54,42,0.08)'),
    line('Neutral', COLORS.neutral, t.points, (p) => p.neutral),
    line('Positive', COLORS.positive, t.points, (p) => p.positive),
    ...previousLine('Negative', t, (p) => p.negative),
  ]
}

/** The negative share per bucket, as a percentage (gaps where a bucket had no posts). */
export function shareSeries(t: Timeline): ChartSeries[] {
  const pct: Reader = (p) => (p.negativeShare === null ? null : p.negativeShare * 100)
  return [
    line('Negative share', COLORS.negative, t.points, pct, 'rgba(209,54,42,0.06)'),
    ...previousLine('Negative share', t, pct),
  ]
}

/** The announcements and alerts inside the chart's period, as markers for every chart. */
export function markersFor(
  trends: TrendsView,
  t: Timeline,
  announcements: readonly AnnouncementView[],
  alerts: readonly AlertView[],
): ChartMarker[] {
  const from = t.x[0] ?? seconds(trends.period.from)
  const to = seconds(trends.period.to)
  const inside = (at: number) => at >= from && at < to
  return [
    ...announcements
      .map((a) => ({ at: seconds(a.effectiveAt), label: a.title, kind: 'announcement' as const }))
      .filter((m) => inside(m.at)),
    ...alerts
      .map((a) => ({
        at: seconds(a.at),
        label: `Alert on ${a.series === 'complaints' ? 'complaints' : 'all mentions'}: ${a.severity}, ${multiple(a)} expected`,
        kind: 'alert' as const,
      }))
      .filter((m) => inside(m.at)),
  ].sort((a, b) => a.at - b.at)
}

/** "4.2×" or "—" when nothing was expected: how far above the expected level an alert is. */
export function multiple(alert: Pick<AlertView, 'observed' | 'expected'>): string {
  if (alert.expected < 0.5) return `${Math.round(alert.observed)} posts, almost none`
  const m = alert.observed / alert.expected
  return `${m >= 10 ? Math.round(m) : m.toFixed(1)}×`
}
