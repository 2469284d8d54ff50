import { Router } from 'express'
import { ListEventsQuery } from '../../../shared/events.js'
import {
  BrandParams,
  ListComplaintsQuery,
  type ComplaintList,
} from '../../../shared/schemas/complaints.js'
import type { AppContext } from '../../context.js'
import { getBrand, listBrands } from '../../db/repositories/brands.js'
import { listComplaintViews } from '../../db/repositories/complaint-views.js'
import { parse } from '../../lib/parse.js'
import { route } from '../access.js'
import { auditedBy } from '../client-ip.js'
import { updateBrand } from '../../domain/brands/update-brand.js'
import { UpdateBrandBody } from '../../../shared/schemas/brands.js'
import { presentBrand } from '../../presenters/brand.js'
import { presentComplaint, presentEventPage, viewFor } from '../../presenters/complaint.js'
import { loadEventPage } from '../../domain/events/event-page.js'

/** Brands, their ranked complaints, and their event log for catch-up after a reconnect. */
export function brandsRouter(ctx: AppContext): Router {
  const router = Router()

  route(router, 'get', '/api/brands', { action: 'brand.read' }, async (_req, res) => {
    const rows = await listBrands(ctx.db)
    res.json({ data: rows.map(presentBrand) })
  })

  route(
    router,
    'get',
    '/api/brands/:brandId/complaints',
    { action: 'complaint.read' },
    async (req, res) => {
      const { brandId } = parse(BrandParams, req.params)
      const query = parse(ListComplaintsQuery, req.query, 'query')
      // The watermark is read before the list: anything changing in between is in the list
      // and re-sent with a higher seq, which the client applies idempotently. Nothing is missed.
      const { eventSeq: seq } = await getBrand(ctx.db, brandId)
      const rows = await listComplaintViews(ctx.db, brandId, query)
      const data = rows.map((row) => viewFor(req.actor!.role, presentComplaint(row)))
      res.json({ data, seq } satisfies ComplaintList)
    },
  )

  route(
    router,
    'get',
    '/api/brands/:brandId/events',
    { action: 'complaint.read' },
    async (req, res) => {
      const { brandId } = parse(BrandParams, req.params)
      const query = parse(ListEventsQuery, req.query, 'query')
      const page = await loadEventPage(ctx.db, { brandId, ...query })
      res.json(presentEventPage(page, req.actor!.role))
    },
  )

  route(router, 'patch', '/api/brands/:brandId', { action: 'brand.manage' }, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    const body = parse(UpdateBrandBody, req.body)
    const brand = await updateBrand(ctx, {
      ...body,
      brandId,
      ...auditedBy(req),
    })
    res.json({ data: presentBrand(brand) })
  })

  return router
}
