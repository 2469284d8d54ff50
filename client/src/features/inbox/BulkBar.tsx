import { can } from '../../../../shared/roles.js'
import type { ComplaintView } from '../../../../shared/schemas/complaints.js'
import type { UserView } from '../../../../shared/schemas/users.js'
import { toApiError } from '../../lib/http.js'
import type { ActionRequest } from '../thread/ThreadActions.js'
import { inboxApi } from './inboxApi.js'

/** What to do with the selected complaints: assign (advisers), resolve, snooze, dismiss. */
export function BulkBar({
  brandId,
  user,
  selected,
  onAsk,
  onDone,
}: {
  brandId: string
  user: UserView
  selected: ComplaintView[]
  onAsk: (request: ActionRequest) => void
  onDone: (text: string) => void
}) {
  const resolve = async () => {
    try {
      const result = await inboxApi.bulk(brandId, {
        items: selected.map((c) => ({ id: c.id, version: c.version })),
        action: 'resolve',
      })
      const ok = result.data.filter((r) => r.ok).length
      onDone(`Resolved ${ok} of ${result.data.length}`)
    } catch (err) {
      onDone(toApiError(err).message)
    }
  }
  return (
    <div className="bulk-bar" role="group" aria-label="Selected complaints" data-testid="bulk-bar">
      <strong>{selected.length} selected</strong>
      {can(user.role, 'thread.assign') && (
        <button
          type="button"
          className="btn"
          onClick={() => onAsk({ kind: 'assign', complaints: selected })}
        >
          Assign…
        </button>
      )}
      <button type="button" className="btn" onClick={() => void resolve()}>
        Resolve
      </button>
      <button
        type="button"
        className="btn"
        onClick={() => onAsk({ kind: 'snooze', complaints: selected })}
      >
        Snooze…
      </button>
      <button
        type="button"
        className="btn"
        onClick={() => onAsk({ kind: 'dismiss', complaints: selected })}
      >
        Dismiss…
      </button>
    </div>
  )
}
