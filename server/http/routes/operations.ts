import { Router } from 'express'
import { ListDeadLettersQuery, RetryDeadLettersBody } from '../../../shared/schemas/operations.js'
import type { AppContext } from '../../context.js'
import { readOperationsStatus } from '../../domain/operations/operations-status.js'
import { retryDeadLettersByAdmin } from '../../domain/operations/retry-dead-letters.js'
import { parse } from '../../lib/parse.js'
import { listDeadLetters } from '../../queue/dead-letters.js'
import { route } from '../access.js'
import { auditedBy } from '../client-ip.js'

/** How Firebreak is running: dependencies, pending work, and the dead letters to retry. */
export function operationsRouter(ctx: AppContext): Router {
  const router = Router()

  route(router, 'get', '/api/operations', { action: 'operations.read' }, async (_req, res) => {
    const { checks: _checks, ...status } = await readOperationsStatus(ctx)
    res.json({ data: status })
  })

  route(
    router,
    'get',
    '/api/operations/dead-letters',
    { action: 'operations.read' },
    async (req, res) => {
      const query = parse(ListDeadLettersQuery, req.query, 'query')
      res.json(await listDeadLetters(ctx.queues, query))
    },
  )

  route(
    router,
    'post',
    '/api/operations/dead-letters/retry',
    { action: 'operations.manage', denied: 'Only admins may retry dead letters' },
    async (req, res) => {
      const body = parse(RetryDeadLettersBody, req.body ?? {})
      const retried = await retryDeadLettersByAdmin(ctx, {
        ...body,
        ...auditedBy(req),
      })
      res.json({ retried })
    },
  )

  return router
}
