import { useQuery } from '@tanstack/react-query'
import fuzzysort from 'fuzzysort'
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import { fillReplyVariables, type ReplyVariableValues } from '../../../../shared/reply-variables.js'
import type { CannedResponseView } from '../../../../shared/schemas/canned-responses.js'
import { toApiError } from '../../lib/http.js'
import { cannedApi, cannedKey } from './cannedApi.js'

const MAX_SHOWN = 30

/** The brand's canned responses that match the query, best first (all, by title, without one). */
function rank(items: CannedResponseView[], query: string): CannedResponseView[] {
  if (!query.trim()) return items.slice(0, MAX_SHOWN)
  return fuzzysort
    .go(query.trim(), items, {
      keys: ['title', (c: CannedResponseView) => c.shortcut ?? '', 'body'],
      limit: MAX_SHOWN,
      threshold: 0.2,
    })
    .map((r) => r.obj)
}

/**
 * The canned-response picker: a combobox over the brand's canned responses, fuzzy-matched on
 * title, shortcut and body, each shown with its variables filled as they will be sent. Arrow
 * keys move, Enter inserts, Escape closes. The texts are the brand's own but rendered as text.
 */
export function CannedPicker({
  brandId,
  values,
  onInsert,
  onClose,
}: {
  brandId: string
  values: ReplyVariableValues
  onInsert: (text: string) => void
  /** Escape (`refocus`: back to the reply), or focus left the picker (it stays where it went). */
  onClose: (refocus: boolean) => void
}) {
  const id = useId()
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const input = useRef<HTMLInputElement>(null)
  const list = useRef<HTMLUListElement>(null)
  const canned = useQuery({
    queryKey: cannedKey(brandId),
    queryFn: ({ signal }) => cannedApi.list(brandId, signal),
  })
  const matches = useMemo(() => rank(canned.data ?? [], query), [canned.data, query])
  const current = matches[Math.min(active, matches.length - 1)]
  useEffect(() => input.current?.focus(), [])
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView?.({ block: 'nearest' })
  }, [active, matches])

  const choose = (c: CannedResponseView | undefined) => {
    if (c) onInsert(fillReplyVariables(c.body, values))
  }

  return (
    <div className="canned-picker" data-testid="canned-picker">
      <label htmlFor={`${id}-q`} className="canned-picker-label">
        Insert a canned response
      </label>
      <input
        ref={input}
        id={`${id}-q`}
        className="input canned-picker-input"
        data-testid="canned-search"
        role="combobox"
        aria-expanded="true"
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={current ? `${id}-opt-${current.id}` : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder="Search by title, /shortcut or words"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value.replace(/^\//u, ''))
          setActive(0)
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault()
            const step = e.key === 'ArrowDown' ? 1 : -1
            if (matches.length) setActive((a) => (a + step + matches.length) % matches.length)
          } else if (e.key === 'Enter') {
            e.preventDefault()
            choose(current)
          } else if (e.key === 'Escape') {
            // The thread closes on Escape too; here it only closes the picker.
            e.preventDefault()
            e.stopPropagation()
            e.nativeEvent.stopImmediatePropagation()
            onClose(true)
          }
        }}
        onBlur={(e) => {
          if (!e.currentTarget.closest('.canned-picker')?.contains(e.relatedTarget as Node | null))
            onClose(false)
        }}
      />
      <ul
        ref={list}
        id={`${id}-list`}
        role="listbox"
        aria-label="Canned responses"
        className="canned-list"
        data-testid="canned-list"
      >
        {matches.map((c, i) => (
          <li
            key={c.id}
            id={`${id}-opt-${c.id}`}
            role="option"
            aria-selected={c === current}
            className="canned-option"
            data-testid="canned-option"
            onMouseDown={(e) => e.preventDefault()}
            onMouseEnter={() => setActive(i)}
            onClick={() => choose(c)}
          >
            <span className="canned-option-head">
              <span className="canned-option-title">{c.title}</span>
              {c.shortcut && <span className="canned-option-shortcut">/{c.shortcut}</span>}
            </span>
            <span className="canned-option-body" dir="auto">
              {fillReplyVariables(c.body, values)}
            </span>
          </li>
        ))}
      </ul>
      <p className="canned-picker-status muted" role="status">
        {canned.isPending
          ? 'Loading canned responses…'
          : canned.error
            ? `Could not load canned responses: ${toApiError(canned.error).message}`
            : !canned.data?.length
              ? "This brand has no canned responses yet; advisers add them in the brand's settings."
              : !matches.length
                ? `Nothing matches “${query}”.`
                : `${matches.length} of ${canned.data.length}: ↑ ↓ to choose, Enter to insert, Esc to close`}
      </p>
    </div>
  )
}
