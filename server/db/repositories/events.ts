import { and, asc, eq, gt, min } from 'drizzle-orm'
import type { Queryable } from '../client.js'
import type { ComplaintWithLead } from './complaint-views.js'
import { events } from '../schema.js'

/** Events of a brand after a seq, oldest first. */
export function listEventsAfter(q: Queryable, brandId: string, after: number, limit: number) {
  return q
    .select({ seq: events.seq, type: events.type, complaintId: events.complaintId })
    .from(events)
    .where(and(eq(events.brandId, brandId), gt(events.seq, after)))
    .orderBy(asc(events.seq))
    .limit(limit)
}

/** The oldest seq still kept for a brand (null when none are). */
export async function oldestEventSeq(q: Queryable, brandId: string): Promise<number | null> {
  const [row] = await q
    .select({ seq: min(events.seq) })
    .from(events)
    .where(eq(events.brandId, brandId))
  return row?.seq ?? null
}

/** A page of a brand's events after a seq, with the current state of each event's complaint. */
export interface EventPageRecord {
  brandId: string
  events: Array<{ seq: number; type: string; complaint: ComplaintWithLead }>
  /** The brand's latest seq when the page was read. */
  seq: number
  /** The events after `after` are no longer kept: the console must reload the list. */
  reset: boolean
}
