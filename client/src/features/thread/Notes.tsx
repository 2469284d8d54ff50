import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { NOTE_MAX, type NoteView } from '../../../../shared/schemas/notes.js'
import type { PresenceEntry } from '../../../../shared/schemas/presence.js'
import { toApiError } from '../../lib/http.js'
import { RelativeTime } from '../../ui/RelativeTime.js'
import { inboxApi } from '../inbox/inboxApi.js'
import { setWriting } from '../inbox/usePresence.js'
import { NoteText } from './NoteText.js'

/** The @word being typed at the end of the text, if any. */
const mentionPrefix = (text: string) =>
  /(?:^|\s)@([\p{L}\p{N} ._-]{0,40})$/u.exec(text)?.[1] ?? null

/**
 * The team's private notes, and the composer: mentions are picked from the team as one types
 * `@`; someone else already writing here is said before one starts, and writing anyway is a
 * choice.
 */
export function Notes({
  complaintId,
  brandId,
  notes,
  writers,
  onAdded,
}: {
  complaintId: string
  brandId: string
  notes: NoteView[]
  writers: PresenceEntry[]
  onAdded: () => void
}) {
  const [body, setBody] = useState('')
  const [mentions, setMentions] = useState<Array<{ id: string; name: string }>>([])
  const [takeOver, setTakeOver] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const team = useQuery({
    queryKey: ['triagers', brandId],
    queryFn: ({ signal }) => inboxApi.triagers(brandId, signal),
  })
  useEffect(() => () => setWriting(null), [complaintId])
  const blocked = writers.length > 0 && !takeOver
  const prefix = mentionPrefix(body)
  const suggestions =
    prefix === null
      ? []
      : (team.data ?? [])
          .filter((t) => t.name.toLowerCase().startsWith(prefix.toLowerCase()))
          .slice(0, 5)

  const mention = (person: { id: string; name: string }) => {
    setBody(body.replace(/@[^@]*$/u, `@${person.name} `))
    setMentions((m) => (m.some((x) => x.id === person.id) ? m : [...m, person]))
  }
  const submit = async () => {
    setBusy(true)
    setError(null)
    try {
      const kept = mentions.filter((m) => body.includes(`@${m.name}`))
      await inboxApi.addNote(
        complaintId,
        body,
        kept.map((m) => m.id),
      )
      setBody('')
      setMentions([])
      setWriting(null)
      onAdded()
    } catch (err) {
      setError(toApiError(err).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section aria-labelledby="notes-title" className="notes">
      <h3 id="notes-title">Team notes</h3>
      {notes.length === 0 && <p className="muted">No notes yet. Only the team sees them.</p>}
      <ol className="note-list" data-testid="notes">
        {notes.map((n) => (
          <li key={n.id} className="note">
            <span className="note-author">{n.author?.name ?? 'Former user'}</span>{' '}
            <RelativeTime iso={n.createdAt} className="muted" />
            <NoteText text={n.body} names={n.mentions.map((m) => m.name)} />
          </li>
        ))}
      </ol>
      {writers.length > 0 && (
        <div className="collision" role="status" data-testid="collision">
          {writers.map((w) => `${w.name} is writing a ${w.writing}`).join(' · ')}
          {!takeOver && (
            <button type="button" className="btn btn-quiet" onClick={() => setTakeOver(true)}>
              Write anyway
            </button>
          )}
        </div>
      )}
      <form
        className="note-form"
        onSubmit={(e) => {
          e.preventDefault()
          if (body.trim() && !busy) void submit()
        }}
      >
        <label htmlFor={`note-${complaintId}`} className="visually-hidden">
          Write a note for the team
        </label>
        <textarea
          id={`note-${complaintId}`}
          data-testid="note-input"
          value={body}
          maxLength={NOTE_MAX}
          readOnly={blocked}
          aria-describedby={`note-count-${complaintId}`}
          placeholder={
            blocked
              ? 'Someone is writing here: choose Write anyway first'
              : 'A note for the team; @ mentions a colleague'
          }
          onFocus={() => !blocked && setWriting('note')}
          onBlur={() => !body.trim() && setWriting(null)}
          onChange={(e) => {
            setBody(e.target.value)
            setWriting(e.target.value.trim() ? 'note' : null)
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) e.currentTarget.form?.requestSubmit()
          }}
        />
        {suggestions.length > 0 && (
          <ul className="mention-list" aria-label="Mention">
            {suggestions.map((s) => (
              <li key={s.id}>
                <button type="button" className="btn btn-quiet" onClick={() => mention(s)}>
                  @{s.name}
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="note-foot">
          <span id={`note-count-${complaintId}`} className="muted">
            {body.length} / {NOTE_MAX}
          </span>
          {error && (
            <span className="form-error" role="alert">
              {error}
            </span>
          )}
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!body.trim() || busy || blocked}
          >
            Add note
          </button>
        </div>
      </form>
    </section>
  )
}
