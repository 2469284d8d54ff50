import { Router } from 'express'
import { BrandParams } from '../../../shared/schemas/complaints.js'
import {
  PutSlaTargetsBody,
  ResponseTimesQuery,
  type ResponseTimeStats,
  type SlaTargetsView,
} from '../../../shared/sla.js'
import type { AppContext } from '../../context.js'
import { readSlaTargets, responseTimeStats, setSlaTargets } from '../../domain/sla/sla-targets.js'
import { parse } from '../../lib/parse.js'
import { route } from '../access.js'
import { auditedBy } from '../client-ip.js'

/** A brand's response targets (SLA), and its first-response and resolution percentiles. */
export function slaRouter(ctx: AppContext): Router {
  const router = Router()

  route(
    router,
    'get',
    '/api/brands/:brandId/sla-targets',
    { action: 'sla.read' },
    async (req, res) => {
      const { brandId } = parse(BrandParams, req.params)
      res.json({ data: (await readSlaTargets(ctx.db, brandId)) satisfies SlaTargetsView })
    },
  )

  route(
    router,
    'put',
    '/api/brands/:brandId/sla-targets',
    { action: 'sla.manage' },
    async (req, res) => {
      const { brandId } = parse(BrandParams, req.params)
      const { targets } = parse(PutSlaTargetsBody, req.body)
      const view = await setSlaTargets(ctx, { brandId, targets, ...auditedBy(req) })
      res.json({ data: view satisfies SlaTargetsView })
    },
  )

  route(
    router,
    'get',
    '/api/brands/:brandId/response-times',
    { action: 'trend.read' },
    async (req, res) => {
      const { brandId } = parse(BrandParams, req.params)
      const { days } = parse(ResponseTimesQuery, req.query, 'query')
      const stats = await responseTimeStats(ctx.readDb(), { brandId, days, now: new Date() })
      res.json({ data: stats satisfies ResponseTimeStats })
    },
  )

  return router
}
