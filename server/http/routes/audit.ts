import { and, desc, eq, lt, type SQL } from 'drizzle-orm'
import { Router } from 'express'
import { ListAuditQuery, type AuditEventView } from '../../../shared/schemas/audit.js'
import type { AppContext } from '../../context.js'
import { auditEvents, users } from '../../db/schema.js'
import { parse } from '../../lib/parse.js'
import { route } from '../access.js'

/** The audit log, newest first, filtered and paged with `before=<id>`. */
export function auditRouter(ctx: AppContext): Router {
  const router = Router()
  route(router, 'get', '/api/audit', { action: 'audit.read' }, async (req, res) => {
    const query = parse(ListAuditQuery, req.query, 'query')
    const filters: SQL[] = []
    if (query.action) filters.push(eq(auditEvents.action, query.action))
    if (query.actorId) filters.push(eq(auditEvents.actorId, query.actorId))
    if (query.subjectType) filters.push(eq(auditEvents.subjectType, query.subjectType))
    if (query.subjectId) filters.push(eq(auditEvents.subjectId, query.subjectId))
    if (query.before) filters.push(lt(auditEvents.id, query.before))
    const rows = await ctx.db
      .select({ event: auditEvents, actorEmail: users.email })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .where(and(...filters))
      .orderBy(desc(auditEvents.id))
      .limit(query.limit)
    const data: AuditEventView[] = rows.map(({ event, actorEmail }) => ({
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
    }))
    res.json({ data, nextBefore: rows.length === query.limit ? rows.at(-1)!.event.id : null })
  })
  return router
}
