import { Router } from 'express'
import type { Metrics } from '../../lib/metrics.js'
import { route } from '../access.js'

/** `GET /metrics` in Prometheus text format. */
export function metricsRouter(metrics: Metrics): Router {
  const router = Router()
  route(
    router,
    'get',
    '/metrics',
    { public: 'Prometheus scrape; counters only, no content' },
    async (_req, res) => {
      res.setHeader('content-type', metrics.registry.contentType)
      res.send(await metrics.registry.metrics())
    },
  )
  return router
}
