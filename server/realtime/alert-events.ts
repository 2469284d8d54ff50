import type { AlertView } from '../../shared/schemas/alerts.js'
import type { AppContext } from '../context.js'
import { readAlertDetails } from '../db/repositories/alert-details.js'
import { loadAlerts, type AlertRecord } from '../db/repositories/alerts.js'
import { clockNow } from '../lib/clock.js'
import { alertWindow, presentAlert } from '../presenters/alert.js'

/**
 * Alerts as they leave Firebreak (REST, pushes, webhooks): presented with what their window holds
 * (themes, complainers), at the rules' clock.
 */
export async function viewAlerts(ctx: AppContext, alerts: AlertRecord[]): Promise<AlertView[]> {
  const now = await clockNow(ctx)
  const details = await readAlertDetails(
    ctx.db,
    alerts.map((alert) => ({ brandId: alert.brandId, ...alertWindow(alert, now) })),
  )
  return alerts.map((alert, i) => presentAlert(alert, details[i]!, now))
}

/**
 * Pushes alerts to every console of their brand (`alert.raised` when new, `alert.updated` when
 * acknowledged or resolved). Not numbered: a console that missed one lists the alerts again.
 */
export async function publishAlerts(
  ctx: AppContext,
  name: 'alert.raised' | 'alert.updated',
  ids: string[],
): Promise<void> {
  for (const view of await viewAlerts(ctx, await loadAlerts(ctx.db, ids)))
    ctx.publisher.tell(name, { brandId: view.brandId }, view)
}
