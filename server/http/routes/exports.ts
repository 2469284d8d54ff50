import { Router } from 'express'
import { BrandParams } from '../../../shared/schemas/complaints.js'
import { RollupsExportQuery, TrendRangeQuery } from '../../../shared/schemas/trends.js'
import type { AppContext } from '../../context.js'
import { exportComplaints, exportRollups } from '../../domain/trends/export-csv.js'
import { clockNow } from '../../lib/clock.js'
import { parse } from '../../lib/parse.js'
import { route } from '../access.js'
import { sendCsv } from '../send-csv.js'

/** The dashboard's CSV exports (rollups, complaints), streamed page by page. */
export function exportsRouter(ctx: AppContext): Router {
  const router = Router()
  const READ = { action: 'report.read' } as const

  route(router, 'get', '/api/brands/:brandId/exports/rollups.csv', READ, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    const query = parse(RollupsExportQuery, req.query, 'query')
    const csv = await exportRollups(ctx.readDb(), { brandId, query, now: await clockNow(ctx) })
    await sendCsv(res, csv, ctx.logger)
  })

  route(router, 'get', '/api/brands/:brandId/exports/complaints.csv', READ, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    const query = parse(TrendRangeQuery, req.query, 'query')
    const csv = await exportComplaints(ctx.readDb(), { brandId, query, now: await clockNow(ctx) })
    await sendCsv(res, csv, ctx.logger)
  })

  return router
}
