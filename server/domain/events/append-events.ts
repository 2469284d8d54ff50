import { eq, sql } from 'drizzle-orm'
import type { EventEnvelope, ServerEventName } from '../../../shared/events.js'
import type { Tx } from '../../db/client.js'
import { loadComplaintViews } from '../../db/repositories/complaint-views.js'
import { brands, events } from '../../db/schema.js'
import { presentComplaint } from '../../presenters/complaint.js'
import type { Publisher } from '../../realtime/publisher.js'

export interface ComplaintChange {
  complaintId: string
  type: ServerEventName
}

/** An event written in a transaction, to publish once that transaction commits. */
export interface PendingEvent {
  name: ServerEventName
  event: EventEnvelope
}

/**
 * Writes one event row per changed complaint, numbered by the brand's sequence, and returns
 * them for publishing after commit. Call it last in a transaction: taking the brand's
 * sequence locks the brand row until commit, which keeps seq order equal to commit order.
 */
export async function appendComplaintEvents(
  tx: Tx,
  brandId: string,
  changes: ComplaintChange[],
): Promise<PendingEvent[]> {
  if (!changes.length) return []
  const [brand] = await tx
    .update(brands)
    .set({ eventSeq: sql`${brands.eventSeq} + ${changes.length}` })
    .where(eq(brands.id, brandId))
    .returning({ last: brands.eventSeq })
  const first = brand!.last - changes.length + 1
  const numbered = changes.map((change, i) => ({ ...change, seq: first + i }))

  const values = sql.join(
    numbered.map((c) => sql`(${c.complaintId}::uuid, ${c.seq}::bigint)`),
    sql`, `,
  )
  await tx.execute(
    sql`update complaints set seq = v.seq, updated_at = now()
        from (values ${values}) as v(id, seq) where complaints.id = v.id`,
  )
  const views = new Map(
    (
      await loadComplaintViews(
        tx,
        numbered.map((c) => c.complaintId),
      )
    ).map((row) => [row.id, presentComplaint(row)]),
  )
  const pending = numbered.map((c) => ({
    name: c.type,
    event: { seq: c.seq, brandId, data: views.get(c.complaintId)! },
  }))
  await tx
    .insert(events)
    .values(pending.map((p) => ({ brandId, seq: p.event.seq, type: p.name, data: p.event.data })))
  return pending
}

/** Pushes committed events to the consoles. */
export function publishEvents(publisher: Publisher, pending: PendingEvent[]): void {
  for (const p of pending) publisher.publish(p.name, p.event)
}
