import { sql } from 'drizzle-orm'
import type { Role } from '../../../shared/roles.js'
import type { AlertSeries, AlertSeverity } from '../../../shared/schemas/alerts.js'
import type { Tx } from '../../db/client.js'
import { enabledWebhookIds } from '../../db/repositories/alert-webhooks.js'
import { insertNotifications } from '../../db/repositories/notifications.js'
import { addOutboxRows } from '../../db/repositories/outbox.js'
import { queryRows } from '../../db/rows.js'
import { recordAudit } from '../audit/record-audit.js'
import type { OutboxRef } from '../ingest/dispatch-outbox.js'

/** A spike the detector found in one of a brand's series. */
export interface FoundSpike {
  series: AlertSeries
  /** The bucket that raised it (ms). */
  at: number
  observed: number
  expected: number
  severity: AlertSeverity
  confidence: number
}

/**
 * Records the spikes a detector pass found, in the pass's transaction: each becomes an alert
 * once (a pass run again meets the (brand, series, at) key and adds nothing), with its audit row
 * and an outbox row per enabled webhook of the brand. Returns the new alerts' ids and the outbox
 * rows, to push and dispatch after commit.
 */
export async function raiseAlerts(
  tx: Tx,
  brandId: string,
  spikes: FoundSpike[],
): Promise<{ alertIds: string[]; outbox: OutboxRef[]; notificationIds: number[] }> {
  const alertIds: string[] = []
  for (const spike of spikes) {
    const confidence = Math.min(1, Math.max(0, spike.confidence))
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into alerts (brand_id, series, at, severity, observed, expected, confidence)
          values (${brandId}::uuid, ${spike.series}, ${new Date(spike.at).toISOString()}::timestamptz,
            ${spike.severity}, ${spike.observed}, ${spike.expected}, ${confidence})
          on conflict (brand_id, series, at) do nothing
          returning id`,
    )
    if (!row) continue
    alertIds.push(row.id)
    await recordAudit(tx, {
      actorId: null,
      action: 'alert.raised',
      subjectType: 'alert',
      subjectId: row.id,
      after: { brandId, ...spike, at: new Date(spike.at).toISOString(), confidence },
    })
  }
  const webhooks = alertIds.length ? await enabledWebhookIds(tx, brandId) : []
  const payloads = alertIds.flatMap((alertId) =>
    webhooks.map((webhookId) => ({ webhookId, alertId })),
  )
  const ids = await addOutboxRows(tx, 'alert.deliver', payloads)
  const notificationIds = await notifyLeadership(tx, alertIds)
  return {
    alertIds,
    outbox: ids.map((id) => ({ id, kind: 'alert.deliver' as const })),
    notificationIds,
  }
}

/**
 * Who hears of a spike in their bell, not only in an open console's banner: those who decide
 * what the brand does about it (advisers, admins) and leadership (viewers). Agents work the
 * queue, where the banner already shows it.
 */
const TOLD_ROLES: Role[] = ['viewer', 'adviser', 'admin']

async function notifyLeadership(tx: Tx, alertIds: string[]): Promise<number[]> {
  if (!alertIds.length) return []
  const users = await queryRows<{ id: string }>(
    tx,
    sql`select id from users where is_active
        and role in (${sql.join(
          TOLD_ROLES.map((r) => sql`${r}`),
          sql`, `,
        )})`,
  )
  return insertNotifications(
    tx,
    alertIds.flatMap((alertId) =>
      users.map((u) => ({ userId: u.id, kind: 'alert_raised' as const, alertId, actorId: null })),
    ),
  )
}
