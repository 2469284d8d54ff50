import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { checkSnoozeUntil, DISMISS_NOTE_MAX } from '../../../../shared/schemas/triage.js'
import {
  DISMISS_REASON_TEXT,
  DISMISS_REASONS,
  type DismissReason,
} from '../../../../shared/triage.js'
import { ConfirmDialog } from '../../ui/ConfirmDialog.js'
import { inboxApi } from './inboxApi.js'

/** Dismiss with a reason (and a note for "other"). */
export function DismissPicker({
  count,
  onDismiss,
  onClose,
}: {
  count: number
  onDismiss: (reason: DismissReason, note?: string) => Promise<void>
  onClose: () => void
}) {
  const [reason, setReason] = useState<DismissReason>('no_action_needed')
  const [note, setNote] = useState('')
  const needsNote = reason === 'other' && !note.trim()
  return (
    <ConfirmDialog
      title={count > 1 ? `Dismiss ${count} complaints` : 'Dismiss this complaint'}
      confirmLabel="Dismiss"
      danger
      submitOnEnter
      onConfirm={async () => {
        if (needsNote) throw new Error('Say why, when the reason is Other.')
        await onDismiss(reason, note.trim() || undefined)
      }}
      onClose={onClose}
    >
      <fieldset className="picker-options">
        <legend>Why?</legend>
        {DISMISS_REASONS.map((r) => (
          <label key={r} className="picker-option">
            <input
              type="radio"
              name="reason"
              checked={reason === r}
              onChange={() => setReason(r)}
            />
            {DISMISS_REASON_TEXT[r]}
          </label>
        ))}
      </fieldset>
      <label className="picker-note">
        Note {reason === 'other' ? '(required)' : '(optional)'}
        <input
          value={note}
          maxLength={DISMISS_NOTE_MAX}
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
    </ConfirmDialog>
  )
}

const HOUR = 3_600_000

/** The snooze choices, as times from now. */
function snoozeChoices(now: Date): Array<{ label: string; at: Date }> {
  const tomorrow = new Date(now)
  tomorrow.setDate(now.getDate() + 1)
  tomorrow.setHours(9, 0, 0, 0)
  const nextWeek = new Date(now)
  nextWeek.setDate(now.getDate() + ((8 - now.getDay()) % 7 || 7))
  nextWeek.setHours(9, 0, 0, 0)
  return [
    { label: 'In 1 hour', at: new Date(now.getTime() + HOUR) },
    { label: 'In 4 hours', at: new Date(now.getTime() + 4 * HOUR) },
    { label: 'Tomorrow 9:00', at: tomorrow },
    { label: 'Next Monday 9:00', at: nextWeek },
  ]
}

/** Snooze one complaint or a selection until a chosen time, or a custom one. */
export function SnoozePicker({
  count,
  onSnooze,
  onClose,
}: {
  count: number
  onSnooze: (until: string) => Promise<void>
  onClose: () => void
}) {
  const [choices] = useState(() => snoozeChoices(new Date()))
  const [picked, setPicked] = useState(0)
  const [custom, setCustom] = useState('')
  return (
    <ConfirmDialog
      title={count > 1 ? `Snooze ${count} complaints until` : 'Snooze until'}
      confirmLabel="Snooze"
      submitOnEnter
      onConfirm={async () => {
        const at = picked === -1 ? new Date(custom) : choices[picked]!.at
        if (Number.isNaN(at.getTime())) throw new Error('Choose a date and time.')
        // The server's rule, said before sending (a past custom time, or one too far away).
        const problem = checkSnoozeUntil(at.toISOString(), Date.now())
        if (problem) throw new Error(`The time ${problem}.`)
        await onSnooze(at.toISOString())
      }}
      onClose={onClose}
    >
      <fieldset className="picker-options">
        <legend>It returns to the queue by itself then.</legend>
        {choices.map((c, i) => (
          <label key={c.label} className="picker-option">
            <input type="radio" name="until" checked={picked === i} onChange={() => setPicked(i)} />
            {c.label}
          </label>
        ))}
        <label className="picker-option">
          <input type="radio" name="until" checked={picked === -1} onChange={() => setPicked(-1)} />
          Custom
          <input
            type="datetime-local"
            aria-label="Custom snooze time"
            value={custom}
            onChange={(e) => {
              setCustom(e.target.value)
              setPicked(-1)
            }}
          />
        </label>
      </fieldset>
    </ConfirmDialog>
  )
}

/** Give to someone who can triage (online first), or to nobody. */
export function AssignPicker({
  brandId,
  current,
  onAssign,
  onClose,
}: {
  brandId: string
  current: string | null
  onAssign: (userId: string | null, name: string) => Promise<void>
  onClose: () => void
}) {
  const triagers = useQuery({
    queryKey: ['triagers', brandId],
    queryFn: ({ signal }) => inboxApi.triagers(brandId, signal),
  })
  const [choice, setChoice] = useState<string | null>(current)
  const people = [...(triagers.data ?? [])].sort(
    (a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name),
  )
  return (
    <ConfirmDialog
      title="Assign to"
      confirmLabel="Assign"
      submitOnEnter
      onConfirm={() => onAssign(choice, people.find((p) => p.id === choice)?.name ?? 'nobody')}
      onClose={onClose}
    >
      {triagers.isPending && <p>Loading the team…</p>}
      <fieldset className="picker-options">
        <legend>Who works it</legend>
        <label className="picker-option">
          <input
            type="radio"
            name="owner"
            checked={choice === null}
            onChange={() => setChoice(null)}
          />
          Nobody (back to the pool)
        </label>
        {people.map((p) => (
          <label key={p.id} className="picker-option">
            <input
              type="radio"
              name="owner"
              checked={choice === p.id}
              onChange={() => setChoice(p.id)}
            />
            {p.name} <span className="picker-meta">{p.role}</span>
            <span className="picker-meta">
              {p.online ? 'online' : 'offline'} · {p.openCount} active
            </span>
          </label>
        ))}
      </fieldset>
    </ConfirmDialog>
  )
}
