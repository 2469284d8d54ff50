import { presentComplaint } from '../presenters/complaint.js'
import type { PendingEvent } from '../domain/events/append-events.js'
import type { Publisher } from './publisher.js'

/** Pushes committed complaint events to the brand's consoles, each with its complaint's view. */
export function publishComplaintEvents(publisher: Publisher, pending: PendingEvent[]): void {
  for (const { name, seq, brandId, complaint } of pending)
    publisher.publish(name, { seq, brandId, data: presentComplaint(complaint) })
}
