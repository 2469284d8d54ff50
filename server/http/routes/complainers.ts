import { Router } from 'express'
import {
  AuthorParams,
  ComplainerParams,
  LinkAccountsBody,
  ListComplainersQuery,
} from '../../../shared/schemas/complainers.js'
import { BrandParams } from '../../../shared/schemas/complaints.js'
import type { AppContext } from '../../context.js'
import {
  loadComplainerHistory,
  rankComplainers,
} from '../../domain/complainers/read-complainers.js'
import { linkAccounts, unlinkAccount } from '../../domain/complainers/link-accounts.js'
import { parse } from '../../lib/parse.js'
import { presentComplainer, presentComplainerDetail } from '../../presenters/complainer.js'
import { route } from '../access.js'
import { auditedBy } from '../client-ip.js'

/** Complainers ranked by impact, their history with the brand, and linking their accounts. */
export function complainersRouter(ctx: AppContext): Router {
  const router = Router()

  route(
    router,
    'get',
    '/api/brands/:brandId/complainers',
    { action: 'complaint.read' },
    async (req, res) => {
      const { brandId } = parse(BrandParams, req.params)
      const query = parse(ListComplainersQuery, req.query, 'query')
      const { rows, accounts } = await rankComplainers(ctx.readDb(), { brandId, ...query })
      res.json({ data: rows.map((r) => presentComplainer(r, accounts)), days: query.days })
    },
  )

  route(
    router,
    'get',
    '/api/brands/:brandId/complainers/:key',
    { action: 'complaint.read' },
    async (req, res) => {
      const history = await loadComplainerHistory(ctx.readDb(), parse(ComplainerParams, req.params))
      res.json({ data: presentComplainerDetail(history) })
    },
  )

  route(router, 'post', '/api/people/links', { action: 'complainer.link' }, async (req, res) => {
    const body = parse(LinkAccountsBody, req.body)
    const linked = await linkAccounts(ctx, {
      ...body,
      ...auditedBy(req),
    })
    res.json({ data: { ...linked, key: `p-${linked.personId}` } })
  })

  route(
    router,
    'delete',
    '/api/authors/:authorId/link',
    { action: 'complainer.link' },
    async (req, res) => {
      const { authorId } = parse(AuthorParams, req.params)
      await unlinkAccount(ctx, { authorId, ...auditedBy(req) })
      res.status(204).end()
    },
  )

  return router
}
