import { and, desc, eq, lt, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import type { ListAuditQuery } from '../../../shared/schemas/audit.js'
import type { Queryable } from '../client.js'
import { auditEvents, users } from '../schema.js'

export type AuditEventRow = typeof auditEvents.$inferSelect

/** An audit event and the e-mail of who did it (null for the system or a deleted user). */
export interface AuditRecord {
  event: AuditEventRow
  actorEmail: string | null
}

/** The audit log, newest first, filtered, `query.limit` events before `query.before`. */
export function listAuditEvents(
  q: Queryable,
  query: z.infer<typeof ListAuditQuery>,
): Promise<AuditRecord[]> {
  const filters: SQL[] = []
  if (query.action) filters.push(eq(auditEvents.action, query.action))
  if (query.actorId) filters.push(eq(auditEvents.actorId, query.actorId))
  if (query.subjectType) filters.push(eq(auditEvents.subjectType, query.subjectType))
  if (query.subjectId) filters.push(eq(auditEvents.subjectId, query.subjectId))
  if (query.before) filters.push(lt(auditEvents.id, query.before))
  return q
    .select({ event: auditEvents, actorEmail: users.email })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(...filters))
    .orderBy(desc(auditEvents.id))
    .limit(query.limit)
}
