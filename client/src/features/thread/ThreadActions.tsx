import { can, type Role } from '../../../../shared/roles.js'
import type { ComplaintView } from '../../../../shared/schemas/complaints.js'
import { isActive, TRANSITIONS, transitionsFrom } from '../../../../shared/triage.js'
import { useNow } from '../../ui/useNow.js'
import type { TriageActions } from '../inbox/useTriageActions.js'

/** An action that needs a choice first (a reason, a time, a person): the page asks. */
export interface ActionRequest {
  kind: 'dismiss' | 'snooze' | 'assign'
  complaints: ComplaintView[]
}

/**
 * The buttons a complaint's state allows (from the shared table, never a list of our own),
 * and its owner and snooze.
 */
export function ThreadActions({
  complaint: c,
  me,
  role,
  actions,
  onAsk,
}: {
  complaint: ComplaintView
  me: string
  role: Role
  actions: TriageActions
  onAsk: (request: ActionRequest) => void
}) {
  const owner = c.assignee?.id ?? null
  const now = useNow(30_000)
  const snoozed = c.snoozedUntil !== null && Date.parse(c.snoozedUntil) > now
  return (
    <div className="thread-actions" role="group" aria-label="Actions">
      {transitionsFrom(c.state).map((t) =>
        t === 'dismiss' ? (
          <button
            key={t}
            type="button"
            className="btn"
            onClick={() => onAsk({ kind: 'dismiss', complaints: [c] })}
          >
            Dismiss… <kbd>#</kbd>
          </button>
        ) : (
          <button
            key={t}
            type="button"
            className={t === 'resolve' ? 'btn btn-primary' : 'btn'}
            onClick={() => void actions.transition(c, t)}
          >
            {TRANSITIONS[t].label}
            {t === 'resolve' && <kbd>e</kbd>}
          </button>
        ),
      )}
      {can(role, 'thread.assign') ? (
        <button
          type="button"
          className="btn"
          onClick={() => onAsk({ kind: 'assign', complaints: [c] })}
        >
          Assign… <kbd>a</kbd>
        </button>
      ) : owner === null ? (
        <button type="button" className="btn" onClick={() => void actions.assign(c, me, 'Taken')}>
          Take it <kbd>a</kbd>
        </button>
      ) : owner === me ? (
        <button
          type="button"
          className="btn"
          onClick={() => void actions.assign(c, null, 'Released')}
        >
          Release
        </button>
      ) : null}
      {isActive(c.state) &&
        (snoozed ? (
          <button type="button" className="btn" onClick={() => void actions.snooze(c, null)}>
            Unsnooze
          </button>
        ) : (
          <button
            type="button"
            className="btn"
            onClick={() => onAsk({ kind: 'snooze', complaints: [c] })}
          >
            Snooze… <kbd>z</kbd>
          </button>
        ))}
    </div>
  )
}
