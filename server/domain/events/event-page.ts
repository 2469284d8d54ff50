import type { Queryable } from '../../db/client.js'
import { getBrand } from '../../db/repositories/brands.js'
import { loadComplaintViews } from '../../db/repositories/complaint-views.js'
import {
  listEventsAfter,
  oldestEventSeq,
  type EventPageRecord,
} from '../../db/repositories/events.js'

/**
 * What a console that last saw `after` missed. Each event carries its complaint's current
 * state, not the state it announced: consoles upsert by id, so the latest is what they need.
 */
export async function loadEventPage(
  q: Queryable,
  input: { brandId: string; after: number; limit: number },
): Promise<EventPageRecord> {
  const { brandId, after, limit } = input
  const brand = await getBrand(q, brandId)
  const oldest = await oldestEventSeq(q, brandId)
  const reset = after < brand.eventSeq && (oldest === null || oldest > after + 1)
  const rows = reset ? [] : await listEventsAfter(q, brandId, after, limit)
  const views = await loadComplaintViews(q, [...new Set(rows.map((r) => r.complaintId))])
  const complaints = new Map(views.map((c) => [c.id, c]))
  return {
    brandId,
    events: rows.map((r) => ({
      seq: r.seq,
      type: r.type,
      complaint: complaints.get(r.complaintId)!,
    })),
    seq: brand.eventSeq,
    reset,
  }
}
