import type { AlertView } from '../../shared/schemas/alerts.js'
import type { AlertDetails } from '../db/repositories/alert-details.js'
import type { AlertRecord } from '../db/repositories/alerts.js'

/** An alert's window never reaches past this after its first bucket (an alert left open for days). */
export const ALERT_WINDOW_MAX_MS = 24 * 3600_000

/**
 * The spike's window: its first bucket up to its resolution, or up to now while it is not
 * resolved, at most a day long.
 */
export function alertWindow(alert: AlertRecord, now: Date): { from: Date; to: Date } {
  const end = alert.resolved?.at ?? now
  const to = Math.min(end.getTime(), alert.at.getTime() + ALERT_WINDOW_MAX_MS)
  return { from: alert.at, to: new Date(Math.max(to, alert.at.getTime())) }
}

/** An alert as REST, the socket push and the webhooks show it. */
export function presentAlert(alert: AlertRecord, details: AlertDetails, now: Date): AlertView {
  const window = alertWindow(alert, now)
  return {
    id: alert.id,
    brandId: alert.brandId,
    series: alert.series,
    at: alert.at.toISOString(),
    severity: alert.severity,
    observed: alert.observed,
    expected: alert.expected,
    confidence: alert.confidence,
    state: alert.state,
    acknowledged: alert.acknowledged && {
      by: alert.acknowledged.by,
      at: alert.acknowledged.at.toISOString(),
    },
    resolved: alert.resolved && {
      by: alert.resolved.by,
      at: alert.resolved.at.toISOString(),
      note: alert.resolved.note,
    },
    window: { from: window.from.toISOString(), to: window.to.toISOString() },
    themes: details.themes,
    complainers: details.complainers,
    createdAt: alert.createdAt.toISOString(),
  }
}
