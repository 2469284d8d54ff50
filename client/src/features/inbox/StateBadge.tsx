import type { ComplaintView } from '../../../../shared/schemas/complaints.js'
import { DISMISS_REASON_TEXT } from '../../../../shared/triage.js'
import { absoluteTime } from '../../lib/format.js'

const STATE_TEXT = {
  new: 'New',
  open: 'Open',
  waiting: 'Waiting',
  resolved: 'Resolved',
  dismissed: 'Dismissed',
} as const

/** A complaint's state (and snooze) as a small badge. */
export function StateBadge({ complaint: c, now }: { complaint: ComplaintView; now: number }) {
  const snoozed = c.snoozedUntil !== null && Date.parse(c.snoozedUntil) > now
  const title = c.dismissal
    ? `Dismissed: ${DISMISS_REASON_TEXT[c.dismissal.reason]}${c.dismissal.note ? ` (${c.dismissal.note})` : ''}`
    : snoozed
      ? `Snoozed until ${absoluteTime(c.snoozedUntil!)}`
      : undefined
  return (
    <span className={`state state-${c.state}`} title={title} data-testid="state-badge">
      {STATE_TEXT[c.state]}
      {snoozed && ' · snoozed'}
    </span>
  )
}
