import type { TrendsView } from '../../../../shared/schemas/trends.js'
import { absoluteTime, integer } from '../../lib/format.js'
import { toApiError } from '../../lib/http.js'
import { Notice } from '../../ui/Notice.js'
import { RANGE_TEXT, type DashboardRange } from './dashboardRange.js'

/** Which parts of the dashboard could not be read (the rest is shown). */
export function SectionErrors({ failed }: { failed: [string, Error | null][] }) {
  const errors = failed.filter(([, error]) => error !== null)
  if (errors.length === 0) return null
  return (
    <Notice tone="danger">
      {errors
        .map(([what, error]) => `Could not load ${what}: ${toApiError(error).message}`)
        .join(' ')}
    </Notice>
  )
}

const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`)

/** Change against the previous period, in words: "+34% on the previous period". */
function change(now: number, before: number | undefined): string | null {
  if (before === undefined) return null
  if (before === 0) return now === 0 ? 'same as the previous period' : 'none in the previous period'
  const d = Math.round(((now - before) / before) * 100)
  return `${d >= 0 ? '+' : ''}${d}% on the previous period`
}

/** The period's totals, large: the first thing a board looks at. */
export function Headline({ trends }: { trends: TrendsView }) {
  const t = trends.totals
  const p = trends.previous?.totals
  const items = [
    { id: 'posts', label: 'Mentions', value: integer(t.posts), change: change(t.posts, p?.posts) },
    {
      id: 'complaints',
      label: 'Complaints',
      value: integer(t.complaints),
      change: change(t.complaints, p?.complaints),
    },
    {
      id: 'negative-share',
      label: 'Negative share',
      value: pct(t.negativeShare),
      change: p
        ? p.posts
          ? `was ${pct(p.negativeShare)}`
          : 'no posts in the previous period'
        : null,
    },
    {
      id: 'reach-negativity',
      label: 'Reach-weighted negativity',
      value: pct(t.reachNegativity),
      change: p
        ? p.posts
          ? `was ${pct(p.reachNegativity)}`
          : 'no posts in the previous period'
        : null,
    },
  ]
  return (
    <dl className="dash-headline" data-testid="dash-headline">
      {items.map((i) => (
        <div key={i.id} className="headline-item" data-testid={`headline-${i.id}`}>
          <dt>{i.label}</dt>
          <dd>
            <span className="headline-value">{i.value}</span>
            {i.change && <span className="headline-change">{i.change}</span>}
          </dd>
        </div>
      ))}
    </dl>
  )
}

/** On paper only: which brand and which period the report is about. */
export function PrintHeader({
  brandName,
  trends,
  range,
}: {
  brandName: string
  trends: TrendsView | undefined
  range: DashboardRange
}) {
  return (
    <header className="print-only print-header">
      <strong>{brandName}: complaints and sentiment report</strong>
      <span>
        {trends
          ? `${absoluteTime(trends.period.from)} – ${absoluteTime(trends.period.to)}`
          : RANGE_TEXT[range.range]}
        {range.compare ? ', compared with the period before' : ''}
      </span>
    </header>
  )
}
