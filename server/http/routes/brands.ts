import { Router } from 'express'
import { ListEventsQuery, type EventPage } from '../../../shared/events.js'
import {
  BrandParams,
  ListComplaintsQuery,
  type ComplaintList,
} from '../../../shared/schemas/complaints.js'
import type { AppContext } from '../../context.js'
import { getBrand, listBrands } from '../../db/repositories/brands.js'
import { listComplaintViews, loadComplaintViews } from '../../db/repositories/complaint-views.js'
import { listEventsAfter, oldestEventSeq } from '../../db/repositories/events.js'
import { parse } from '../../lib/parse.js'
import { route } from '../access.js'
import { clientIp } from '../client-ip.js'
import { updateBrand } from '../../domain/brands/update-brand.js'
import { UpdateBrandBody } from '../../../shared/schemas/brands.js'
import { presentBrand } from '../../presenters/brand.js'
import { presentComplaint } from '../../presenters/complaint.js'

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
      const brand = await getBrand(ctx.db, brandId)
      const rows = await listComplaintViews(ctx.db, brandId, query)
      const body: ComplaintList = {
        data: rows.map((row) => presentComplaint(row)),
        seq: brand.eventSeq,
      }
      res.json(body)
    },
  )

  route(
    router,
    'get',
    '/api/brands/:brandId/events',
    { action: 'complaint.read' },
    async (req, res) => {
      const { brandId } = parse(BrandParams, req.params)
      const { after, limit } = parse(ListEventsQuery, req.query, 'query')
      const brand = await getBrand(ctx.db, brandId)
      const oldest = await oldestEventSeq(ctx.db, brandId)
      const reset = after < brand.eventSeq && (oldest === null || oldest > after + 1)
      const rows = reset ? [] : await listEventsAfter(ctx.db, brandId, after, limit)
      // Each event carries its complaint's current view: consoles upsert by id, so the
      // latest state is what a catching-up console needs.
      const views = new Map(
        (await loadComplaintViews(ctx.db, [...new Set(rows.map((r) => r.complaintId))])).map(
          (row) => [row.id, presentComplaint(row)],
        ),
      )
      const data = rows.map((r) => ({
        type: r.type,
        seq: r.seq,
        brandId,
        data: views.get(r.complaintId)!,
      }))
      const body: EventPage = { data: data as EventPage['data'], seq: brand.eventSeq, reset }
      res.json(body)
    },
  )

  route(router, 'patch', '/api/brands/:brandId', { action: 'brand.manage' }, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    const body = parse(UpdateBrandBody, req.body)
    const brand = await updateBrand(ctx, {
      ...body,
      brandId,
      actorId: req.actor!.userId,
      ip: clientIp(req),
    })
    res.json({ data: presentBrand(brand) })
  })

  return router
}
