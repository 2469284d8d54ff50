import { eq, sql } from 'drizzle-orm'
import type { ServerEventName } from '../../../shared/events.js'
import type { Tx } from '../../db/client.js'
import {
  COMPLAINT_PART_COLUMNS,
  loadLeadParts,
  returningComplaints,
  type ComplaintRecord,
  type ComplaintWithLead,
} from '../../db/repositories/complaint-views.js'
import { brands } from '../../db/schema.js'
import { unnest } from '../../db/unnest.js'

export interface ComplaintChange {
  complaint: ComplaintRecord
  type: ServerEventName
}

/** An event written in a transaction, with what it shows, to publish once that commits. */
export interface PendingEvent {
  name: ServerEventName
  seq: number
  brandId: string
  complaint: ComplaintWithLead
}

/**
 * Writes one event row per changed complaint, numbered by the brand's sequence, and returns
 * them with their complaints as stored (lead post, analysis and score read in the same
 * transaction, as REST reads them), for the edge to present and publish after commit. Call
 * it last in a transaction: taking the brand's sequence locks the brand row until commit,
 * which keeps seq order equal to commit order.
 */
export async function appendComplaintEvents(
  tx: Tx,
  brandId: string,
  changes: ComplaintChange[],
): Promise<PendingEvent[]> {
  if (!changes.length) return []
  const byVersion = new Map<string, number[]>()
  for (const { complaint } of changes) {
    const ids = byVersion.get(complaint.scoringVersion) ?? []
    ids.push(complaint.leadPostId)
    byVersion.set(complaint.scoringVersion, ids)
  }
  const leads = new Map<string, Awaited<ReturnType<typeof loadLeadParts>>>()
  for (const [version, ids] of byVersion) leads.set(version, await loadLeadParts(tx, ids, version))

  const [brand] = await tx
    .update(brands)
    .set({ eventSeq: sql`${brands.eventSeq} + ${changes.length}` })
    .where(eq(brands.id, brandId))
    .returning({ last: brands.eventSeq })
  const first = brand!.last - changes.length + 1
  const pending: PendingEvent[] = changes.map(({ complaint, type }, i) => ({
    name: type,
    seq: first + i,
    brandId,
    complaint: {
      ...complaint,
      lead: leads.get(complaint.scoringVersion)!.get(complaint.leadPostId)!,
    },
  }))
  await tx.execute(
    sql`insert into events (brand_id, seq, type, complaint_id)
        select ${brandId}::uuid, * from ${unnest([
          [pending.map((p) => p.seq), 'bigint'],
          [pending.map((p) => p.name), 'text'],
          [pending.map((p) => p.complaint.id), 'uuid'],
        ])}`,
  )
  return pending
}

/**
 * `complaint.updated` for complaints of any brands, one batch of events per brand in brand id
 * order (each brand's sequence is taken once, always in the same order: no deadlock between
 * two such transactions).
 */
export async function appendUpdatedEvents(
  tx: Tx,
  complaints: ComplaintRecord[],
): Promise<PendingEvent[]> {
  const events: PendingEvent[] = []
  for (const brandId of [...new Set(complaints.map((c) => c.brandId))].sort()) {
    const changes = complaints
      .filter((c) => c.brandId === brandId)
      .map((complaint) => ({ complaint, type: 'complaint.updated' as const }))
    events.push(...(await appendComplaintEvents(tx, brandId, changes)))
  }
  return events
}

/**
 * The event row of one complaint's change that is not a triage transition (a reply, a promise),
 * carrying the complaint as it stands. Call it last in the transaction (it takes the brand's
 * sequence).
 */
export async function appendComplaintEvent(
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
