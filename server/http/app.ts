import fs from 'node:fs'
import path from 'node:path'
import express, { type Express } from 'express'
import { pinoHttp } from 'pino-http'
import type { AppContext } from '../context.js'
import { route } from './access.js'
import { authenticate, requireSameSite } from './middleware/authenticate.js'
import { apiNotFound, errorHandler } from './middleware/error-handler.js'
import { requestId } from './middleware/request-id.js'
import { securityHeaders } from '../lib/security-headers.js'
import { alertWebhooksRouter } from './routes/alert-webhooks.js'
import { alertsRouter } from './routes/alerts.js'
import { announcementsRouter } from './routes/announcements.js'
import { auditRouter } from './routes/audit.js'
import { authRouter } from './routes/auth.js'
import { brandsRouter } from './routes/brands.js'
import { complainersRouter } from './routes/complainers.js'
import { inboxRouter } from './routes/inbox.js'
import { notificationsRouter } from './routes/notifications.js'
import { threadsRouter } from './routes/threads.js'
import { triageRouter } from './routes/triage.js'
import { complaintsRouter } from './routes/complaints.js'
import { healthRouter } from './routes/health.js'
import { operationsRouter } from './routes/operations.js'
import { promisesRouter } from './routes/promises.js'
import { exportsRouter } from './routes/exports.js'
import { trendsRouter } from './routes/trends.js'
import { publicRouter } from './routes/public.js'
import { rejectionsRouter } from './routes/rejections.js'
import { repliesRouter } from './routes/replies.js'
import { cannedResponsesRouter } from './routes/canned-responses.js'
import { draftsRouter } from './routes/drafts.js'
import { approvalsRouter } from './routes/approvals.js'
import { slaRouter } from './routes/sla.js'
import { scoringRouter } from './routes/scoring.js'
import { themesRouter } from './routes/themes.js'
import { sourcesRouter } from './routes/sources.js'
import { testClockRouter } from './routes/test-clock.js'
import { usersRouter } from './routes/users.js'
import { webhookRouter } from './routes/webhook.js'

/** JSON bodies of API requests; ingest has its own raw-body limit. */
const JSON_BODY_LIMIT = '256kb'

/** Builds the express app: middleware order, routers, error handler. Never listens. */
export function createApp(ctx: AppContext, options: { clientDir?: string } = {}): Express {
  const app = express()
  app.disable('x-powered-by')
  // Who may set X-Forwarded-For is explicit (TRUST_PROXY): by default nobody, so a client
  // cannot choose the address that login limits count against.
  app.set('trust proxy', ctx.config.trustProxy)
  app.use(requestId, securityHeaders)
  app.use(
    pinoHttp({
      logger: ctx.logger.child({ mod: 'http' }),
      genReqId: (req) => (req as express.Request).id,
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      // Requests are debug detail; refusals are worth a line, failures a warning (the error
      // handler logs the cause of a 500). A 503 is an outage the dependency monitor has
      // already said once. The operator's terminal keeps what matters.
      customLogLevel: (_req, res, err) =>
        res.statusCode === 503
          ? 'debug'
          : err || res.statusCode >= 500
            ? 'warn'
            : res.statusCode >= 400
              ? 'info'
              : 'debug',
      serializers: {
        // Method and path only: no query strings, cookies or bodies in logs.
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  )
  app.use(healthRouter(ctx), publicRouter(ctx))
  // Webhooks are verified over their raw bytes and carry no session: before the JSON parser.
  app.use(webhookRouter(ctx))
  app.use('/api', express.json({ limit: JSON_BODY_LIMIT }), authenticate(ctx), requireSameSite(ctx))
  app.use(authRouter(ctx), brandsRouter(ctx), sourcesRouter(ctx), rejectionsRouter(ctx))
  app.use(usersRouter(ctx), auditRouter(ctx), scoringRouter(ctx), complainersRouter(ctx))
  app.use(complaintsRouter(ctx), operationsRouter(ctx), repliesRouter(ctx), approvalsRouter(ctx))
  app.use(inboxRouter(ctx), triageRouter(ctx), threadsRouter(ctx), notificationsRouter(ctx))
  app.use(draftsRouter(ctx), cannedResponsesRouter(ctx))
  app.use(slaRouter(ctx))
  app.use(promisesRouter(ctx))
  app.use(themesRouter(ctx))
  app.use(alertsRouter(ctx), alertWebhooksRouter(ctx), announcementsRouter(ctx))
  app.use(trendsRouter(ctx), exportsRouter(ctx))
  // Not mounted at all without the test clock (never in production: config refuses it).
  if (ctx.config.testClock) app.use(testClockRouter(ctx))
  app.use('/api', apiNotFound)
  if (options.clientDir && fs.existsSync(path.join(options.clientDir, 'index.html'))) {
    const index = path.join(options.clientDir, 'index.html')
    app.use(express.static(options.clientDir, { index: false, maxAge: '1h' }))
    const router = express.Router()
    route(
      router,
      'get',
      '/{*page}',
      { public: 'the console page; its data needs a session' },
      (_req, res) => res.sendFile(index),
    )
    app.use(router)
  }
  app.use(errorHandler(ctx.logger, ctx.health))
  return app
}
