import { sql } from 'drizzle-orm'
import type { ServerEventName } from '../../../shared/events.js'
import type { Tx } from '../../db/client.js'
import {
  COMPLAINT_PART_COLUMNS,
  returningComplaints,
} from '../../db/repositories/complaint-views.js'
import { appendComplaintEvents, type PendingEvent } from '../events/append-events.js'

/**
 * The event row of a reply's change, carrying its complaint as it stands. Call it last in the
 * transaction (it takes the brand's sequence).
 */
export async function appendReplyEvent(
  tx: Tx,
  complaintId: string,
  type: ServerEventName,
): Promise<PendingEvent[]> {
  const [complaint] = await returningComplaints(
    tx,
    sql`select ${COMPLAINT_PART_COLUMNS} from complaints as c where c.id = ${complaintId}::uuid`,
  )
  return appendComplaintEvents(tx, complaint!.brandId, [{ complaint: complaint!, type }])
}
