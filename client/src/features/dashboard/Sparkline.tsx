/**
 * A theme's complaint posts over the period as a small SVG line (decorative: the numbers are
 * beside it). Missing buckets count as zero.
 */
export function Sparkline({
  points,
  from,
  to,
  width = 96,
  height = 24,
}: {
  points: readonly { at: string; count: number }[]
  from: string
  to: string
  width?: number
  height?: number
}) {
  // Like the charts, start near the first point when the period's first half was empty.
  const period = Date.parse(from)
  const end = Date.parse(to)
  const firstAt = points.length ? Math.min(...points.map((p) => Date.parse(p.at))) : period
  const start = firstAt - period > (end - period) / 2 ? firstAt - (end - firstAt) / 8 : period
  const span = Math.max(1, end - start)
  const max = Math.max(1, ...points.map((p) => p.count))
  const coords = points.map((p) => {
    const x = ((Date.parse(p.at) - start) / span) * width
    const y = height - 1 - (p.count / max) * (height - 2)
    return `${x.toFixed(1)},${y.toFixed(1)}`
  })
  const path = coords.length > 1 ? `M${coords.join('L')}` : ''
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      aria-hidden="true"
      focusable="false"
    >
      <line x1="0" y1={height - 0.5} x2={width} y2={height - 0.5} className="sparkline-base" />
      {path && <path d={path} className="sparkline-line" />}
      {coords.length === 1 && (
        <circle cx={coords[0]!.split(',')[0]} cy={coords[0]!.split(',')[1]} r="2" />
      )}
    </svg>
  )
}
