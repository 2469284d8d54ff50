import { InboxFiltersSchema, type InboxFilters } from '../../../../shared/schemas/inbox.js'
import { INBOX_VIEWS, type InboxView } from '../../../../shared/triage.js'
import { setSearchParams, useLocation } from '../../lib/router.js'

const FILTER_KEYS = Object.keys(InboxFiltersSchema.shape) as Array<keyof InboxFilters>

/** The inbox's state as the address carries it: view, filters and the open thread (`c`). */
export interface InboxUrl {
  view: InboxView
  filters: InboxFilters
  open: string | null
}

/** Reads the address; anything it cannot parse is left out, as if not given. */
export function useInboxUrl(defaultView: InboxView): InboxUrl {
  const { search } = useLocation()
  const raw = search.get('view')
  const view = (INBOX_VIEWS as readonly string[]).includes(raw ?? '')
    ? (raw as InboxView)
    : defaultView
  const filters: Record<string, string> = {}
  for (const key of FILTER_KEYS) {
    const value = search.get(key)
    if (!value) continue
    const one = InboxFiltersSchema.shape[key].safeParse(value)
    if (one.success && one.data !== undefined) filters[key] = value
  }
  return { view, filters: filters as InboxFilters, open: search.get('c') }
}

/** Changes the view (a new history entry), keeping filters; closes the thread. */
export const goToView = (view: InboxView) => setSearchParams({ view, c: null }, 'push')
export const setFilter = (key: keyof InboxFilters, value: string | null) =>
  setSearchParams({ [key]: value })
/** Sets both ends of the time range in one address change (null leaves an end open). */
export const setRange = (from: string | null, to: string | null) => setSearchParams({ from, to })
export const openThread = (id: string | null) => setSearchParams({ c: id }, 'push')
export const clearFilters = () =>
  setSearchParams(Object.fromEntries(FILTER_KEYS.map((k) => [k, null])))
