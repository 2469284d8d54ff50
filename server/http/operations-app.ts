import express, { type Express } from 'express'
import type { AppContext } from '../context.js'
import { healthRouter } from './routes/health.js'
import { metricsRouter } from './routes/metrics.js'

/**
 * What every process serves to operators on a listener of its own (METRICS_PORT), apart from
 * the API's public port: Prometheus' scrape and the health check. Never listens itself.
 */
export function createOperationsApp(ctx: AppContext): Express {
  const app = express()
  app.disable('x-powered-by')
  app.use(healthRouter(ctx), metricsRouter(ctx.metrics))
  return app
}
