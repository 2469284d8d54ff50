import { useDeferredValue, useMemo, useState } from 'react'
import { detectPromise } from '../../../../shared/promise-detect.js'
import type { PromiseInput } from '../../../../shared/schemas/promises.js'

/** A promise the composer will create with the reply, as the person accepted or edited it. */
export type PromiseDraft = PromiseInput

/**
 * Reads the draft for a promise (the shared detector, in the browser's time zone, relative to
 * now) and keeps what the person decided: tracked (`accepted`, sent with the reply), edited, or
 * dismissed (that sentence is not suggested again).
 */
export function usePromiseSuggestion(text: string, me: string | undefined) {
  const deferred = useDeferredValue(text)
  const [accepted, setAccepted] = useState<PromiseDraft | null>(null)
  const [dismissed, setDismissed] = useState<string | null>(null)
  const detected = useMemo(() => detectPromise(deferred, { now: new Date() }), [deferred])
  const suggestion =
    !accepted && detected && detected.phrase !== dismissed
      ? { what: detected.what, dueAt: detected.dueAt, ownerId: me ?? '' }
      : null
  return {
    suggestion,
    accepted,
    accept: (draft: PromiseDraft) => setAccepted(draft),
    dismiss: () => {
      if (detected) setDismissed(detected.phrase)
    },
    /** Stop tracking: the suggestion may come back from the text. */
    remove: () => setAccepted(null),
    /** After sending: nothing tracked, nothing dismissed. */
    reset: () => {
      setAccepted(null)
      setDismissed(null)
    },
  }
}

export type PromiseSuggestionState = ReturnType<typeof usePromiseSuggestion>
