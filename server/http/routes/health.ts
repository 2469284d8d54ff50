import { sql } from 'drizzle-orm'
import { Router } from 'express'
import type { AppContext } from '../../context.js'
import { route } from '../access.js'

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms),
    ),
  ])

/** `GET /healthz`: 200 when the database and Redis answer, 503 naming what does not. */
export function healthRouter(ctx: AppContext): Router {
  const router = Router()
  route(
    router,
    'get',
    '/healthz',
    { public: 'liveness probe; reveals no data' },
    async (_req, res) => {
      const check = async (fn: () => Promise<unknown>) => {
        try {
          await withTimeout(fn(), 2000)
          return 'ok'
        } catch (err) {
          return `error: ${(err as Error).message}`
        }
      }
      const [database, redis] = await Promise.all([
        check(() => ctx.db.execute(sql`select 1`)),
        check(() => ctx.redis.ping()),
      ])
      const ok = database === 'ok' && redis === 'ok'
      res.status(ok ? 200 : 503).json({
        status: ok ? 'ok' : 'unavailable',
        checks: { database, redis },
        driver: ctx.driver,
        uptimeSeconds: Math.round(process.uptime()),
      })
    },
  )
  return router
}
