import { useSyncExternalStore } from 'react'

/**
 * A small client-side router: the address bar is the state, `navigate` changes it with
 * history.pushState, and components read it with `useLocation`. Back and forward work
 * (popstate); the server serves index.html for every non-/api path, so any route reloads.
 */

const NAVIGATE_EVENT = 'firebreak:navigate'

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener)
  window.addEventListener(NAVIGATE_EVENT, listener)
  return () => {
    window.removeEventListener('popstate', listener)
    window.removeEventListener(NAVIGATE_EVENT, listener)
  }
}

const readHref = () => window.location.href

/** Tells every `useLocation` that the address changed (pushState fires no event itself). */
function notify(): void {
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
}

export interface Location {
  pathname: string
  search: URLSearchParams
  hash: string
  href: string
}

const parsed = new Map<string, Location>()

/** The current address, re-rendering on every change. */
export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, readHref)
  let location = parsed.get(href)
  if (!location) {
    const url = new URL(href)
    location = {
      pathname: url.pathname.replace(/\/+$/, '') || '/',
      search: url.searchParams,
      hash: url.hash,
      href,
    }
    parsed.clear()
    parsed.set(href, location)
  }
  return location
}

/** Goes to a same-origin path (with its query); `replace` keeps it out of the history. */
export function navigate(to: string | URL, options: { replace?: boolean } = {}): void {
  const url = new URL(to, window.location.href)
  if (url.origin !== window.location.origin) throw new Error(`navigate: ${url.href} is not ours`)
  if (url.href === window.location.href) return
  if (options.replace) window.history.replaceState(null, '', url)
  else {
    window.history.pushState(null, '', url)
    window.scrollTo(0, 0)
  }
  notify()
}

/** Changes query parameters of the current address (null removes one), without a new page. */
export function setSearchParams(
  params: Record<string, string | null | undefined>,
  mode: 'push' | 'replace' = 'replace',
): void {
  const url = new URL(window.location.href)
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') url.searchParams.delete(key)
    else url.searchParams.set(key, value)
  }
  if (url.href === window.location.href) return
  if (mode === 'push') window.history.pushState(null, '', url)
  else window.history.replaceState(null, '', url)
  notify()
}

/** Whether a click should be left to the browser (new tab, new window, download...). */
export function isModifiedClick(e: {
  button: number
  metaKey: boolean
  ctrlKey: boolean
  shiftKey: boolean
  altKey: boolean
}): boolean {
  return e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey
}
