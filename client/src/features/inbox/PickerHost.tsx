import type { UserView } from '../../../../shared/schemas/users.js'
import type { ActionRequest } from '../thread/ThreadActions.js'
import { inboxApi } from './inboxApi.js'
import { AssignPicker, DismissPicker, SnoozePicker } from './Pickers.js'
import type { TriageActions } from './useTriageActions.js'

/**
 * The picker an action needs, for one complaint (through the triage actions, which reconcile
 * a lost race) or for a bulk selection (one request; each complaint at its own version).
 */
export function Pickers({
  request,
  brandId,
  user,
  actions,
  onDone,
  onClose,
}: {
  request: ActionRequest
  brandId: string
  user: UserView
  actions: TriageActions
  onDone: (text: string) => void
  onClose: () => void
}) {
  const { complaints } = request
  const one = complaints.length === 1 ? complaints[0]! : null
  const items = complaints.map((c) => ({ id: c.id, version: c.version }))
  const bulk = async (body: Parameters<typeof inboxApi.bulk>[1], verb: string) => {
    const result = await inboxApi.bulk(brandId, body)
    const failed = result.data.filter((r) => !r.ok)
    onDone(
      failed.length
        ? `${verb} ${result.data.length - failed.length} of ${result.data.length}; not changed: ${failed.map((f) => f.error).join('; ')}`
        : `${verb} ${result.data.length} complaints`,
    )
  }
  switch (request.kind) {
    case 'dismiss':
      return (
        <DismissPicker
          count={complaints.length}
          onClose={onClose}
          onDismiss={async (reason, note) => {
            if (one) await actions.transition(one, 'dismiss', { reason, note })
            else await bulk({ items, action: 'dismiss', reason, note }, 'Dismissed')
          }}
        />
      )
    case 'snooze':
      return (
        <SnoozePicker
          count={complaints.length}
          onClose={onClose}
          onSnooze={async (until) => {
            if (one) await actions.snooze(one, until)
            else await bulk({ items, action: 'snooze', until }, 'Snoozed')
          }}
        />
      )
    case 'assign':
      return (
        <AssignPicker
          brandId={brandId}
          current={one?.assignee?.id ?? null}
          onClose={onClose}
          onAssign={async (assigneeId, name) => {
            const label =
              assigneeId === user.id ? 'Taken' : assigneeId ? `Assigned to ${name}` : 'Unassigned'
            if (one) await actions.assign(one, assigneeId, label)
            else await bulk({ items, action: 'assign', assigneeId }, label + ':')
          }}
        />
      )
  }
}
