import type { AuditEventView } from '../../shared/schemas/audit.js'
import type { AuditRecord } from '../db/repositories/audit-events.js'

export function presentAuditEvent({ event, actorEmail }: AuditRecord): AuditEventView {
  return {
    id: event.id,
    actorId: event.actorId,
    actorEmail,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    before: event.before,
    after: event.after,
    ip: event.ip,
    createdAt: event.createdAt.toISOString(),
  }
}
