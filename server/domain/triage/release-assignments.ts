import { sql } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import { insertHistory } from '../../db/repositories/complaint-history.js'
import {
  COMPLAINT_PART_COLUMNS,
  returningComplaints,
} from '../../db/repositories/complaint-views.js'
import { recordAudit } from '../audit/record-audit.js'
import { appendUpdatedEvents, type PendingEvent } from '../events/append-events.js'

/**
 * Returns a person's active complaints to the pool (deactivated, or no longer able to triage):
 * each unassigned with a history row, an audit row and an event, in the caller's transaction.
 * Ended complaints keep their owner, as a record of who worked them.
 */
export async function releaseAssignments(
  tx: Tx,
  input: { userId: string; actorId: string; ip: string | null; now: Date },
): Promise<PendingEvent[]> {
  const released = await returningComplaints(
    tx,
    sql`update complaints as c set assignee_id = null, assigned_at = null,
          version = c.version + 1, updated_at = now()
        where c.id in (
          select id from complaints where assignee_id = ${input.userId}::uuid
            and state in ('new', 'open', 'waiting')
          order by id for update)
        returning ${COMPLAINT_PART_COLUMNS}`,
  )
  if (!released.length) return []
  await insertHistory(
    tx,
    released.map((c) => ({
      complaintId: c.id,
      actorId: input.actorId,
      kind: 'assigned' as const,
      from: c.state,
      to: c.state,
      at: input.now,
      assigneeId: null,
    })),
  )
  for (const c of released) {
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'complaint.assigned',
      subjectType: 'complaint',
      subjectId: c.id,
      before: { assigneeId: input.userId },
      after: { assigneeId: null, why: 'owner deactivated or may no longer triage' },
      ip: input.ip,
    })
  }
  return appendUpdatedEvents(tx, released)
}
