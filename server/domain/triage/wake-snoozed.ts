import { sql } from 'drizzle-orm'
import type { AppContext } from '../../context.js'
import { insertHistory } from '../../db/repositories/complaint-history.js'
import {
  COMPLAINT_PART_COLUMNS,
  returningComplaints,
} from '../../db/repositories/complaint-views.js'
import { recordAudit } from '../audit/record-audit.js'
import { appendUpdatedEvents, type PendingEvent } from '../events/append-events.js'

/** Most snoozes ended in one pass; the next pass takes the rest. */
const WAKE_BATCH = 500

/**
 * Complaints whose snooze ran out return to the queue: the snooze is cleared with a history
 * row, an audit row and an event, so every console shows them again at once (the inbox's
 * queries already count an expired snooze as none; this makes it a fact and a push).
 * Rows another transaction holds are left for the next pass.
 */
export async function wakeSnoozed(ctx: AppContext, now = new Date()): Promise<PendingEvent[]> {
  return ctx.db.transaction(async (tx) => {
    const woke = await returningComplaints(
      tx,
      sql`update complaints as c set snoozed_until = null, version = c.version + 1,
            updated_at = now()
          where c.id in (
            select id from complaints where snoozed_until <= ${now.toISOString()}::timestamptz
            order by snoozed_until, id limit ${WAKE_BATCH} for update skip locked)
          returning ${COMPLAINT_PART_COLUMNS}`,
    )
    if (!woke.length) return []
    await insertHistory(
      tx,
      woke.map((c) => ({
        complaintId: c.id,
        actorId: null,
        kind: 'woke' as const,
        from: c.state,
        to: c.state,
        at: now,
      })),
    )
    for (const c of woke)
      await recordAudit(tx, {
        actorId: null,
        action: 'complaint.woke',
        subjectType: 'complaint',
        subjectId: c.id,
        after: { state: c.state },
      })
    return appendUpdatedEvents(tx, woke)
  })
}
