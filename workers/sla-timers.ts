import { sql } from 'drizzle-orm'
import type { AppContext } from '../server/context.js'
import { queryRows } from '../server/db/rows.js'
import { detectBreaches } from '../server/domain/sla/detect-breaches.js'
import { clockNow } from '../server/lib/clock.js'
import { pushNotifications } from '../server/realtime/triage-events.js'

/**
 * Response targets' part of the worker's housekeeping: each brand's complaints past their
 * target become breaches, each recorded once, and their owners and the advisers are told.
 * `now` is the rules' clock (`clockNow`: the test clock where it is on) unless a test passes its own.
 */
export async function runSlaTimers(ctx: AppContext, at?: Date): Promise<{ breached: number }> {
  const now = at ?? (await clockNow(ctx))
  const brands = await queryRows<{ id: string; sla_targets: unknown }>(
    ctx.db,
    sql`select id, sla_targets from brands order by id`,
  )
  let breached = 0
  for (const brand of brands) {
    const found = await ctx.db.transaction((tx) =>
      detectBreaches(tx, { brandId: brand.id, slaTargets: brand.sla_targets, now }),
    )
    await pushNotifications(ctx, found.notificationIds)
    breached += found.breaches.length
  }
  return { breached }
}
