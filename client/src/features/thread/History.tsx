import type { HistoryEntry } from '../../../../shared/schemas/threads.js'
import { DISMISS_REASON_TEXT } from '../../../../shared/triage.js'
import { absoluteTime } from '../../lib/format.js'
import { RelativeTime } from '../../ui/RelativeTime.js'

/** One history step in words. */
function describe(h: HistoryEntry): string {
  const who = h.actor?.name ?? 'Firebreak'
  switch (h.kind) {
    case 'state': {
      const why = h.reason
        ? ` (${DISMISS_REASON_TEXT[h.reason]}${h.note ? `: ${h.note}` : ''})`
        : ''
      return `${who} moved it from ${h.from} to ${h.to}${why}`
    }
    case 'assigned':
      if (h.assignee === undefined) return `${who} changed its owner`
      return h.assignee
        ? `${who} assigned it to ${h.assignee.name}`
        : `${who} returned it to the pool`
    case 'snoozed':
      return `${who} snoozed it until ${h.until ? absoluteTime(h.until) : '?'}`
    case 'unsnoozed':
      return `${who} brought it back to the queue`
    case 'reopened_by_author':
      return `The author posted again: reopened from ${h.from}`
    case 'woke':
      return 'Its snooze ended: back in the queue'
  }
}

/** Who did what to the complaint, when, newest first. */
export function History({ entries }: { entries: HistoryEntry[] }) {
  return (
    <section aria-labelledby="history-title" className="history">
      <h3 id="history-title">History</h3>
      {entries.length === 0 ? (
        <p className="muted">Nobody has worked it yet.</p>
      ) : (
        <ol data-testid="history">
          {[...entries].reverse().map((h) => (
            <li key={h.id}>
              <span>{describe(h)}</span> <RelativeTime iso={h.at} className="muted" />
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
