import type { OutcomeView } from '../../../../shared/sla.js'
import { OUTCOME_TEXT, outcomeFigures } from '../../../../shared/sla.js'
import './sla.css'

const MARK = { recovered: '↑', unchanged: '→', worse: '↓' } as const

/**
 * What the latest reply did to its author's tone: a word and an arrow (never colour alone),
 * with the figures it was decided on beside it (`withFigures`) or on hover.
 */
export function OutcomeBadge({
  outcome,
  withFigures = false,
}: {
  outcome: OutcomeView | null
  withFigures?: boolean
}) {
  if (!outcome) return null
  const figures = outcomeFigures(outcome)
  return (
    <span className="outcome" data-testid="outcome">
      <span
        className={`outcome-badge outcome-${outcome.outcome}`}
        title={withFigures ? undefined : `After our reply: ${figures}`}
        data-outcome={outcome.outcome}
      >
        <span aria-hidden="true">{MARK[outcome.outcome]} </span>
        {OUTCOME_TEXT[outcome.outcome]}
        {!withFigures && <span className="visually-hidden"> after our reply</span>}
      </span>
      {withFigures && <span className="outcome-figures">{figures}</span>}
    </span>
  )
}
