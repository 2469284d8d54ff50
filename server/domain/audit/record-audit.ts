import type { AuditAction } from '../../../shared/schemas/audit.js'
import type { Queryable } from '../../db/client.js'
import { auditEvents } from '../../db/schema.js'

export interface AuditEntry {
  actorId: string | null
  action: AuditAction
  subjectType: string
  subjectId?: string | null
  before?: unknown
  after?: unknown
  ip?: string | null
}

/**
 * Writes one audit row. Call it with the transaction of the change it records, so the change
 * and its record commit or fail together. Secrets never go in `before`/`after`.
 */
export async function recordAudit(q: Queryable, entry: AuditEntry): Promise<void> {
  await q.insert(auditEvents).values({
    actorId: entry.actorId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    ip: entry.ip ?? null,
  })
}
