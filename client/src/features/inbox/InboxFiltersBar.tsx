import { useEffect, useRef, useState } from 'react'
import {
  REACH_BANDS,
  REACH_BAND_NAMES,
  UNREAD_LANGUAGES,
  type InboxFilters,
} from '../../../../shared/schemas/inbox.js'
import { COMPLAINT_STATES } from '../../../../shared/triage.js'
import { SENTIMENT_LABELS } from '../../../../shared/schemas/scoring.js'
import { network } from '../../lib/format.js'
import { cx } from '../../ui/css.js'
import { clearFilters, setFilter } from './inboxUrl.js'
import { ThemeFilterChip } from './ThemeFilterChip.js'
import { TimeRangeFilter } from './TimeRangeFilter.js'

/** The networks the inbox can filter by, as the posts name them. */
const NETWORKS = ['bluesky', 'mastodon', 'x', 'reddit', 'hackernews', 'rss']
const LANGUAGES = {
  en: 'English',
  es: 'Spanish',
  pt: 'Portuguese',
  fr: 'French',
  de: 'German',
  it: 'Italian',
  [UNREAD_LANGUAGES]: 'Not read (other languages)',
}

/** Search and filters; each lives in the address, so a view can be shared and reloaded. */
export function InboxFiltersBar({
  brandId,
  filters,
  me,
  showOwners,
  searchRef,
}: {
  brandId: string
  filters: InboxFilters
  me: string
  showOwners: boolean
  searchRef: React.RefObject<HTMLInputElement | null>
}) {
  const [text, setText] = useState(filters.q ?? '')
  const typed = useRef(filters.q ?? '')
  // Search as one types, a moment after the last key.
  useEffect(() => {
    if (text === typed.current) return
    const timer = window.setTimeout(() => {
      typed.current = text
      setFilter('q', text.trim() || null)
    }, 250)
    return () => window.clearTimeout(timer)
  }, [text])
  const select = (key: keyof InboxFilters, label: string, options: Record<string, string>) => (
    <label className={cx('filter', filters[key] && 'is-set')}>
      <span className="visually-hidden">{label}</span>
      <select
        value={(filters[key] as string | undefined) ?? ''}
        onChange={(e) => setFilter(key, e.target.value || null)}
      >
        <option value="">{label}: any</option>
        {Object.entries(options).map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  )
  const active = Object.keys(filters).length > 0
  const set = Object.keys(filters).filter((k) => k !== 'q' && k !== 'to').length
  // On a narrow window the filters fold behind one button, so the list starts on screen.
  const [unfolded, setUnfolded] = useState(false)
  return (
    <div className={cx('inbox-filters', !unfolded && 'is-folded')}>
      <form role="search" className="inbox-search" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="inbox-q" className="visually-hidden">
          Search posts, handles and names
        </label>
        <input
          id="inbox-q"
          ref={searchRef}
          type="search"
          value={text}
          placeholder="Search posts, handles, names  ( / )"
          onChange={(e) => setText(e.target.value)}
          data-testid="inbox-search"
        />
      </form>
      <button
        type="button"
        className="btn btn-secondary inbox-filters-toggle"
        aria-expanded={unfolded}
        aria-controls="inbox-filter-set"
        onClick={() => setUnfolded(!unfolded)}
        data-testid="filters-toggle"
      >
        Filters{set > 0 && ` · ${set}`}
      </button>
      <div className="inbox-filter-set" id="inbox-filter-set">
        {select('state', 'State', Object.fromEntries(COMPLAINT_STATES.map((st) => [st, st])))}
        {select(
          'network',
          'Network',
          Object.fromEntries(NETWORKS.map((n) => [n, network(n).label])),
        )}
        {select('lang', 'Language', LANGUAGES)}
        {select('sentiment', 'Sentiment', Object.fromEntries(SENTIMENT_LABELS.map((s) => [s, s])))}
        {select(
          'reach',
          'Reach',
          Object.fromEntries(REACH_BAND_NAMES.map((r) => [r, REACH_BANDS[r].label])),
        )}
        {showOwners && select('owner', 'Owner', { [me]: 'Me', none: 'Unassigned' })}
        {select('picked', 'Picked', { yes: 'Picked', no: 'Not picked' })}
        <TimeRangeFilter from={filters.from} to={filters.to} />
        {filters.theme && <ThemeFilterChip brandId={brandId} themeId={filters.theme} />}
        {active && (
          <button
            type="button"
            className="btn btn-quiet"
            onClick={() => {
              setText('')
              typed.current = ''
              clearFilters()
            }}
          >
            Clear filters
          </button>
        )}
      </div>
    </div>
  )
}
