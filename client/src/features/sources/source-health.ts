import type { SourceView } from '../../../../shared/schemas/sources.js'

type HealthState = SourceView['health']['state']

/** Each state in words, with the badge's look (ui/badges.css `status-*`). */
export const HEALTH_LABELS: Record<HealthState, { label: string; tone: string; title: string }> = {
  live: { label: 'Live', tone: 'status-active', title: 'Answered at its last poll' },
  failing: {
    label: 'Failing',
    tone: 'status-failing',
    title: 'Failed lately: it is asked again with backoff',
  },
  resting: {
    label: 'Resting (circuit open)',
    tone: 'status-resting',
    title: 'Stopped asking after repeated failures or a refusal; it tries again later',
  },
  paused: { label: 'Paused', tone: 'status-deactivated', title: 'Paused by an admin' },
  ended: {
    label: 'Ended',
    tone: 'status-deactivated',
    title: 'Played to its end: nothing more arrives from it',
  },
  push: {
    label: 'Receiving (webhook)',
    tone: 'status-active',
    title: 'Posts are pushed to it: there is nothing to poll',
  },
  waiting: { label: 'Waiting for first poll', tone: 'status-invited', title: 'Not asked yet' },
}

/** The state to show: a paused webhook is still `push` to the server, but it is paused. */
export function shownState(source: SourceView): HealthState {
  return source.health.state === 'push' && !source.enabled ? 'paused' : source.health.state
}

/** When the next poll is due, in words: "in 40s", "due now", or null when none is planned. */
export function nextPollText(source: SourceView, now: number): string | null {
  const state = shownState(source)
  if (state === 'paused' || state === 'ended' || state === 'push') return null
  const { circuitOpenUntil, nextPollAt } = source.health
  // An open circuit is asked again once it closes, whatever the last poll planned.
  const at = state === 'resting' ? (circuitOpenUntil ?? nextPollAt) : nextPollAt
  if (!at) return state === 'waiting' ? 'within a minute' : null
  const seconds = Math.round((Date.parse(at) - now) / 1000)
  if (Number.isNaN(seconds)) return null
  if (seconds < 5) return 'due now'
  if (seconds < 60) return `in ${seconds}s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `in ${minutes}m`
  const hours = Math.floor(minutes / 60)
  return `in ${hours}h ${minutes % 60}m`
}
