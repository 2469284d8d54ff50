import { useQuery } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { PROMISE_WHAT_MAX } from '../../../../shared/promise-detect.js'
import { Button } from '../../ui/Button.js'
import { useNow } from '../../ui/useNow.js'
import { inboxApi } from '../inbox/inboxApi.js'
import { dueText, fromLocalInput, toLocalInput } from './format.js'
import type { PromiseDraft, PromiseSuggestionState } from './usePromiseSuggestion.js'
import './promises.css'

/**
 * Under the composer: the promise the draft makes ("Track this promise: restore your history —
 * due Fri 4 Dec, 17:00 — owner you"), to track, edit or dismiss; once tracked, it is sent with
 * the reply and can still be edited or dropped. What is promised is the person's text: shown as
 * text.
 */
export function PromiseSuggestion({
  state,
  brandId,
  me,
}: {
  state: PromiseSuggestionState
  brandId: string
  me: string | undefined
}) {
  const [editing, setEditing] = useState<PromiseDraft | null>(null)
  const triagers = useQuery({
    queryKey: ['triagers', brandId],
    queryFn: ({ signal }) => inboxApi.triagers(brandId, signal),
  })
  const shown = state.accepted ?? state.suggestion
  if (!shown && !editing) return null
  const ownerName = (id: string) =>
    id === me ? 'you' : (triagers.data?.find((t) => t.id === id)?.name ?? 'choose an owner')

  if (editing)
    return (
      <PromiseEditor
        draft={editing}
        owners={
          triagers.data?.map((t) => ({
            id: t.id,
            name: t.id === me ? `${t.name} (you)` : t.name,
          })) ?? []
        }
        onCancel={() => setEditing(null)}
        onSave={(draft) => {
          state.accept(draft)
          setEditing(null)
        }}
      />
    )

  const tracked = !!state.accepted
  return (
    <div
      className={tracked ? 'promise-suggestion is-tracked' : 'promise-suggestion'}
      role="group"
      aria-label={tracked ? 'Promise tracked with this reply' : 'Promise found in this reply'}
      data-testid={tracked ? 'promise-tracked' : 'promise-suggestion'}
    >
      <p className="promise-suggestion-text">
        <strong>{tracked ? 'Tracking this promise:' : 'Track this promise?'}</strong>{' '}
        <bdi className="promise-what">{shown!.what}</bdi>
        <span className="promise-sep" aria-hidden="true">
          {' '}
          —{' '}
        </span>
        <span className="promise-fact">
          due <time dateTime={shown!.dueAt}>{dueText(shown!.dueAt)}</time>
        </span>
        <span className="promise-sep" aria-hidden="true">
          {' '}
          —{' '}
        </span>
        <span className="promise-fact">owner {ownerName(shown!.ownerId)}</span>
      </p>
      <div className="promise-suggestion-actions">
        {!tracked && (
          <Button
            size="sm"
            variant="primary"
            disabled={!shown!.ownerId}
            onClick={() => state.accept(shown!)}
            data-testid="promise-accept"
          >
            Track
          </Button>
        )}
        <Button
          size="sm"
          variant="ghost"
          onClick={() => setEditing(shown)}
          data-testid="promise-edit"
        >
          Edit
        </Button>
        <Button
          size="sm"
          variant="ghost"
          onClick={tracked ? state.remove : state.dismiss}
          data-testid="promise-dismiss"
        >
          {tracked ? 'Don’t track' : 'Dismiss'}
        </Button>
      </div>
    </div>
  )
}

function PromiseEditor({
  draft,
  owners,
  onSave,
  onCancel,
}: {
  draft: PromiseDraft
  owners: Array<{ id: string; name: string }>
  onSave: (draft: PromiseDraft) => void
  onCancel: () => void
}) {
  const id = useId()
  const [what, setWhat] = useState(draft.what)
  const [due, setDue] = useState(toLocalInput(draft.dueAt))
  const [ownerId, setOwnerId] = useState(draft.ownerId)
  const dueAt = fromLocalInput(due)
  const now = useNow(30_000)
  const problem = !what.trim()
    ? 'Say what is promised.'
    : !dueAt
      ? 'Give a due time.'
      : Date.parse(dueAt) <= now
        ? 'The due time is past.'
        : !ownerId
          ? 'Choose who keeps it.'
          : null
  return (
    <fieldset className="promise-suggestion promise-editor" data-testid="promise-editor">
      <legend>Promise tracked with this reply</legend>
      <div className="promise-editor-fields">
        <label htmlFor={`${id}-what`}>What</label>
        <input
          id={`${id}-what`}
          className="input"
          value={what}
          maxLength={PROMISE_WHAT_MAX}
          onChange={(e) => setWhat(e.target.value)}
        />
        <label htmlFor={`${id}-due`}>Due</label>
        <input
          id={`${id}-due`}
          className="input"
          type="datetime-local"
          value={due}
          onChange={(e) => setDue(e.target.value)}
        />
        <label htmlFor={`${id}-owner`}>Owner</label>
        <select
          id={`${id}-owner`}
          className="input select"
          value={ownerId}
          onChange={(e) => setOwnerId(e.target.value)}
        >
          {!ownerId && <option value="">Choose…</option>}
          {owners.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      {problem && (
        <p className="promise-editor-problem" role="status">
          {problem}
        </p>
      )}
      <div className="promise-suggestion-actions">
        <Button
          size="sm"
          variant="primary"
          disabled={!!problem}
          onClick={() => dueAt && onSave({ what: what.trim(), dueAt, ownerId })}
          data-testid="promise-save"
        >
          Track this promise
        </Button>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </fieldset>
  )
}
