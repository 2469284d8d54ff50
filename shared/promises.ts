/**
 * Promises made in replies: what was promised, who keeps it, by when. A promise is stored
 * `open` until a person marks it `kept` (with a link or a note saying how) or `broken` (with a
 * note). Whether an open one is `due_soon` or `overdue` depends on the time, so it is derived
 * here, by the one function the API, the worker and the console read.
 */

/** What a promise is stored as. */
export const STORED_PROMISE_STATES = ['open', 'kept', 'broken'] as const
export type StoredPromiseState = (typeof STORED_PROMISE_STATES)[number]

/** What a promise is at an instant, in the order the Promises page lists them. */
export const PROMISE_STATES = ['overdue', 'due_soon', 'open', 'kept', 'broken'] as const
export type PromiseState = (typeof PROMISE_STATES)[number]

export const PROMISE_STATE_TEXT: Record<PromiseState, string> = {
  overdue: 'Overdue',
  due_soon: 'Due soon',
  open: 'Open',
  kept: 'Kept',
  broken: 'Broken',
}

/** An open promise due within this long is `due_soon`. */
export const DUE_SOON_MS = 24 * 3600_000

/** Its owner is reminded (once) this long before it is due. */
export const REMIND_BEFORE_MS = 2 * 3600_000

/** Longest a promise may run, so that a typo in a date does not hide one for years. */
export const PROMISE_MAX_DAYS = 366

/** The state of a promise at instant `now` (ms). */
export function promiseState(
  p: { state: StoredPromiseState; dueAt: string | Date },
  now: number,
): PromiseState {
  if (p.state !== 'open') return p.state
  const due = new Date(p.dueAt).getTime()
  if (due <= now) return 'overdue'
  if (due - now <= DUE_SOON_MS) return 'due_soon'
  return 'open'
}
