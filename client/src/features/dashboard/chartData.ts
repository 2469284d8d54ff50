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

/** A chart's x (epoch seconds) and a reader of the previous period aligned to it. */
export interface Timeline {
  x: number[]
  /** The previous period's point for each of this period's buckets (null: none there). */
  previous: (TrendPoint | null)[] | null
}

/** Lines the previous period up with this one: the same offset from each period's start. */
export function timeline(trends: TrendsView): Timeline {
  const x = trends.points.map((p) => seconds(p.at))
  if (!trends.previous) return { x, previous: null }
  const shift = seconds(trends.period.from) - seconds(trends.previous.period.from)
  const byAt = new Map(trends.previous.points.map((p) => [seconds(p.at) + shift, p]))
  return { x, previous: x.map((at) => byAt.get(at) ?? null) }
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
export function volumeSeries(trends: TrendsView, t: Timeline): ChartSeries[] {
  return [
    line('Posts', COLORS.posts, trends.points, (p) => p.posts, 'rgba(58,92,204,0.08)'),
    line('Complaints', COLORS.complaints, trends.points, (p) => p.complaints),
    ...previousLine('Posts', t, (p) => p.posts),
  ]
}

/** Positive, neutral and negative posts per bucket. */
export function sentimentSeries(trends: TrendsView, t: Timeline): ChartSeries[] {
  return [
    line('Negative', COLORS.negative, trends.points, (p) => p.negative, 'rgba(209,54,42,0.08)'),
    line('Neutral', COLORS.neutral, trends.points, (p) => p.neutral),
    line('Positive', COLORS.positive, trends.points, (p) => p.positive),
    ...previousLine('Negative', t, (p) => p.negative),
  ]
}

/** The negative share per bucket, as a percentage (gaps where a bucket had no posts). */
export function shareSeries(trends: TrendsView, t: Timeline): ChartSeries[] {
  const pct: Reader = (p) => (p.negativeShare === null ? null : p.negativeShare * 100)
  return [
    line('Negative share', COLORS.negative, trends.points, pct, 'rgba(209,54,42,0.06)'),
    ...previousLine('Negative share', t, pct),
  ]
}

/** The announcements and alerts inside the chart's period, as markers for every chart. */
export function markersFor(
  trends: TrendsView,
  announcements: readonly AnnouncementView[],
  alerts: readonly AlertView[],
): ChartMarker[] {
  const from = seconds(trends.period.from)
  const to = seconds(trends.period.to)
  const inside = (at: number) => at >= from && at < to
  return [
    ...announcements
      .map((a) => ({ at: seconds(a.effectiveAt), label: a.title, kind: 'announcement' as const }))
      .filter((m) => inside(m.at)),
    ...alerts
      .map((a) => ({
        at: seconds(a.at),
        label: `Alert: ${a.severity}, ${multiple(a)} expected`,
        kind: 'alert' as const,
      }))
      .filter((m) => inside(m.at)),
  ].sort((a, b) => a.at - b.at)
}

/** "4.2×" or "—" when nothing was expected: how far above the expected level an alert is. */
export function multiple(alert: Pick<AlertView, 'observed' | 'expected'>): string {
  if (alert.expected <= 0) return `${Math.round(alert.observed)} posts, none`
  const m = alert.observed / alert.expected
  return `${m >= 10 ? Math.round(m) : m.toFixed(1)}×`
}
