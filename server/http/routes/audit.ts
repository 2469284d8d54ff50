import { Router } from 'express'
import { ListAuditQuery } from '../../../shared/schemas/audit.js'
import type { AppContext } from '../../context.js'
import { listAuditEvents } from '../../db/repositories/audit-events.js'
import { parse } from '../../lib/parse.js'
import { presentAuditEvent } from '../../presenters/audit-event.js'
import { route } from '../access.js'

/** The audit log, newest first, filtered and paged with `before=<id>`. */
export function auditRouter(ctx: AppContext): Router {
  const router = Router()
  route(router, 'get', '/api/audit', { action: 'audit.read' }, async (req, res) => {
    const query = parse(ListAuditQuery, req.query, 'query')
    const rows = await listAuditEvents(ctx.readDb(), query)
    const nextBefore = rows.length === query.limit ? rows.at(-1)!.event.id : null
    res.json({ data: rows.map(presentAuditEvent), nextBefore })
  })
  return router
}
