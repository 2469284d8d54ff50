import { useCallback, useEffect, useRef, useState } from 'react'
import { isAbortError, toApiError } from '../../lib/http.js'
import { draftsApi } from './cannedApi.js'

/** How long typing must pause before the draft is saved. */
export const DRAFT_SAVE_DELAY_MS = 700

export type DraftStatus =
  | { kind: 'loading' }
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'restored'; at: string }
  | { kind: 'error'; message: string }

/**
 * Keeps the composer's text saved on the server as one's draft: restored when the thread opens
 * (unless one already typed), saved once typing pauses, and saved at once when the thread
 * closes. Saves go out one at a time, in order, so an older text never lands after a newer one.
 * `settle` waits for them before the reply is sent (the server deletes the draft with the
 * send, and a save arriving after would bring it back); `markSent` forgets the sent text.
 */
export function useDraftAutosave(
  complaintId: string,
  text: string,
  setText: (update: (current: string) => string) => void,
) {
  const [status, setStatus] = useState<DraftStatus>({ kind: 'loading' })
  // What the server holds; null until it has been read (nothing is saved before that).
  const saved = useRef<string | null>(null)
  const chain = useRef<Promise<unknown>>(Promise.resolve())
  const latest = useRef(text)
  useEffect(() => {
    latest.current = text
  }, [text])

  const save = useCallback(
    (value: string) => {
      if (saved.current === null || value === saved.current) return chain.current
      saved.current = value
      setStatus({ kind: 'saving' })
      chain.current = chain.current.then(() =>
        draftsApi.save(complaintId, value).then(
          (draft) => {
            if (latest.current === value)
              setStatus(draft ? { kind: 'saved', at: draft.updatedAt } : { kind: 'idle' })
          },
          (err: unknown) => {
            // Try again with the next keystroke (or the close).
            saved.current = null
            setStatus({ kind: 'error', message: toApiError(err).message })
          },
        ),
      )
      return chain.current
    },
    [complaintId],
  )

  useEffect(() => {
    const controller = new AbortController()
    draftsApi.mine(complaintId, controller.signal).then(
      (draft) => {
        saved.current = draft?.text ?? ''
        if (!draft) return setStatus({ kind: 'idle' })
        setText((current) => (current.trim() ? current : draft.text))
        setStatus({ kind: 'restored', at: draft.updatedAt })
      },
      (err: unknown) => {
        if (controller.signal.aborted || isAbortError(err)) return
        saved.current = ''
        setStatus({ kind: 'error', message: toApiError(err).message })
      },
    )
    return () => {
      controller.abort()
      // Closing the thread mid-sentence keeps what was typed.
      void save(latest.current)
    }
  }, [complaintId, setText, save])

  useEffect(() => {
    if (saved.current === null || text === saved.current) return
    const timer = window.setTimeout(() => void save(text), DRAFT_SAVE_DELAY_MS)
    return () => window.clearTimeout(timer)
  }, [text, save])

  return {
    status,
    /** Waits for the saves under way. */
    settle: useCallback(() => chain.current.then(() => undefined), []),
    /** The reply went out: the server deleted the draft with it. */
    markSent: useCallback(() => {
      saved.current = ''
      setStatus({ kind: 'idle' })
    }, []),
  }
}
