import { useCallback, useEffect, useState } from 'react'
import type { BrandView } from '../../../../shared/schemas/brands.js'
import { api } from '../../lib/api.js'
import { isAbortError, toApiError, type ApiError } from '../../lib/http.js'

export type BrandsState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; brands: BrandView[] }

const AUTO_RETRY_MS = 5000

/** The watched brands; transient failures (server restarting) retry by themselves. */
export function useBrands(): {
  state: BrandsState
  retry: () => void
  /** Puts a brand the server just changed into the list (brand settings). */
  replace: (brand: BrandView) => void
} {
  const [attempt, setAttempt] = useState(0)
  const [state, setState] = useState<BrandsState>({ status: 'loading' })

  useEffect(() => {
    const controller = new AbortController()
    let timer: number | undefined
    api.brands(controller.signal).then(
      (brands) => setState({ status: 'ready', brands }),
      (err: unknown) => {
        if (controller.signal.aborted || isAbortError(err)) return
        const error = toApiError(err)
        setState({ status: 'error', error })
        if (error.transient)
          timer = window.setTimeout(() => setAttempt((n) => n + 1), AUTO_RETRY_MS)
      },
    )
    return () => {
      controller.abort()
      window.clearTimeout(timer)
    }
  }, [attempt])

  const retry = useCallback(() => {
    setState({ status: 'loading' })
    setAttempt((n) => n + 1)
  }, [])
  const replace = useCallback((brand: BrandView) => {
    setState((s) =>
      s.status === 'ready'
        ? { status: 'ready', brands: s.brands.map((b) => (b.id === brand.id ? brand : b)) }
        : s,
    )
  }, [])
  return { state, retry, replace }
}
