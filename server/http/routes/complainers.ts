import { eq } from 'drizzle-orm'
import { Router } from 'express'
import {
  AuthorParams,
  ComplainerParams,
  LinkAccountsBody,
  ListComplainersQuery,
  type ComplainerDetail,
} from '../../../shared/schemas/complainers.js'
import { BrandParams } from '../../../shared/schemas/complaints.js'
import type { AppContext } from '../../context.js'
import { getBrand } from '../../db/repositories/brands.js'
import {
  listComplainers,
  loadAccounts,
  loadComplainerPosts,
  loadReachHistory,
} from '../../db/repositories/complainers.js'
import { people } from '../../db/schema.js'
import { linkAccounts, unlinkAccount } from '../../domain/complainers/link-accounts.js'
import { AppError } from '../../lib/app-error.js'
import { parse } from '../../lib/parse.js'
import { presentAccount, presentComplainer } from '../../presenters/complainer.js'
import { route } from '../access.js'
import { clientIp } from '../client-ip.js'

const DAY_MS = 86_400_000

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
      const { days, limit } = parse(ListComplainersQuery, req.query, 'query')
      await getBrand(ctx.db, brandId)
      const rows = await listComplainers(ctx.db, {
        brandId,
        since: new Date(Date.now() - days * DAY_MS),
        limit,
      })
      const accounts = await loadAccounts(ctx.db, {
        brandId,
        authorIds: rows.flatMap((r) => r.author_ids.map(Number)),
        personIds: rows.flatMap((r) => (r.person_id ? [r.person_id] : [])),
      })
      res.json({ data: rows.map((r) => presentComplainer(r, accounts)), days })
    },
  )

  route(
    router,
    'get',
    '/api/brands/:brandId/complainers/:key',
    { action: 'complaint.read' },
    async (req, res) => {
      const { brandId, key } = parse(ComplainerParams, req.params)
      await getBrand(ctx.db, brandId)
      const personId = key.startsWith('p-') ? key.slice(2) : null
      const accounts = await loadAccounts(ctx.db, {
        brandId,
        authorIds: personId ? [] : [Number(key.slice(2))],
        personIds: personId ? [personId] : [],
      })
      if (!accounts.length) throw new AppError('not_found', 'Complainer not found')
      const [person] = personId
        ? await ctx.db.select().from(people).where(eq(people.id, personId))
        : []
      const ids = accounts.map((a) => Number(a.id))
      const posts = await loadComplainerPosts(ctx.db, brandId, ids)
      const history = await loadReachHistory(ctx.db, ids)
      const threads = { open: 0, resolved: 0, dismissed: 0 }
      for (const id of new Set(posts.map((p) => p.complaint_id).filter(Boolean))) {
        const state = posts.find((p) => p.complaint_id === id)!.state as keyof typeof threads
        if (state in threads) threads[state]++
      }
      const body: ComplainerDetail = {
        complainer: {
          key,
          personId,
          name: person?.name ?? accounts[0]!.display_name ?? accounts[0]!.handle,
          accounts: accounts.map(presentAccount),
        },
        posts: posts.map((p) => ({
          postId: Number(p.id),
          authorId: Number(p.author_id),
          network: p.network,
          text: p.text,
          postedAt: new Date(p.posted_at).toISOString(),
          priority: Number(p.priority),
          version: p.version,
          complaintId: p.complaint_id,
          state: p.state as ComplainerDetail['posts'][number]['state'],
        })),
        reachHistory: history.map((h) => ({
          authorId: Number(h.author_id),
          network: h.network,
          reach: h.reach,
          raw: h.raw,
          followers: h.followers === null ? null : Number(h.followers),
          karma: h.karma === null ? null : Number(h.karma),
          verified: h.verified,
          typicalEngagement: h.typical_engagement,
          computedAt: new Date(h.computed_at).toISOString(),
        })),
        threads,
      }
      res.json({ data: body })
    },
  )

  route(router, 'post', '/api/people/links', { action: 'complainer.link' }, async (req, res) => {
    const body = parse(LinkAccountsBody, req.body)
    const linked = await linkAccounts(ctx, {
      ...body,
      actorId: req.actor!.userId,
      ip: clientIp(req),
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
      await unlinkAccount(ctx, { authorId, actorId: req.actor!.userId, ip: clientIp(req) })
      res.status(204).end()
    },
  )

  return router
}
