import type { ComplaintView } from '../../../../shared/schemas/complaints.js'
import { absoluteTime, integer } from '../../lib/format.js'
import { cssVars } from '../../ui/css.js'
import { TableHead } from '../../ui/DataTable.js'
import { useNow } from '../../ui/useNow.js'
import { AnalysisReasons } from './AnalysisReasons.js'
import { EarlierScores } from './EarlierScores.js'
import { liveExplanation, livePriority } from './livePriority.js'
import './ScoreExplanation.css'

const FACTOR_COLUMNS = [
  'Factor',
  { label: 'Input', className: 'num' },
  { label: 'Weight', className: 'num' },
  'Contribution',
  'Why',
]

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '—')

/**
 * Why a complaint ranks where it does: the lead post's score, factor by factor. Each bar is
 * the factor's contribution against the most it could add (its weight).
 */
export function ScoreExplanation({ complaint, id }: { complaint: ComplaintView; id: string }) {
  const now = useNow(30_000)
  const explanation = liveExplanation(complaint, now)
  const scale = Math.max(1, ...explanation.factors.map((f) => f.weight))
  const versionDiffers = explanation.version !== complaint.scoringVersion
  return (
    <section className="explain" id={id} aria-label="Why this priority">
      <p className="explain-summary" dir="auto">
        {explanation.summary}
      </p>
      <AnalysisReasons post={complaint.lead} />
      {explanation.factors.length > 0 ? (
        <div
          className="explain-scroll"
          // It scrolls sideways on narrow screens: keyboard users must be able to reach it.
          tabIndex={0}
          role="region"
          aria-label="Score factors"
        >
          <table className="factors">
            <TableHead columns={FACTOR_COLUMNS} />
            <tbody>
              {explanation.factors.map((f) => (
                <tr key={f.key}>
                  <th scope="row">{f.label}</th>
                  <td className="num factor-input" data-label="Input">
                    {fixed(f.input, 2)}
                  </td>
                  <td className="num factor-weight">×{fixed(f.weight, 0)}</td>
                  <td className="factor-contrib">
                    <span className="contrib">
                      <span
                        className="contrib-track"
                        style={cssVars({
                          '--track': Math.max(0, Math.min(1, f.weight / scale)),
                          '--fill':
                            f.weight > 0 ? Math.max(0, Math.min(1, f.contribution / f.weight)) : 0,
                        })}
                      >
                        <span className="contrib-fill" />
                      </span>
                      <span className="contrib-value">+{fixed(f.contribution, 1)}</span>
                    </span>
                  </td>
                  <td className="factor-note">
                    <bdi>{f.note}</bdi>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Priority</th>
                <td />
                <td />
                <td>
                  <span className="contrib-total">{fixed(explanation.priority, 1)}</span>
                </td>
                <td />
              </tr>
            </tfoot>
          </table>
        </div>
      ) : (
        <p className="explain-empty">No factors recorded for this score.</p>
      )}
      <p className="explain-meta">
        Ranked by scoring version{' '}
        <code data-testid="scoring-version">{complaint.scoringVersion}</code>
        {versionDiffers && (
          <>
            {' '}
            (lead post scored under <code>{explanation.version}</code>)
          </>
        )}
        {' · '}complaint priority {fixed(livePriority(complaint, now), 1)}
        {' · '}thread of {integer(complaint.postCount)} post{complaint.postCount === 1 ? '' : 's'},{' '}
        {integer(complaint.complaintCount)} complaint{complaint.complaintCount === 1 ? '' : 's'}
        {' · '}first seen{' '}
        <time dateTime={complaint.firstSeenAt}>{absoluteTime(complaint.firstSeenAt)}</time>
      </p>
      <EarlierScores complaintId={complaint.id} />
    </section>
  )
}
