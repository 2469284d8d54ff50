import { Router } from 'express'
import { BrandParams } from '../../../shared/schemas/complaints.js'
import {
  TrendRangeQuery,
  TrendsQuery,
  type KpisView,
  type TrendsView,
} from '../../../shared/schemas/trends.js'
import type { AppContext } from '../../context.js'
import { readKpis } from '../../domain/trends/read-kpis.js'
import { readTrends } from '../../domain/trends/read-trends.js'
import { readTopComplainers } from '../../domain/trends/top-complainers.js'
import { clockNow } from '../../lib/clock.js'
import { parse } from '../../lib/parse.js'
import { route } from '../access.js'

/** Leadership's dashboard: trends, response KPIs and the top complainers of a range. */
export function trendsRouter(ctx: AppContext): Router {
  const router = Router()
  const READ = { action: 'trend.read' } as const

  route(router, 'get', '/api/brands/:brandId/trends', READ, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    const query = parse(TrendsQuery, req.query, 'query')
    const view = await readTrends(ctx.readDb(), { brandId, query, now: await clockNow(ctx) })
    res.json({ data: view satisfies TrendsView })
  })

  route(router, 'get', '/api/brands/:brandId/dashboard/kpis', READ, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    const query = parse(TrendRangeQuery, req.query, 'query')
    const view = await readKpis(ctx.readDb(), { brandId, query, now: await clockNow(ctx) })
    res.json({ data: view satisfies KpisView })
  })

  route(router, 'get', '/api/brands/:brandId/dashboard/complainers', READ, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    const query = parse(TrendRangeQuery, req.query, 'query')
    res.json(await readTopComplainers(ctx.readDb(), { brandId, query, now: await clockNow(ctx) }))
  })

  return router
}
