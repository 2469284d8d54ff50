import type { KpisView, ResponseKpis } from '../../../../shared/schemas/trends.js'
import { formatDuration } from '../sla/duration.js'

const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`)
const ms = (v: number | null) => (v === null ? '–' : formatDuration(v))

/** The fairness check in words: are the most-reached complainers answered more than the rest? */
function fairness(k: ResponseKpis): string {
  const { top100, rest } = k.answeredShare
  if (top100 === null || rest === null) return 'Not enough answered complaints to compare yet.'
  const gap = Math.round((top100 - rest) * 100)
  if (Math.abs(gap) <= 5)
    return `The top 100 by reach and everyone else are answered alike (${pct(top100)} and ${pct(rest)}).`
  return gap > 0
    ? `The top 100 by reach are answered ${gap} points more often than everyone else (${pct(top100)} against ${pct(rest)}).`
    : `The top 100 by reach are answered ${-gap} points less often than everyone else (${pct(top100)} against ${pct(rest)}).`
}

interface Kpi {
  id: string
  label: string
  value: string
  previous?: string
  note?: string
}

function kpisOf(k: ResponseKpis, p: ResponseKpis | null): Kpi[] {
  return [
    {
      id: 'first-response',
      label: 'First response, median',
      value: k.firstResponse.answered === 0 ? 'None yet' : ms(k.firstResponse.p50Ms),
      previous: p ? ms(p.firstResponse.p50Ms) : undefined,
      note:
        k.firstResponse.answered === 0
          ? 'No complaint of the period has been answered'
          : `90% within ${ms(k.firstResponse.p90Ms)}; ${k.firstResponse.answered} answered`,
    },
    {
      id: 'answered-top',
      label: 'Answered, top 100 by reach',
      value: pct(k.answeredShare.top100),
      previous: p ? pct(p.answeredShare.top100) : undefined,
      note: `Everyone else: ${pct(k.answeredShare.rest)}${p && p.answeredShare.rest !== null ? ` (was ${pct(p.answeredShare.rest)})` : ''}`,
    },
    {
      id: 'recovered',
      label: 'Recovered after our answer',
      value: pct(k.recoveredShare),
      previous: p ? pct(p.recoveredShare) : undefined,
      note:
        k.recoveredShare === null
          ? 'No answered complaint whose author posted again yet'
          : 'Of answered complaints whose author posted again',
    },
    {
      id: 'promises',
      label: 'Promises kept',
      value: `${k.promises.kept} of ${k.promises.made}`,
      previous: p ? `${p.promises.kept} of ${p.promises.made}` : undefined,
      note: `${k.promises.overdue} overdue, ${k.promises.open} open, ${k.promises.broken} broken`,
    },
  ]
}

/** Response KPIs of the period, each with the previous period's value when comparing. */
export function KpiCards({ view }: { view: KpisView }) {
  const kpis = kpisOf(view.kpis, view.previous?.kpis ?? null)
  return (
    <section className="dash-card kpis" aria-labelledby="kpis-title" data-testid="dash-kpis">
      <h2 id="kpis-title">How we respond</h2>
      <dl className="kpi-grid">
        {kpis.map((k) => (
          <div key={k.id} className="kpi" data-testid={`kpi-${k.id}`}>
            <dt>{k.label}</dt>
            <dd>
              <span className="kpi-value">{k.value}</span>
              {k.previous !== undefined && (
                <span className="kpi-previous">previous period {k.previous}</span>
              )}
              {k.note && <span className="kpi-note">{k.note}</span>}
            </dd>
          </div>
        ))}
      </dl>
      <p className="kpi-fairness" data-testid="kpi-fairness">
        <strong>Fairness check:</strong> {fairness(view.kpis)}
      </p>
    </section>
  )
}
