import type { ComplaintView } from '../../../../shared/schemas/complaints.js'
import { PRIORITY_BAND_TEXT, slaUrgency, type SlaUrgency } from '../../../../shared/sla.js'
import { absoluteTime } from '../../lib/format.js'
import { formatDuration } from './duration.js'
import './sla.css'

const WORDS: Record<SlaUrgency, string> = {
  ok: 'left',
  soon: 'left',
  urgent: 'left, due soon',
  breached: 'overdue',
}

/**
 * The time left to answer a complaint within its brand's target, counted down live: neutral
 * while more than half is left, then blue, amber under a quarter, red once missed. The words
 * say the same ("overdue by 12m"), so colour is never the only cue.
 */
export function SlaChip({
  complaint: c,
  now,
  long = false,
}: {
  complaint: ComplaintView
  now: number
  /** The thread's version: which answer and which band, in words. */
  long?: boolean
}) {
  if (!c.sla) return null
  const urgency = slaUrgency(c.sla, now)
  const left = Date.parse(c.sla.dueAt) - now
  const answer = c.sla.kind === 'first' ? 'First response' : 'Next response'
  const text =
    urgency === 'breached'
      ? `Overdue by ${formatDuration(-left)}`
      : `${formatDuration(left)} ${WORDS[urgency]}`
  const title = `${answer} due ${absoluteTime(c.sla.dueAt)}: ${PRIORITY_BAND_TEXT[c.sla.band]} target ${formatDuration(c.sla.targetMinutes * 60_000)}`
  return (
    <span
      className={`sla-chip sla-${urgency}`}
      title={title}
      data-testid="sla-chip"
      data-urgency={urgency}
    >
      {urgency === 'breached' && (
        <span className="sla-icon" aria-hidden="true">
          !
        </span>
      )}
      {long ? `${answer}: ${text}` : text}
      {!long && <span className="visually-hidden"> to the {answer.toLowerCase()}</span>}
    </span>
  )
}
