import { useEffect, useRef } from 'react'
import type { Network } from '../../lib/format.js'
import { Button } from '../../ui/Button.js'
import { cx } from '../../ui/css.js'
import { PauseIcon, PlayIcon, SearchIcon } from '../../ui/icons.js'
import { MAX_COMPLAINTS, type HoldReason } from './feedStore.js'
import type { NetworkOption } from './filters.js'
import './network.css'
import './FeedToolbar.css'

export function FeedToolbar({
  query,
  onQuery,
  networks,
  networkKey,
  onNetwork,
  total,
  shown,
  ready,
  holds,
  pendingNew,
  pendingMoved,
  onPause,
  onApply,
}: {
  query: string
  onQuery: (q: string) => void
  networks: readonly NetworkOption[]
  networkKey: Network['key'] | null
  onNetwork: (key: Network['key'] | null) => void
  total: number
  shown: number
  /** False until the first snapshot: no count to state yet. */
  ready: boolean
  holds: readonly HoldReason[]
  pendingNew: number
  pendingMoved: number
  onPause: (paused: boolean) => void
  onApply: () => void
}) {
  const search = useRef<HTMLInputElement>(null)

  // "/" focuses the filter, as in most consoles.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.metaKey || e.ctrlKey || e.altKey) return
      const target = e.target as HTMLElement | null
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return
      e.preventDefault()
      search.current?.focus()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  return (
    <div className="toolbar">
      <div className="toolbar-row">
        <div className="search">
          <SearchIcon className="search-icon" />
          <input
            ref={search}
            type="search"
            value={query}
            onChange={(e) => onQuery(e.target.value)}
            placeholder="Filter loaded complaints"
            aria-label="Filter loaded complaints by text, author or network"
            aria-keyshortcuts="/"
            spellCheck={false}
            maxLength={200}
          />
          <kbd className="search-kbd" aria-hidden="true">
            /
          </kbd>
        </div>

        <div className="chips" role="group" aria-label="Network">
          <button
            type="button"
            className={cx('chip', networkKey === null && 'is-on')}
            aria-pressed={networkKey === null}
            onClick={() => onNetwork(null)}
          >
            All <span className="chip-count">{total}</span>
          </button>
          {networks.map((n) => (
            <button
              type="button"
              key={n.key}
              className={cx('chip', networkKey === n.key && 'is-on')}
              aria-pressed={networkKey === n.key}
              onClick={() => onNetwork(networkKey === n.key ? null : n.key)}
            >
              <span className={`net-dot net-${n.key}`} aria-hidden="true" />
              {n.label} <span className="chip-count">{n.count}</span>
            </button>
          ))}
        </div>
      </div>

      <div className="listbar">
        <span className="listbar-count">
          {!ready ? null : shown === total ? (
            <>
              {total >= MAX_COMPLAINTS ? 'Top ' : ''}
              <strong>{total}</strong> open complaint{total === 1 ? '' : 's'}, highest priority
              first
            </>
          ) : (
            <>
              <strong>{shown}</strong> of {total} shown
            </>
          )}
        </span>
        <RankingControl
          holds={holds}
          pendingNew={pendingNew}
          pendingMoved={pendingMoved}
          onPause={onPause}
          onApply={onApply}
        />
      </div>
    </div>
  )
}

/**
 * How the order behaves: live (re-ranks every few seconds, with motion), held (while the
 * pointer or keyboard focus is in the list, or paused), with what is waiting and a way to
 * show it now. Its size never changes, so the list below never jumps when it does.
 */
function RankingControl({
  holds,
  pendingNew,
  pendingMoved,
  onPause,
  onApply,
}: {
  holds: readonly HoldReason[]
  pendingNew: number
  pendingMoved: number
  onPause: (paused: boolean) => void
  onApply: () => void
}) {
  const paused = holds.includes('paused')
  const held = holds.length > 0
  const waiting = pendingNew + pendingMoved > 0
  const parts = [
    pendingNew > 0 && `${pendingNew} new`,
    pendingMoved > 0 && `${pendingMoved} moved`,
  ].filter(Boolean)
  return (
    <div className="ranking">
      <div className={cx('ranking-state', held ? 'is-held' : 'is-live')}>
        {held && waiting ? (
          <>
            <span className="ranking-pending">{parts.join(' · ')}</span>
            <Button size="sm" variant="primary" onClick={onApply}>
              Show latest ranking
            </Button>
          </>
        ) : (
          <span
            className="ranking-text"
            title="Rows re-rank every few seconds; hover the list or pause to hold them still"
          >
            {paused ? 'Ranking paused' : held ? 'Order held while you read' : 'Live ranking'}
          </span>
        )}
      </div>
      <Button
        size="sm"
        variant="ghost"
        aria-pressed={paused}
        onClick={() => onPause(!paused)}
        title={
          paused ? 'Resume live re-ranking' : 'Hold the current order; data keeps updating in place'
        }
      >
        {paused ? <PlayIcon /> : <PauseIcon />}
        {paused ? 'Resume' : 'Pause'}
      </Button>
    </div>
  )
}
