import { sql } from 'drizzle-orm'
import type { AlertState } from '../../../shared/schemas/alerts.js'
import type { AppContext } from '../../context.js'
import { getAlert, type AlertRecord } from '../../db/repositories/alerts.js'
import { queryRows } from '../../db/rows.js'
import { AppError } from '../../lib/app-error.js'
import { recordAudit } from '../audit/record-audit.js'

/** Acknowledge ("we are on it"), or resolve with an optional note. */
export type AlertChange = { kind: 'acknowledge' } | { kind: 'resolve'; note: string | null }

/** Which states each change may start from: an acknowledged alert can still be resolved. */
const ALLOWED_FROM: Record<AlertChange['kind'], AlertState[]> = {
  acknowledge: ['open'],
  resolve: ['open', 'acknowledged'],
}

/**
 * Acknowledges or resolves one of a brand's alerts, with its audit row, in one transaction. An
 * alert already past that step (acknowledged twice, resolved twice) is refused with 409 naming
 * who did it: the record of how it was handled is not rewritten.
 */
export async function changeAlert(
  ctx: AppContext,
  input: {
    brandId: string
    alertId: string
    change: AlertChange
    actorId: string
    ip: string | null
  },
): Promise<AlertRecord> {
  const { change } = input
  await ctx.db.transaction(async (tx) => {
    const [row] = await queryRows<{ state: AlertState }>(
      tx,
      sql`select state from alerts
          where id = ${input.alertId}::uuid and brand_id = ${input.brandId}::uuid for update`,
    )
    if (!row) throw new AppError('not_found', 'Alert not found')
    if (!ALLOWED_FROM[change.kind].includes(row.state)) {
      const current = await getAlert(tx, input)
      const by = (current.resolved ?? current.acknowledged)?.by?.name ?? 'someone'
      throw new AppError('conflict', `This alert is already ${row.state} (by ${by})`)
    }
    if (change.kind === 'acknowledge') {
      await tx.execute(
        sql`update alerts set state = 'acknowledged', acknowledged_by = ${input.actorId}::uuid,
              acknowledged_at = now()
            where id = ${input.alertId}::uuid`,
      )
    } else {
      await tx.execute(
        sql`update alerts set state = 'resolved', resolved_by = ${input.actorId}::uuid,
              resolved_at = now(), resolution_note = ${change.note}
            where id = ${input.alertId}::uuid`,
      )
    }
    await recordAudit(tx, {
      actorId: input.actorId,
      action: change.kind === 'acknowledge' ? 'alert.acknowledged' : 'alert.resolved',
      subjectType: 'alert',
      subjectId: input.alertId,
      before: { state: row.state },
      after:
        change.kind === 'acknowledge'
          ? { state: 'acknowledged' }
          : { state: 'resolved', note: change.note },
      ip: input.ip,
    })
  })
  return getAlert(ctx.db, input)
}
