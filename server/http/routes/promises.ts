import { Router } from 'express'
import { BrandParams } from '../../../shared/schemas/complaints.js'
import {
  BreakPromiseBody,
  KeepPromiseBody,
  ListPromisesQuery,
  PromiseParams,
} from '../../../shared/schemas/promises.js'
import type { AppContext } from '../../context.js'
import { getBrand } from '../../db/repositories/brands.js'
import { listPromises } from '../../db/repositories/promises.js'
import { resolvePromise } from '../../domain/promises/resolve-promise.js'
import { clockNow } from '../../lib/clock.js'
import { parse } from '../../lib/parse.js'
import { presentPromise } from '../../presenters/promise.js'
import { publishPromises } from '../../realtime/promise-events.js'
import { route } from '../access.js'
import { auditedBy } from '../client-ip.js'

/** Promises made in replies: the Promises page, the author card, and marking them kept or broken. */
export function promisesRouter(ctx: AppContext): Router {
  const router = Router()

  const READ = { action: 'promise.read' } as const
  route(router, 'get', '/api/brands/:brandId/promises', READ, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    const query = parse(ListPromisesQuery, req.query)
    await getBrand(ctx.db, brandId)
    const now = await clockNow(ctx)
    const rows = await listPromises(ctx.db, { brandId, now, ...query })
    res.json({ data: rows.map((p) => presentPromise(p, now)), asOf: now.toISOString() })
  })

  const WRITE = {
    action: 'promise.write',
    denied: 'Only agents, advisers and admins mark promises',
  } as const
  route(router, 'post', '/api/promises/:promiseId/kept', WRITE, async (req, res) => {
    const { promiseId } = parse(PromiseParams, req.params)
    const body = parse(KeepPromiseBody, req.body)
    const resolution = { kind: 'kept', body } as const
    const record = await resolvePromise(ctx, { promiseId, resolution, ...auditedBy(req) })
    await publishPromises(ctx, [promiseId])
    res.json({ data: presentPromise(record, await clockNow(ctx)) })
  })

  route(router, 'post', '/api/promises/:promiseId/broken', WRITE, async (req, res) => {
    const { promiseId } = parse(PromiseParams, req.params)
    const body = parse(BreakPromiseBody, req.body)
    const resolution = { kind: 'broken', body } as const
    const record = await resolvePromise(ctx, { promiseId, resolution, ...auditedBy(req) })
    await publishPromises(ctx, [promiseId])
    res.json({ data: presentPromise(record, await clockNow(ctx)) })
  })

  return router
}
