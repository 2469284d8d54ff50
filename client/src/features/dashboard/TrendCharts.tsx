import { useMemo } from 'react'
import type { AlertView } from '../../../../shared/schemas/alerts.js'
import type { AnnouncementView } from '../../../../shared/schemas/announcements.js'
import type { TrendsView } from '../../../../shared/schemas/trends.js'
import { clockTime } from '../../lib/format.js'
import { ChartCard } from './ChartCard.js'
import { markersFor, sentimentSeries, shareSeries, timeline, volumeSeries } from './chartData.js'

const GRAIN_TEXT = { minute: 'minute', hour: 'hour', day: 'day' } as const
const percent = (v: number) => `${Math.round(v)}%`
const count = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1))

/**
 * Volume, sentiment and the negative share over the period, the previous period dashed when
 * comparing, and every announcement and alert marked on each chart.
 */
export function TrendCharts({
  trends,
  announcements,
  alerts,
}: {
  trends: TrendsView
  announcements: readonly AnnouncementView[]
  alerts: readonly AlertView[]
}) {
  const t = useMemo(() => timeline(trends), [trends])
  const markers = useMemo(
    () => markersFor(trends, t, announcements, alerts),
    [trends, t, announcements, alerts],
  )
  const volume = useMemo(() => volumeSeries(t), [t])
  const sentiment = useMemo(() => sentimentSeries(t), [t])
  const share = useMemo(() => shareSeries(t), [t])
  const per = GRAIN_TEXT[trends.grain]
  const previous =
    (trends.previous ? '; the previous period is dashed' : '') +
    (t.startsAt
      ? `. Nothing was posted before ${clockTime(t.startsAt)}, so the chart starts there`
      : '')
  return (
    <>
      <ChartCard
        title="Volume"
        caption={`Posts about the brand and complaints among them, per ${per}${previous}. Vertical lines mark announcements (blue, dashed) and alerts (red).`}
        x={t.x}
        series={volume}
        markers={markers}
        formatY={count}
        listMarkers
        testId="chart-volume"
      />
      <ChartCard
        title="Sentiment"
        caption={`Negative, neutral and positive posts per ${per}${previous}. Announcements and alerts are marked as on the volume chart.`}
        x={t.x}
        series={sentiment}
        markers={markers}
        formatY={count}
        testId="chart-sentiment"
      />
      <ChartCard
        title="Negative share"
        caption={`The share of posts that are negative, per ${per}${previous}.`}
        x={t.x}
        series={share}
        markers={markers}
        formatY={percent}
        yMax={100}
        testId="chart-share"
      />
    </>
  )
}
