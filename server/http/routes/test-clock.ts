import { Router } from 'express'
import { AdvanceClockBody } from '../../../shared/schemas/promises.js'
import type { AppContext } from '../../context.js'
import { advanceClock, clockNow } from '../../lib/clock.js'
import { parse } from '../../lib/parse.js'
import { route } from '../access.js'

/**
 * The test clock: admins move "now" forward so that time-driven rules (promises due and
 * overdue) can be seen without waiting. Mounted only where config.testClock is on, which the
 * config refuses in production; elsewhere the path is a plain 404.
 */
export function testClockRouter(ctx: AppContext): Router {
  const router = Router()
  const CLOCK = { action: 'test.clock', denied: 'Only admins move the test clock' } as const
  route(router, 'post', '/api/test/clock', CLOCK, async (req, res) => {
    const body = parse(AdvanceClockBody, req.body)
    const offsetMs = await advanceClock(ctx, body)
    res.json({ data: { now: (await clockNow(ctx)).toISOString(), offsetMs } })
  })
  return router
}
