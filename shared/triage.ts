/**
 * The triage state machine of a complaint: the one table the API, the console and the tests
 * read. A complaint arrives `new`, is worked (`open`), may wait on its author (`waiting`), and
 * ends `resolved` or `dismissed` (with a reason). A new post by its author reopens an ended or
 * waiting thread. Snoozing is not a state: an active complaint may be hidden from the queue
 * until a time, and returns to it by itself then.
 */

export const COMPLAINT_STATES = ['new', 'open', 'waiting', 'resolved', 'dismissed'] as const
export type ComplaintState = (typeof COMPLAINT_STATES)[number]

/** States someone still has to act on: they count against an agent's cap and may be snoozed. */
export const ACTIVE_STATES = ['new', 'open', 'waiting'] as const satisfies readonly ComplaintState[]

/** Why a complaint was dismissed; `other` needs a written note. */
export const DISMISS_REASONS = [
  'spam',
  'not_about_us',
  'duplicate',
  'no_action_needed',
  'other',
] as const
export type DismissReason = (typeof DISMISS_REASONS)[number]

export const DISMISS_REASON_TEXT: Record<DismissReason, string> = {
  spam: 'Spam',
  not_about_us: 'Not about us',
  duplicate: 'Duplicate',
  no_action_needed: 'No action needed',
  other: 'Other',
}

/**
 * Every transition a person may ask for: the states it leaves from and the one it enters.
 * Anything not listed is refused.
 */
export const TRANSITIONS = {
  /** Someone starts working it, or the author answered while it waited. */
  open: { from: ['new', 'waiting'], to: 'open', label: 'Open' },
  /** Asked the author something; the ball is in their court. */
  wait: { from: ['new', 'open'], to: 'waiting', label: 'Waiting on author' },
  resolve: { from: ['new', 'open', 'waiting'], to: 'resolved', label: 'Resolve' },
  /** Needs a reason (DISMISS_REASONS). */
  dismiss: { from: ['new', 'open', 'waiting'], to: 'dismissed', label: 'Dismiss' },
  reopen: { from: ['resolved', 'dismissed'], to: 'open', label: 'Reopen' },
} as const satisfies Record<
  string,
  { from: readonly ComplaintState[]; to: ComplaintState; label: string }
>
export type TransitionName = keyof typeof TRANSITIONS
export const TRANSITION_NAMES = Object.keys(TRANSITIONS) as TransitionName[]

/** States from which a new post by the complaint's author reopens it (to `open`). */
export const AUTHOR_REOPENS_FROM = [
  'waiting',
  'resolved',
  'dismissed',
] as const satisfies readonly ComplaintState[]

/** The state a transition leads to from `state`, or null when the table does not allow it. */
export function nextState(
  state: ComplaintState,
  transition: TransitionName,
): ComplaintState | null {
  const t = TRANSITIONS[transition]
  return (t.from as readonly ComplaintState[]).includes(state) ? t.to : null
}

/** The transitions allowed from a state, in the table's order. */
export function transitionsFrom(state: ComplaintState): TransitionName[] {
  return TRANSITION_NAMES.filter((name) => nextState(state, name) !== null)
}

export const isActive = (state: ComplaintState): boolean =>
  (ACTIVE_STATES as readonly ComplaintState[]).includes(state)

/** Whether an author's new post reopens a complaint in this state. */
export const authorReopens = (state: ComplaintState): boolean =>
  (AUTHOR_REOPENS_FROM as readonly ComplaintState[]).includes(state)

/** Longest snooze, so that a typo in a date does not bury a complaint for years. */
export const SNOOZE_MAX_DAYS = 90

/** The inbox's views, in the order the console lists them. */
export const INBOX_VIEWS = [
  'mine',
  'unassigned',
  'open',
  'picked',
  'waiting',
  'snoozed',
  'resolved',
  'dismissed',
] as const
export type InboxView = (typeof INBOX_VIEWS)[number]

export const INBOX_VIEW_TEXT: Record<InboxView, string> = {
  mine: 'Mine',
  unassigned: 'Unassigned',
  open: 'Open',
  picked: 'Picked',
  waiting: 'Waiting',
  snoozed: 'Snoozed',
  resolved: 'Resolved',
  dismissed: 'Dismissed',
}

/**
 * What each view holds, as data both the server's query and the console's live cache read:
 * which states, whether snoozed complaints are in it (only, or never), and whom it is for.
 */
export const INBOX_VIEW_RULES: Record<
  InboxView,
  {
    states: readonly ComplaintState[]
    snoozed: 'only' | 'never' | 'any'
    owner?: 'me' | 'none'
    picked?: true
  }
> = {
  mine: { states: ACTIVE_STATES, snoozed: 'never', owner: 'me' },
  unassigned: { states: ['new', 'open'], snoozed: 'never', owner: 'none' },
  open: { states: ['new', 'open'], snoozed: 'never' },
  picked: { states: ACTIVE_STATES, snoozed: 'never', picked: true },
  waiting: { states: ['waiting'], snoozed: 'never' },
  snoozed: { states: ACTIVE_STATES, snoozed: 'only' },
  resolved: { states: ['resolved'], snoozed: 'any' },
  dismissed: { states: ['dismissed'], snoozed: 'any' },
}

/** Whether a complaint belongs in a view at instant `now` (ms), for the console's live cache. */
export function inView(
  view: InboxView,
  c: {
    state: ComplaintState
    snoozedUntil: string | null
    assigneeId: string | null
    picked: boolean
  },
  me: string,
  now: number,
): boolean {
  const rule = INBOX_VIEW_RULES[view]
  if (!(rule.states as readonly ComplaintState[]).includes(c.state)) return false
  const snoozed = c.snoozedUntil !== null && Date.parse(c.snoozedUntil) > now
  if (rule.snoozed === 'only' && !snoozed) return false
  if (rule.snoozed === 'never' && snoozed) return false
  if (rule.owner === 'me' && c.assigneeId !== me) return false
  if (rule.owner === 'none' && c.assigneeId !== null) return false
  if (rule.picked && !c.picked) return false
  return true
}

/** Whether a complaint is in the work queue now (the `open` view): new or open, not snoozed. */
export const inQueue = (c: { state: ComplaintState; snoozedUntil: string | null }, now: number) =>
  inView('open', { ...c, assigneeId: null, picked: false }, '', now)
