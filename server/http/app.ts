import fs from 'node:fs'
import path from 'node:path'
import express, { type Express } from 'express'
import { pinoHttp } from 'pino-http'
import type { AppContext } from '../context.js'
import { apiNotFound, errorHandler } from './middleware/error-handler.js'
import { requestId } from './middleware/request-id.js'
import { brandsRouter } from './routes/brands.js'
import { healthRouter } from './routes/health.js'
import { metricsRouter } from './routes/metrics.js'
import { rejectionsRouter } from './routes/rejections.js'
import { sourcesRouter } from './routes/sources.js'
import { webhookRouter } from './routes/webhook.js'

/** JSON bodies of API requests; ingest has its own raw-body limit. */
const JSON_BODY_LIMIT = '256kb'

/** Builds the express app: middleware order, routers, error handler. Never listens. */
export function createApp(ctx: AppContext, options: { clientDir?: string } = {}): Express {
  const app = express()
  app.disable('x-powered-by')
  // Firebreak is reached directly unless an operator says otherwise; never trust
  // X-Forwarded-For by default, or a client could pick its own IP.
  app.set('trust proxy', false)
  app.use(requestId)
  app.use(
    pinoHttp({
      logger: ctx.logger.child({ mod: 'http' }),
      genReqId: (req) => (req as express.Request).id,
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  )
  app.use(healthRouter(ctx), metricsRouter(ctx.metrics))
  // Webhooks are verified over their raw bytes, so they come before the JSON parser.
  app.use(webhookRouter(ctx))
  app.use('/api', express.json({ limit: JSON_BODY_LIMIT }))
  app.use(brandsRouter(ctx), sourcesRouter(ctx), rejectionsRouter(ctx))
  app.use('/api', apiNotFound)
  if (options.clientDir && fs.existsSync(path.join(options.clientDir, 'index.html'))) {
    const index = path.join(options.clientDir, 'index.html')
    app.use(express.static(options.clientDir, { index: false, maxAge: '1h' }))
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => res.sendFile(index))
  }
  app.use(errorHandler(ctx.logger))
  return app
}
