import { useSyncExternalStore } from 'react'

interface Clock {
  now: number
  listeners: Set<() => void>
  timer: number | null
  subscribe: (listener: () => void) => () => void
  read: () => number
}

/**
 * Shared clocks, one per interval: however many components show "3m ago", one timer ticks.
 * A clock's `now` only changes on a tick, so reading it during render is pure.
 */
const clocks = new Map<number, Clock>()

function clock(intervalMs: number): Clock {
  const existing = clocks.get(intervalMs)
  if (existing) return existing
  const c: Clock = {
    now: Date.now(),
    listeners: new Set(),
    timer: null,
    subscribe(listener) {
      c.listeners.add(listener)
      if (c.timer === null) {
        c.now = Date.now()
        c.timer = window.setInterval(() => {
          c.now = Date.now()
          for (const l of c.listeners) l()
        }, intervalMs)
      }
      return () => {
        c.listeners.delete(listener)
        if (!c.listeners.size && c.timer !== null) {
          window.clearInterval(c.timer)
          c.timer = null
        }
      }
    },
    read: () => c.now,
  }
  clocks.set(intervalMs, c)
  return c
}

/** The current time (ms epoch), re-rendering every `intervalMs`. */
export function useNow(intervalMs = 1000): number {
  const c = clock(intervalMs)
  return useSyncExternalStore(c.subscribe, c.read)
}
