import { Router, type Request, type Response } from 'express'
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
import { publishComplaintEvents } from '../../realtime/complaint-events.js'
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
  /** Kept or broken: one transaction, then the promise and (when it was overdue) its thread pushed. */
  const resolved = async (req: Request, res: Response, kind: 'kept' | 'broken') => {
    const { promiseId } = parse(PromiseParams, req.params)
    const resolution =
      kind === 'kept'
        ? ({ kind, body: parse(KeepPromiseBody, req.body) } as const)
        : ({ kind, body: parse(BreakPromiseBody, req.body) } as const)
    const { promise, events } = await resolvePromise(ctx, {
      promiseId,
      resolution,
      ...auditedBy(req),
    })
    publishComplaintEvents(ctx.publisher, events)
    await publishPromises(ctx, [promiseId])
    res.json({ data: presentPromise(promise, await clockNow(ctx)) })
  }
  route(router, 'post', '/api/promises/:promiseId/kept', WRITE, (req, res) =>
    resolved(req, res, 'kept'),
  )
  route(router, 'post', '/api/promises/:promiseId/broken', WRITE, (req, res) =>
    resolved(req, res, 'broken'),
  )

  return router
}
