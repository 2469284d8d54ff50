import type { ComplaintView } from '../../../../shared/schemas/complaints.js'
import { explanationAt } from '../../../../shared/scoring/explanation.js'
import { priorityAt } from '../../../../shared/scoring/ranking.js'

const waits = (c: ComplaintView) => c.waiting.since !== null && c.waiting.ratePerHour > 0

/**
 * A complaint's priority at `now`: waiting keeps adding to it after the view was served. Never
 * below what the server said, should this browser's clock run behind.
 */
export function livePriority(c: ComplaintView, now: number): number {
  if (!waits(c)) return c.priority
  const live = priorityAt(c.waiting.basePriority, c.waiting.ratePerHour, c.waiting.since!, now)
  return Math.max(c.priority, live)
}

/** The lead's explanation at `now`, its waiting part grown with the clock; it still adds up. */
export function liveExplanation(c: ComplaintView, now: number) {
  if (!waits(c) || now < Date.parse(c.presentedAt)) return c.lead.explanation
  return explanationAt(c.lead.explanation, c.waiting.ratePerHour, c.waiting.since, now)
}
