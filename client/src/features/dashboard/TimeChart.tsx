import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { observeSize } from '../../ui/observeSize.js'

/** One line of a chart. `values` are aligned with the chart's `x`; null is a gap. */
export interface ChartSeries {
  label: string
  values: (number | null)[]
  color: string
  /** The previous period, drawn dashed and thinner. */
  previous?: boolean
  fill?: string
}

/** A moment marked on the chart: an announcement (labelled) or an alert. */
export interface ChartMarker {
  /** Epoch seconds. */
  at: number
  label: string
  kind: 'announcement' | 'alert'
}

const MARKER_COLOR = { announcement: '#3a5ccc', alert: '#d92d20' } as const

/**
 * Announcements and alerts as vertical lines over the plot, the announcements labelled at the
 * top (clipped to the plot, so a long title never spills over the axes).
 */
function markersPlugin(markers: readonly ChartMarker[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const { ctx } = u
        const { left, top, width, height } = u.bbox
        const ratio = window.devicePixelRatio || 1
        ctx.save()
        ctx.beginPath()
        ctx.rect(left, top, width, height)
        ctx.clip()
        ctx.font = `${11 * ratio}px system-ui, sans-serif`
        ctx.textBaseline = 'top'
        markers.forEach((m, i) => {
          const x = Math.round(u.valToPos(m.at, 'x', true))
          if (x < left || x > left + width) return
          ctx.strokeStyle = MARKER_COLOR[m.kind]
          ctx.fillStyle = MARKER_COLOR[m.kind]
          ctx.lineWidth = (m.kind === 'alert' ? 2 : 1.5) * ratio
          ctx.setLineDash(m.kind === 'alert' ? [] : [4 * ratio, 3 * ratio])
          ctx.beginPath()
          ctx.moveTo(x, top)
          ctx.lineTo(x, top + height)
          ctx.stroke()
          ctx.setLineDash([])
          if (m.kind === 'alert') {
            // A small flag at the top: alerts are named in the legend list under the chart.
            ctx.beginPath()
            ctx.moveTo(x, top)
            ctx.lineTo(x + 8 * ratio, top + 4 * ratio)
            ctx.lineTo(x, top + 8 * ratio)
            ctx.fill()
          } else {
            const label = m.label.length > 28 ? `${m.label.slice(0, 27)}…` : m.label
            // Stagger the labels of neighbouring announcements so they do not overprint.
            const y = top + 2 * ratio + (i % 3) * 14 * ratio
            const w = ctx.measureText(label).width + 6 * ratio
            const textX = x + w + 4 * ratio > left + width ? x - w - 2 * ratio : x + 3 * ratio
            ctx.fillStyle = 'rgba(255,255,255,0.85)'
            ctx.fillRect(textX, y - 1 * ratio, w, 13 * ratio)
            ctx.fillStyle = MARKER_COLOR.announcement
            ctx.fillText(label, textX + 3 * ratio, y)
          }
        })
        ctx.restore()
      },
    },
  }
}

/**
 * A time series chart drawn by uPlot on a canvas (fast at 100k points), sized to its box with
 * a ResizeObserver and rebuilt when its data changes. The canvas is an image to assistive tech
 * (`label`); the same numbers are in the chart's table view.
 */
export function TimeChart({
  label,
  x,
  series,
  markers,
  formatY,
  yMax,
  height = 220,
  testId,
}: {
  label: string
  /** Epoch seconds of each bucket. */
  x: number[]
  series: readonly ChartSeries[]
  markers: readonly ChartMarker[]
  formatY?: (v: number) => string
  /** A fixed top of the y axis; else the data's (the axis always starts at 0). */
  yMax?: number
  height?: number
  testId?: string
}) {
  const box = useRef<HTMLDivElement>(null)

  useEffect(() => {
    const el = box.current
    if (!el) return
    const options: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      // The legend names the lines; the numbers under the cursor are in the table view.
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true },
        y: { range: (_u, _min, max) => [0, yMax ?? Math.max(1, max * 1.1)] },
      },
      axes: [
        { stroke: '#646c78', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#e6e8ec' } },
        {
          stroke: '#646c78',
          grid: { stroke: '#eef0f3' },
          ticks: { stroke: '#e6e8ec' },
          size: 52,
          values: formatY ? (_u, ticks) => ticks.map(formatY) : undefined,
        },
      ],
      series: [
        { label: 'Time' },
        ...series.map((s): uPlot.Series => ({
          label: s.label,
          stroke: s.color,
          width: s.previous ? 1.25 : 2,
          dash: s.previous ? [5, 4] : undefined,
          fill: s.fill,
          spanGaps: false,
          points: { show: false },
          value: formatY ? (_u, v) => (v === null ? '–' : formatY(v)) : undefined,
        })),
      ],
      plugins: [markersPlugin(markers)],
    }
    const data = [x, ...series.map((s) => s.values)] as uPlot.AlignedData
    const plot = new uPlot(options, data, el)
    const stop = observeSize(el, () => {
      const width = Math.max(200, el.clientWidth)
      if (width !== plot.width) plot.setSize({ width, height })
    })
    return () => {
      stop()
      plot.destroy()
    }
  }, [x, series, markers, formatY, yMax, height])

  return <div ref={box} className="time-chart" role="img" aria-label={label} data-testid={testId} />
}
