import { Router } from 'express'
import { ListRejectionsQuery } from '../../../shared/schemas/rejections.js'
import type { AppContext } from '../../context.js'
import { listRejectedPayloads } from '../../db/repositories/rejected-payloads.js'
import { parse } from '../../lib/parse.js'
import { presentRejectedPayload } from '../../presenters/rejected-payload.js'
import { route } from '../access.js'

/** Payloads set aside with their reasons, newest first, paged with `before=<id>`. */
export function rejectionsRouter(ctx: AppContext): Router {
  const router = Router()
  route(router, 'get', '/api/rejections', { action: 'rejection.read' }, async (req, res) => {
    const query = parse(ListRejectionsQuery, req.query, 'query')
    const rows = await listRejectedPayloads(ctx.db, query)
    const nextBefore = rows.length === query.limit ? rows.at(-1)!.id : null
    res.json({ data: rows.map(presentRejectedPayload), nextBefore })
  })
  return router
}
