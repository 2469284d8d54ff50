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
import {
  CreateBrandBody,
  DeleteBrandBody,
  ListBrandsQuery,
  UpdateBrandBody,
} from '../../../shared/schemas/brands.js'
import { createBrand } from '../../domain/brands/create-brand.js'
import { setBrandArchived } from '../../domain/brands/archive-brand.js'
import { deleteBrand } from '../../domain/brands/delete-brand.js'
import { describeListening } from '../../domain/brands/brand-listening.js'
import { replayDemo } from '../../domain/sources/replay-demo.js'
import { presentBrand } from '../../presenters/brand.js'
import { presentComplaint, presentEventPage, viewFor } from '../../presenters/complaint.js'
import { loadEventPage } from '../../domain/events/event-page.js'

/**
 * Brands (created, renamed, archived, restored and deleted by admins), their ranked
 * complaints, and their event log for catch-up after a reconnect.
 */
export function brandsRouter(ctx: AppContext): Router {
  const router = Router()

  route(router, 'get', '/api/brands', { action: 'brand.read' }, async (req, res) => {
    const { archived } = parse(ListBrandsQuery, req.query, 'query')
    const rows = await listBrands(ctx.db, archived ?? 'exclude')
    res.json({ data: rows.map(presentBrand) })
  })

  route(
    router,
    'post',
    '/api/brands',
    { action: 'brand.manage', denied: 'Only admins create brands' },
    async (req, res) => {
      const body = parse(CreateBrandBody, req.body)
      const brand = await createBrand(ctx, { ...body, ...auditedBy(req) })
      res.status(201).json({ data: presentBrand(brand) })
    },
  )

  for (const [verb, archived] of [
    ['archive', true],
    ['restore', false],
  ] as const) {
    route(
      router,
      'post',
      `/api/brands/:brandId/${verb}`,
      { action: 'brand.manage', denied: `Only admins ${verb} brands` },
      async (req, res) => {
        const { brandId } = parse(BrandParams, req.params)
        const brand = await setBrandArchived(ctx, { brandId, archived, ...auditedBy(req) })
        res.json({ data: presentBrand(brand) })
      },
    )
  }

  route(
    router,
    'delete',
    '/api/brands/:brandId',
    { action: 'brand.manage', denied: 'Only admins delete brands' },
    async (req, res) => {
      const { brandId } = parse(BrandParams, req.params)
      const { confirmName } = parse(DeleteBrandBody, req.body ?? {})
      await deleteBrand(ctx, { brandId, confirmName, ...auditedBy(req) })
      res.status(204).end()
    },
  )

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
    '/api/brands/:brandId/listening',
    { action: 'complaint.read' },
    async (req, res) => {
      const { brandId } = parse(BrandParams, req.params)
      res.json({ data: await describeListening(ctx.db, brandId) })
    },
  )

  route(
    router,
    'post',
    '/api/brands/:brandId/demo/replay',
    { action: 'source.manage' },
    async (req, res) => {
      const { brandId } = parse(BrandParams, req.params)
      res.status(202).json({ data: await replayDemo(ctx, { brandId, ...auditedBy(req) }) })
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
