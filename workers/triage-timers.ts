import { sql } from 'drizzle-orm'
import type { AppContext } from '../server/context.js'
import { queryRows } from '../server/db/rows.js'
import { autoAssignBrand } from '../server/domain/triage/auto-assign.js'
import { wakeSnoozed } from '../server/domain/triage/wake-snoozed.js'
import { publishComplaintEvents } from '../server/realtime/complaint-events.js'
import { onlineUsers } from '../server/realtime/presence-store.js'
import { publishTriage } from '../server/realtime/triage-events.js'

/**
 * Triage's part of the worker's housekeeping: snoozes that ran out return to the queue, then
 * each brand with auto-assignment on gives its queue to the agents online now. Returns what
 * it did, for the pass's log line.
 */
export async function runTriageTimers(
  ctx: AppContext,
): Promise<{ woke: number; assigned: number }> {
  const woke = await wakeSnoozed(ctx)
  publishComplaintEvents(ctx.publisher, woke)
  let assigned = 0
  const brands = await queryRows<{ id: string }>(
    ctx.db,
    sql`select id from brands where auto_assign order by id`,
  )
  for (const { id: brandId } of brands) {
    const online = await onlineUsers(ctx, brandId)
    if (!online.size) continue
    const outcome = await ctx.db.transaction((tx) =>
      autoAssignBrand(tx, { brandId, online, now: new Date() }),
    )
    await publishTriage(ctx, outcome)
    assigned += outcome.events.length
  }
  return { woke: woke.length, assigned }
}
