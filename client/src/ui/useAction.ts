import { useCallback, useRef, useState } from 'react'
import { toApiError, type ApiError } from '../lib/http.js'

/**
 * One write at a time, from a button or a form: `busy` while it runs, and the error it ended
 * with (`failure`, cleared when the next one starts), to show in place. A run asked for while
 * one is under way is ignored, so a double click sends once.
 */
export function useAction() {
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<ApiError | null>(null)
  // A ref rather than `busy`: a handler of an earlier render reads it current too.
  const running = useRef(false)

  const run = useCallback(async (action: () => Promise<void>) => {
    if (running.current) return
    running.current = true
    setBusy(true)
    setFailure(null)
    try {
      await action()
    } catch (err) {
      setFailure(toApiError(err))
    } finally {
      running.current = false
      setBusy(false)
    }
  }, [])

  const clear = useCallback(() => setFailure(null), [])

  return { busy, failure, run, clear }
}
