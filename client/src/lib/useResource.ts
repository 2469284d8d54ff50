import { useCallback, useEffect, useState } from 'react'
import { type PageOf } from './api.js'
import { isAbortError, toApiError, type ApiError } from './http.js'

export type ResourceState<T> =
  | { status: 'loading'; data: T | null }
  | { status: 'error'; error: ApiError; data: T | null }
  | { status: 'ready'; data: T }

/**
 * Data loaded from the API for a page, reloaded when `key` changes (and on `reload`). While a
 * new key loads, the previous data stays available (`data`), so a page can dim it rather than
 * blank it. `update` changes the loaded data in place after a successful write.
 */
export function useResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  key: string,
): { state: ResourceState<T>; reload: () => void; update: (fn: (data: T) => T) => void } {
  const [attempt, setAttempt] = useState(0)
  const [result, setResult] = useState<{
    key: string
    data: T | null
    error: ApiError | null
  } | null>(null)
  const fullKey = `${key}#${attempt}`

  useEffect(() => {
    const controller = new AbortController()
    load(controller.signal).then(
      (data) => setResult({ key: fullKey, data, error: null }),
      (err: unknown) => {
        if (controller.signal.aborted || isAbortError(err)) return
        setResult((r) => ({ key: fullKey, data: r?.data ?? null, error: toApiError(err) }))
      },
    )
    return () => controller.abort()
    // `load` is read when the key changes; callers put everything it depends on in the key.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fullKey])

  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  const update = useCallback(
    (fn: (data: T) => T) =>
      setResult((r) => (r && r.data !== null ? { ...r, data: fn(r.data) } : r)),
    [],
  )

  let state: ResourceState<T>
  if (!result || result.key !== fullKey) state = { status: 'loading', data: result?.data ?? null }
  else if (result.error) state = { status: 'error', error: result.error, data: result.data }
  else state = { status: 'ready', data: result.data as T }
  return { state, reload, update }
}

const PAGE_SIZE = 50

/** The older rows of a newest-first list, loaded on demand. */
export interface OlderRows {
  /** More, older rows exist. */
  hasMore: boolean
  loading: boolean
  error: ApiError | null
  load: () => void
}

export interface PagedList<T> {
  /** The rows loaded so far, newest first. */
  state: ResourceState<T[]>
  reload: () => void
  more: OlderRows
}

/**
 * A newest-first list paged with `before=<id>`: the first page for the filter (reloaded when
 * the filter changes), then older pages appended on demand.
 */
export function usePagedList<T extends { id: number }, F>(
  fetchPage: (
    filter: F,
    before: number | null,
    limit: number,
    signal?: AbortSignal,
  ) => Promise<PageOf<T>>,
  filter: F,
): PagedList<T> {
  const filterKey = JSON.stringify(filter)
  const { state, reload, update } = useResource(
    (signal) => fetchPage(JSON.parse(filterKey) as F, null, PAGE_SIZE, signal),
    filterKey,
  )
  const [more, setMore] = useState<{ key: string; busy: boolean; error: ApiError | null }>({
    key: '',
    busy: false,
    error: null,
  })
  const cursor = state.status === 'ready' ? state.data.nextBefore : null
  const mine = more.key === filterKey

  const loadOlder = useCallback(() => {
    if (cursor === null) return
    setMore({ key: filterKey, busy: true, error: null })
    fetchPage(JSON.parse(filterKey) as F, cursor, PAGE_SIZE).then(
      (page) => {
        update((loaded) => {
          // A reload or another filter in between: this page belongs to a list that is gone.
          if (loaded.nextBefore !== cursor) return loaded
          const seen = new Set(loaded.data.map((r) => r.id))
          return {
            data: [...loaded.data, ...page.data.filter((r) => !seen.has(r.id))],
            nextBefore: page.nextBefore,
          }
        })
        setMore({ key: filterKey, busy: false, error: null })
      },
      (err: unknown) => setMore({ key: filterKey, busy: false, error: toApiError(err) }),
    )
  }, [cursor, fetchPage, filterKey, update])

  return {
    state: mapState(state, (page) => page.data),
    reload,
    more: {
      hasMore: cursor !== null,
      loading: mine && more.busy,
      error: mine ? more.error : null,
      load: loadOlder,
    },
  }
}

/** The same state with its data passed through `read` (the rows of a page, say). */
export function mapState<T, U>(state: ResourceState<T>, read: (data: T) => U): ResourceState<U> {
  if (state.status === 'ready') return { status: 'ready', data: read(state.data) }
  return { ...state, data: state.data === null ? null : read(state.data) }
}
