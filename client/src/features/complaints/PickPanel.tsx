import { useState } from 'react'
import {
  PICK_REASON_MAX,
  PickComplaintBody,
  type ComplaintView,
} from '../../../../shared/schemas/complaints.js'
import { api } from '../../lib/api.js'
import { Button } from '../../ui/Button.js'
import { Field } from '../../ui/Field.js'
import { StarIcon } from '../../ui/icons.js'
import { Notice } from '../../ui/Notice.js'
import { RelativeTime } from '../../ui/RelativeTime.js'
import { useForm } from '../../ui/useForm.js'
import './PickPanel.css'

const FIELDS = ['reason'] as const

/**
 * The adviser's pick of a complaint's thread, in its detail: who picked it, when and why (the
 * reason is the adviser's own words, shown as text) for everyone; for advisers and admins a
 * form to pick it with an optional reason, change the reason, or unpick it. The new priority
 * arrives with the complaint's next event, so the list reorders like any other change.
 */
export function PickPanel({
  complaint,
  canPick,
  onChanged,
}: {
  complaint: ComplaintView
  canPick: boolean
  onChanged: (view: ComplaintView) => void
}) {
  const { pick } = complaint
  const [editing, setEditing] = useState(false)
  const [reason, setReason] = useState('')
  const weight = complaint.lead.explanation.factors.find((f) => f.key === 'pick')?.weight ?? null
  const changed = (view: ComplaintView) => {
    onChanged(view)
    setEditing(false)
    setReason('')
  }
  const form = useForm({
    schema: PickComplaintBody,
    value: { reason },
    fields: FIELDS,
    send: (body) => api.pickComplaint(complaint.id, body),
    onSent: changed,
  })
  const { busy } = form
  const error = form.errors.reason ?? form.formError
  const unpick = () => void form.run(async () => changed(await api.unpickComplaint(complaint.id)))
  if (!pick && !canPick) return null

  const showForm = canPick && (!pick || editing)
  return (
    <section
      className={pick ? 'pick-panel is-picked' : 'pick-panel'}
      aria-label="Adviser's pick"
      data-testid="pick-panel"
    >
      {pick ? (
        <div className="pick-summary" data-testid="pick-summary">
          <StarIcon className="pick-star" size={15} />
          <div className="pick-text">
            <p className="pick-who">
              Picked by <bdi>{pick.by}</bdi> <RelativeTime iso={pick.at} className="pick-when" />
              {weight !== null && <span className="pick-weight"> · +{weight} priority</span>}
            </p>
            {pick.reason ? (
              <p className="pick-reason" dir="auto" data-testid="pick-reason-text">
                <bdi>{pick.reason}</bdi>
              </p>
            ) : (
              <p className="pick-reason is-empty">No reason given.</p>
            )}
          </div>
          {canPick && !editing && (
            <div className="pick-actions">
              <Button
                size="sm"
                variant="ghost"
                disabled={busy}
                onClick={() => {
                  setReason(pick.reason ?? '')
                  setEditing(true)
                }}
              >
                Change reason
              </Button>
              <Button size="sm" disabled={busy} onClick={unpick} data-testid="unpick">
                {busy ? 'Unpicking…' : 'Unpick'}
              </Button>
            </div>
          )}
        </div>
      ) : (
        <p className="pick-intro">
          <strong>Adviser&rsquo;s pick.</strong> Pick this thread if it matters more than its score
          says{weight !== null ? `: it adds ${weight} to its priority` : ''}, and every console sees
          why.
        </p>
      )}
      {showForm && (
        <form className="pick-form" onSubmit={form.onSubmit} noValidate>
          <Field label="Reason" optional error={error}>
            {(control) => (
              <textarea
                {...control}
                className="input textarea"
                rows={2}
                maxLength={PICK_REASON_MAX}
                placeholder="Why it matters: a journalist asked, a legal threat, a key customer…"
                value={reason}
                onChange={(e) => {
                  setReason(e.target.value)
                  form.reset()
                }}
                data-testid="pick-reason"
              />
            )}
          </Field>
          <div className="pick-form-actions">
            <span className="muted pick-count">
              {reason.length}/{PICK_REASON_MAX}
            </span>
            {editing && (
              <Button size="sm" variant="ghost" disabled={busy} onClick={() => setEditing(false)}>
                Cancel
              </Button>
            )}
            <Button
              type="submit"
              size="sm"
              variant="primary"
              disabled={busy}
              data-testid="pick-submit"
            >
              <StarIcon size={13} />
              {busy ? 'Saving…' : editing ? 'Save reason' : 'Pick thread'}
            </Button>
          </div>
        </form>
      )}
      {error && !showForm && <Notice tone="danger">{error}</Notice>}
    </section>
  )
}
