import { Router } from 'express'
import type { AppContext } from '../../context.js'
import { readOperationsStatus } from '../../domain/operations/operations-status.js'
import { route } from '../access.js'

/**
 * `GET /healthz`: 200 when PostgreSQL and Redis answer, 503 naming what does not, with the
 * dead letters and pending outbox work (counts only: no data).
 */
export function healthRouter(ctx: AppContext): Router {
  const router = Router()
  route(
    router,
    'get',
    '/healthz',
    { public: 'health probe; reveals counts, never data' },
    async (_req, res) => {
      const status = await readOperationsStatus(ctx)
      res.status(status.status === 'ok' ? 200 : 503).json({
        ...status,
        driver: ctx.driver,
        uptimeSeconds: Math.round(process.uptime()),
      })
    },
  )
  return router
}
