import { Router } from 'express'
import {
  CannedResponseParams,
  CreateCannedResponseBody,
  UpdateCannedResponseBody,
} from '../../../shared/schemas/canned-responses.js'
import { BrandParams } from '../../../shared/schemas/complaints.js'
import type { AppContext } from '../../context.js'
import { getBrand } from '../../db/repositories/brands.js'
import { listCannedResponses } from '../../db/repositories/canned-responses.js'
import {
  createCannedResponse,
  deleteCannedResponse,
  updateCannedResponse,
} from '../../domain/canned/canned-responses.js'
import { parse } from '../../lib/parse.js'
import { presentCannedResponse } from '../../presenters/canned-response.js'
import { route } from '../access.js'
import { auditedBy } from '../client-ip.js'

/** A brand's canned responses: everyone who replies reads them, advisers and admins write them. */
export function cannedResponsesRouter(ctx: AppContext): Router {
  const router = Router()
  const LIST = '/api/brands/:brandId/canned-responses'
  const ONE = '/api/canned-responses/:cannedId'

  route(router, 'get', LIST, { action: 'canned.read' }, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    await getBrand(ctx.db, brandId)
    res.json({ data: (await listCannedResponses(ctx.db, brandId)).map(presentCannedResponse) })
  })

  const MANAGE = {
    action: 'canned.manage',
    denied: 'Only advisers and admins write canned responses',
  } as const
  route(router, 'post', LIST, MANAGE, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    const body = parse(CreateCannedResponseBody, req.body)
    const row = await createCannedResponse(ctx.db, { brandId, body, ...auditedBy(req) })
    res.status(201).json({ data: presentCannedResponse(row) })
  })

  route(router, 'patch', ONE, MANAGE, async (req, res) => {
    const { cannedId } = parse(CannedResponseParams, req.params)
    const body = parse(UpdateCannedResponseBody, req.body)
    const row = await updateCannedResponse(ctx.db, { cannedId, body, ...auditedBy(req) })
    res.json({ data: presentCannedResponse(row) })
  })

  route(router, 'delete', ONE, MANAGE, async (req, res) => {
    const { cannedId } = parse(CannedResponseParams, req.params)
    await deleteCannedResponse(ctx.db, { cannedId, ...auditedBy(req) })
    res.status(204).end()
  })

  return router
}
