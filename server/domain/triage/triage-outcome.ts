import type { ComplaintWithLead } from '../../db/repositories/complaint-views.js'
import type { PendingEvent } from '../events/append-events.js'

/** A complaint after a triage change, and what to push once the change committed. */
export interface TriageOutcome {
  complaint: ComplaintWithLead
  events: PendingEvent[]
  /** Notifications written with the change, for their people's consoles. */
  notificationIds: number[]
}
