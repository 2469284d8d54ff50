import { and, desc, eq, lt, type SQL } from 'drizzle-orm'
import { Router } from 'express'
import {
  ListRejectionsQuery,
  type RejectedPayloadView,
} from '../../../shared/schemas/rejections.js'
import type { AppContext } from '../../context.js'
import { rejectedPayloads } from '../../db/schema.js'
import { parse } from '../../lib/parse.js'
import { route } from '../access.js'

/** Longest payload excerpt a listing carries. */
const EXCERPT = 4000

/** Payloads set aside with their reasons, newest first, paged with `before=<id>`. */
export function rejectionsRouter(ctx: AppContext): Router {
  const router = Router()
  route(router, 'get', '/api/rejections', { action: 'rejection.read' }, async (req, res) => {
    const query = parse(ListRejectionsQuery, req.query, 'query')
    const filters: SQL[] = []
    if (query.channel) filters.push(eq(rejectedPayloads.channel, query.channel))
    if (query.before) filters.push(lt(rejectedPayloads.id, query.before))
    const rows = await ctx.db
      .select()
      .from(rejectedPayloads)
      .where(and(...filters))
      .orderBy(desc(rejectedPayloads.id))
      .limit(query.limit)
    const data: RejectedPayloadView[] = rows.map((r) => ({
      id: r.id,
      brandId: r.brandId,
      sourceId: r.sourceId,
      channel: r.channel as RejectedPayloadView['channel'],
      reason: r.reason,
      issues: r.issues as RejectedPayloadView['issues'],
      line: r.line,
      payload: r.payload.slice(0, EXCERPT),
      payloadLength: r.payload.length,
      createdAt: r.createdAt.toISOString(),
    }))
    res.json({ data, nextBefore: rows.length === query.limit ? rows.at(-1)!.id : null })
  })
  return router
}
