import { Router, type Request } from 'express'
import { can } from '../../../shared/roles.js'
import { BrandParams } from '../../../shared/schemas/complaints.js'
import {
  countCapOf,
  InboxFiltersSchema,
  InboxQuery,
  type InboxCounts,
  type InboxPage,
} from '../../../shared/schemas/inbox.js'
import { INBOX_VIEWS, type InboxView } from '../../../shared/triage.js'
import type { AppContext } from '../../context.js'
import type { Db } from '../../db/client.js'
import { getBrand } from '../../db/repositories/brands.js'
import { countInbox, formatCursor, listInbox, parseCursor } from '../../db/repositories/inbox.js'
import { resolveThemeFilter } from '../../domain/themes/theme-filter.js'
import { AppError } from '../../lib/app-error.js'
import { parse } from '../../lib/parse.js'
import { presentComplaint, viewFor } from '../../presenters/complaint.js'
import { route } from '../access.js'

/** Views that are about owners: only roles that may see owners ask for them. */
const OWNER_VIEWS: readonly InboxView[] = ['mine', 'unassigned']

/** The inbox: a view of a brand's complaints, filtered and searched, and every view's count. */
export function inboxRouter(ctx: AppContext): Router {
  const router = Router()
  const READ = { action: 'complaint.read' } as const

  route(router, 'get', '/api/brands/:brandId/inbox', READ, async (req, res) => {
    const { view, cursor, limit, ...query } = parse(InboxQuery, req.query, 'query')
    const db = ctx.readDb()
    const scope = await scopeOf(db, req, query.owner !== undefined || OWNER_VIEWS.includes(view))
    const filters = await resolveThemeFilter(db, scope.brandId, query)
    const input = { view, filters, cursor: cursor ? parseCursor(cursor) : null, limit }
    const rows = await listInbox(db, scope, input)
    const last = rows.length === limit ? rows[rows.length - 1] : undefined
    const data = rows.map((row) => viewFor(req.actor!.role, presentComplaint(row)))
    res.json({
      data,
      nextCursor: last ? formatCursor(last) : null,
      seq: scope.seq,
    } satisfies InboxPage)
  })

  route(router, 'get', '/api/brands/:brandId/inbox/counts', READ, async (req, res) => {
    const query = parse(InboxFiltersSchema, req.query, 'query')
    const db = ctx.readDb()
    const scope = await scopeOf(db, req, query.owner !== undefined)
    const filters = await resolveThemeFilter(db, scope.brandId, query)
    const owners = can(req.actor!.role, 'complaint.owners')
    const views = INBOX_VIEWS.filter((v) => owners || !OWNER_VIEWS.includes(v))
    const data = await countInbox(db, scope, filters, views)
    res.json({ data, cap: countCapOf(filters), seq: scope.seq } satisfies InboxCounts)
  })

  /**
   * Whose inbox, as of when (the seq is read first: anything newer is re-sent by push). The
   * seq and the rows come from one database, the replica or the primary: rows older than their
   * seq would miss what the push no longer re-sends.
   */
  async function scopeOf(db: Db, req: Request, aboutOwners: boolean) {
    const { brandId } = parse(BrandParams, req.params)
    if (aboutOwners && !can(req.actor!.role, 'complaint.owners'))
      throw new AppError('forbidden', `Owners are the team's; your role is ${req.actor!.role}`)
    const { eventSeq: seq } = await getBrand(db, brandId)
    return { brandId, me: req.actor!.userId, now: new Date(), seq }
  }

  return router
}
