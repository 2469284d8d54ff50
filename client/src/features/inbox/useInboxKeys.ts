import { useEffect, useRef } from 'react'

/** The inbox's shortcuts, for the help dialog and the handler: one list. */
export const SHORTCUTS = [
  ['j', 'Next complaint'],
  ['k', 'Previous complaint'],
  ['Enter', 'Open the selected complaint'],
  ['Esc', 'Close the thread or dialog'],
  ['a', 'Take it (agents) or assign it (advisers)'],
  ['e', 'Resolve'],
  ['#', 'Dismiss, with a reason'],
  ['z', 'Snooze'],
  ['n', 'Write a note in the open thread'],
  ['/', 'Search'],
  ['?', 'This list'],
] as const
export type ShortcutKey = (typeof SHORTCUTS)[number][0]

/** Typing in a field, or a dialog open: keys belong to them, not to the inbox. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el) return false
  if (el.closest('dialog[open]')) return true
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)
}

/**
 * The inbox's keys, on the whole document from the first render (no row needs focus first).
 * Esc is passed even from a field, so it always closes; the rest wait until typing stops.
 */
export function useInboxKeys(handler: (key: ShortcutKey) => void): void {
  const latest = useRef(handler)
  useEffect(() => {
    latest.current = handler
  })
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey) return
      const key = e.key === 'Escape' ? 'Esc' : e.key
      if (!SHORTCUTS.some(([k]) => k === key)) return
      if (key === 'Esc') {
        if ((e.target as HTMLElement | null)?.closest?.('dialog[open]')) return
      } else if (isTyping(e.target)) return
      e.preventDefault()
      latest.current(key as ShortcutKey)
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])
}
