import { useId, useState } from 'react'
import { absoluteTime } from '../../lib/format.js'
import { Button } from '../../ui/Button.js'
import { DataTable } from '../../ui/DataTable.js'
import { TimeChart, type ChartMarker, type ChartSeries } from './TimeChart.js'

/**
 * A chart in a figure with its caption, its markers named in words under it, and a "Show as
 * table" toggle that renders the same numbers as a table (for screen readers and for copying).
 */
export function ChartCard({
  title,
  caption,
  x,
  series,
  markers,
  formatY,
  yMax,
  listMarkers,
  testId,
}: {
  title: string
  /** What the chart shows, in a sentence (the figure's caption and the canvas's label). */
  caption: string
  x: number[]
  series: readonly ChartSeries[]
  markers: readonly ChartMarker[]
  formatY?: (v: number) => string
  /** A fixed top of the y axis (100 for a percentage); else the data's. */
  yMax?: number
  /** Name the markers in words under this chart (the first one; the others draw them only). */
  listMarkers?: boolean
  testId: string
}) {
  const [asTable, setAsTable] = useState(false)
  const titleId = useId()
  const format = formatY ?? ((v: number) => String(v))
  return (
    <figure className="dash-card chart-card" aria-labelledby={titleId} data-testid={testId}>
      <div className="dash-card-head">
        <h2 id={titleId}>{title}</h2>
        <Button
          size="sm"
          variant="ghost"
          className="no-print"
          aria-pressed={asTable}
          onClick={() => setAsTable((v) => !v)}
          data-testid={`${testId}-table-toggle`}
        >
          {asTable ? 'Show as chart' : 'Show as table'}
        </Button>
      </div>
      {asTable ? (
        <div className="chart-table">
          <DataTable
            columns={['Time', ...series.map((s) => ({ label: s.label, className: 'num' }))]}
            testId={`${testId}-table`}
          >
            {x.map((at, i) => (
              <tr key={at}>
                <td>{absoluteTime(new Date(at * 1000).toISOString())}</td>
                {series.map((s) => {
                  const v = s.values[i]
                  return (
                    <td key={s.label} className="num">
                      {v === null || v === undefined ? '–' : format(v)}
                    </td>
                  )
                })}
              </tr>
            ))}
          </DataTable>
        </div>
      ) : (
        <TimeChart
          label={`${title}: ${caption}`}
          x={x}
          series={series}
          markers={markers}
          formatY={formatY}
          yMax={yMax}
          testId={`${testId}-chart`}
        />
      )}
      <figcaption className="chart-caption">
        {caption}
        {listMarkers && markers.length > 0 && (
          <ul className="chart-markers" aria-label="Marked on the chart">
            {markers.map((m) => (
              <li key={`${m.kind}-${m.at}-${m.label}`} className={`marker-${m.kind}`}>
                <time dateTime={new Date(m.at * 1000).toISOString()}>
                  {absoluteTime(new Date(m.at * 1000).toISOString())}
                </time>{' '}
                {m.label}
              </li>
            ))}
          </ul>
        )}
      </figcaption>
    </figure>
  )
}
