import {
  useCallback,
  useEffect,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
} from 'react'
import type { ComplaintView } from '../../../../shared/schemas/complaints.js'
import { FlipList } from '../../ui/FlipList.js'
import { ComplaintRow } from './ComplaintRow.js'
import type { HoldReason, RowChange } from './feedStore.js'
import './ComplaintList.css'

/**
 * The ranked list. When the display order changes, rows glide from where they were to where
 * they are (FlipList: visible rows only, none with reduced motion). Pointer or keyboard focus
 * in the list holds the order still (see the feed store). Rows are `content-visibility: auto`,
 * so 500 of them cost little more than the dozen on screen.
 */
export function ComplaintList({
  rows,
  changes,
  orderVersion,
  onHold,
  label,
  canPick,
  onPickChanged,
}: {
  rows: readonly ComplaintView[]
  changes: ReadonlyMap<string, RowChange>
  orderVersion: number
  onHold: (reason: HoldReason, on: boolean, releaseAfterMs?: number) => void
  label: string
  canPick: boolean
  onPickChanged: (view: ComplaintView) => void
}) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set())
  const toggle = useCallback((id: string) => {
    setExpanded((prev) => {
      const next = new Set(prev)
      if (!next.delete(id)) next.add(id)
      return next
    })
  }, [])

  // From anywhere on the page (not a field or a dialog): j/k reach the list without a row
  // focused first, and Escape closes the open detail, giving focus back to its row.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey) return
      const target = e.target as HTMLElement
      if (target.dataset?.complaintId) return // the list's own handler has it
      if (target.closest?.('input, textarea, select, [contenteditable="true"], dialog[open]'))
        return
      const inRow = target.closest?.<HTMLElement>('[data-complaint-id]')
      const first = document.querySelector<HTMLElement>('[data-testid="complaint-row"]')
      if (e.key === 'j' || e.key === 'k') {
        const next = inRow
          ? e.key === 'j'
            ? inRow.nextElementSibling
            : inRow.previousElementSibling
          : first
        if (next instanceof HTMLElement) {
          e.preventDefault()
          next.focus()
        }
      } else if (e.key === 'Escape') {
        const id = inRow?.dataset.complaintId ?? [...expanded].at(-1)
        if (!id || !expanded.has(id)) return
        e.preventDefault()
        toggle(id)
        document.querySelector<HTMLElement>(`[data-complaint-id="${CSS.escape(id)}"]`)?.focus()
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [expanded, toggle])

  const onClick = (e: MouseEvent<HTMLOListElement>) => {
    const target = e.target as HTMLElement
    if (target.closest('a, button, input, select, textarea')) return
    if (window.getSelection()?.toString()) return // selecting text, not toggling
    const row = target.closest<HTMLElement>('[data-complaint-id]')
    if (row?.dataset.complaintId) toggle(row.dataset.complaintId)
  }

  const onKeyDown = (e: KeyboardEvent<HTMLOListElement>) => {
    const row = e.target as HTMLElement
    if (!row.dataset.complaintId) return // a button or link inside a row
    const go = (el: Element | null | undefined) => {
      if (el instanceof HTMLElement) {
        e.preventDefault()
        el.focus()
      }
    }
    switch (e.key) {
      case 'Enter':
      case ' ':
        e.preventDefault()
        toggle(row.dataset.complaintId)
        break
      case 'Escape':
        if (!expanded.has(row.dataset.complaintId)) break
        e.preventDefault()
        toggle(row.dataset.complaintId)
        break
      case 'ArrowDown':
      case 'j':
        go(row.nextElementSibling)
        break
      case 'ArrowUp':
      case 'k':
        go(row.previousElementSibling)
        break
      case 'Home':
        go(row.parentElement?.firstElementChild)
        break
      case 'End':
        go(row.parentElement?.lastElementChild)
        break
    }
  }

  // Keyboard users get a still list while they move through it; mouse focus does not count.
  const onFocus = (e: FocusEvent<HTMLOListElement>) => {
    if (e.target.matches(':focus-visible')) onHold('focus', true)
  }
  const onBlur = (e: FocusEvent<HTMLOListElement>) => {
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) onHold('focus', false)
  }

  return (
    <FlipList
      version={orderVersion}
      className="list"
      aria-label={label}
      onClick={onClick}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
      onBlur={onBlur}
      onPointerEnter={() => onHold('pointer', true)}
      onPointerLeave={() => onHold('pointer', false, 700)}
    >
      {rows.map((c) => (
        <ComplaintRow
          key={c.id}
          complaint={c}
          change={changes.get(c.id)}
          expanded={expanded.has(c.id)}
          onToggle={toggle}
          canPick={canPick}
          onPickChanged={onPickChanged}
        />
      ))}
    </FlipList>
  )
}
