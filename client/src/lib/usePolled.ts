import { useCallback, useEffect, useState } from 'react'
import { isAbortError, toApiError, type ApiError } from './http.js'

export interface Polled<T> {
  /** The last answer read, kept when a later read fails. */
  data: T | null
  /** Why the last read failed; null once one succeeds again. */
  error: ApiError | null
  /** When `data` was read (ms epoch). */
  readAt: number | null
  /** A read asked for by `refresh` is under way. */
  refreshing: boolean
  /** Reads now (and restarts the interval from then). */
  refresh: () => void
}

/**
 * Data read from the API every `intervalMs` while the component is mounted and the tab is
 * visible (a hidden tab reads again when it comes back), and at once when `key` changes.
 * Reads never overlap: the next one is scheduled when the last has answered, so a slow server
 * is not piled on.
 */
export function usePolled<T>(
  load: (signal: AbortSignal) => Promise<T>,
  intervalMs: number,
  key = '',
) {
  const [round, setRound] = useState(0)
  const [state, setState] = useState<Omit<Polled<T>, 'refresh'>>({
    data: null,
    error: null,
    readAt: null,
    refreshing: false,
  })

  useEffect(() => {
    const controller = new AbortController()
    let timer: number | undefined
    let reading = false
    const read = () => {
      window.clearTimeout(timer)
      if (reading || document.hidden) return
      reading = true
      load(controller.signal)
        .then(
          (data) => setState({ data, error: null, readAt: Date.now(), refreshing: false }),
          (err: unknown) => {
            if (controller.signal.aborted || isAbortError(err)) return
            setState((s) => ({ ...s, error: toApiError(err), refreshing: false }))
          },
        )
        .finally(() => {
          reading = false
          if (!controller.signal.aborted) timer = window.setTimeout(read, intervalMs)
        })
    }
    const onVisible = () => {
      if (!document.hidden) read()
    }
    document.addEventListener('visibilitychange', onVisible)
    read()
    return () => {
      controller.abort()
      window.clearTimeout(timer)
      document.removeEventListener('visibilitychange', onVisible)
    }
    // `load` is read when the key changes; callers put everything it depends on in the key.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [round, intervalMs, key])

  const refresh = useCallback(() => {
    setState((s) => ({ ...s, refreshing: true }))
    setRound((n) => n + 1)
  }, [])

  return { ...state, refresh } satisfies Polled<T>
}
