import { eq, sql } from 'drizzle-orm'
import type { EventEnvelope, ServerEventName } from '../../../shared/events.js'
import type { Tx } from '../../db/client.js'
import {
  loadLeadParts,
  type ComplaintPart,
  type LeadPart,
} from '../../db/repositories/complaint-views.js'
import { brands } from '../../db/schema.js'
import { unnest } from '../../db/unnest.js'
import { presentComplaint } from '../../presenters/complaint.js'
import type { Publisher } from '../../realtime/publisher.js'

export interface ComplaintChange {
  complaint: ComplaintPart
  type: ServerEventName
}

/** An event written in a transaction, to publish once that transaction commits. */
export interface PendingEvent {
  name: ServerEventName
  event: EventEnvelope
}

/**
 * Writes one event row per changed complaint, numbered by the brand's sequence, and returns
 * them with their views for publishing after commit. `knownLeads` are lead posts the caller
 * already holds (the posts it just scored); other leads are read. Call it last in a
 * transaction: taking the brand's sequence locks the brand row until commit, which keeps
 * seq order equal to commit order.
 */
export async function appendComplaintEvents(
  tx: Tx,
  brandId: string,
  changes: ComplaintChange[],
  knownLeads: Map<number, LeadPart> = new Map(),
): Promise<PendingEvent[]> {
  if (!changes.length) return []
  const leads = new Map(knownLeads)
  const missing = new Map<string, number[]>()
  for (const { complaint } of changes) {
    const leadId = Number(complaint.lead_post_id)
    if (leads.has(leadId)) continue
    missing.set(complaint.scoring_version, [
      ...(missing.get(complaint.scoring_version) ?? []),
      leadId,
    ])
  }
  for (const [version, ids] of missing) {
    for (const [id, lead] of await loadLeadParts(tx, ids, version)) leads.set(id, lead)
  }

  const [brand] = await tx
    .update(brands)
    .set({ eventSeq: sql`${brands.eventSeq} + ${changes.length}` })
    .where(eq(brands.id, brandId))
    .returning({ last: brands.eventSeq })
  const first = brand!.last - changes.length + 1
  const pending = changes.map(({ complaint, type }, i) => ({
    name: type,
    event: {
      seq: first + i,
      brandId,
      data: presentComplaint({ ...complaint, ...leads.get(Number(complaint.lead_post_id))! }),
    },
  }))
  await tx.execute(
    sql`insert into events (brand_id, seq, type, complaint_id)
        select ${brandId}::uuid, * from ${unnest([
          [pending.map((p) => p.event.seq), 'bigint'],
          [pending.map((p) => p.name), 'text'],
          [pending.map((p) => p.event.data.id), 'uuid'],
        ])}`,
  )
  return pending
}

/** Pushes committed events to the consoles. */
export function publishEvents(publisher: Publisher, pending: PendingEvent[]): void {
  for (const p of pending) publisher.publish(p.name, p.event)
}
