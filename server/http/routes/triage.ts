import { Router } from 'express'
import { BrandParams } from '../../../shared/schemas/complaints.js'
import { ComplaintParams } from '../../../shared/schemas/scoring-config.js'
import {
  AssignComplaintBody,
  BulkTriageBody,
  SnoozeComplaintBody,
  TransitionComplaintBody,
} from '../../../shared/schemas/triage.js'
import type { AppContext } from '../../context.js'
import { bulkTriage } from '../../domain/triage/bulk-triage.js'
import { changeComplaint, type TriageChange } from '../../domain/triage/change-complaint.js'
import { listTriagers } from '../../domain/triage/triagers.js'
import { parse } from '../../lib/parse.js'
import { presentComplaint, presentConflict } from '../../presenters/complaint.js'
import { onlineUsers } from '../../realtime/presence-store.js'
import { publishTriage } from '../../realtime/triage-events.js'
import { route } from '../access.js'
import { auditedBy } from '../client-ip.js'
import type { Request } from 'express'

const TRIAGE = { action: 'complaint.triage' } as const

/** Moving complaints along the state table, snoozing them, and giving them owners. */
export function triageRouter(ctx: AppContext): Router {
  const router = Router()

  /** Parses the complaint and applies one change for the signed-in person, then pushes it. */
  const change = async (req: Request, version: number, what: TriageChange) => {
    const { complaintId } = parse(ComplaintParams, req.params)
    const { role } = req.actor!
    const outcome = await changeComplaint(ctx, {
      complaintId,
      version,
      change: what,
      role,
      ...auditedBy(req),
    }).catch((err: unknown) => {
      throw presentConflict(err, role)
    })
    await publishTriage(ctx, outcome)
    return { data: presentComplaint(outcome.complaint) }
  }

  route(router, 'post', '/api/complaints/:complaintId/transition', TRIAGE, async (req, res) => {
    const { version, ...body } = parse(TransitionComplaintBody, req.body)
    res.json(await change(req, version, { kind: 'transition', ...body }))
  })

  route(router, 'put', '/api/complaints/:complaintId/snooze', TRIAGE, async (req, res) => {
    const { version, until } = parse(SnoozeComplaintBody, req.body)
    res.json(await change(req, version, { kind: 'snooze', until }))
  })

  // Agents take and release; advisers and admins assign anyone (the domain checks which).
  const TAKE = { action: 'complaint.take' } as const
  route(router, 'put', '/api/complaints/:complaintId/assignee', TAKE, async (req, res) => {
    const { version, assigneeId } = parse(AssignComplaintBody, req.body)
    res.json(await change(req, version, { kind: 'assign', assigneeId }))
  })

  route(router, 'post', '/api/brands/:brandId/complaints/bulk', TRIAGE, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    const body = parse(BulkTriageBody, req.body)
    const input = { ...body, brandId, role: req.actor!.role, ...auditedBy(req) }
    res.json(await bulkTriage(ctx, input, (outcome) => publishTriage(ctx, outcome)))
  })

  const OWNERS = { action: 'complaint.owners' } as const
  route(router, 'get', '/api/brands/:brandId/triagers', OWNERS, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    const online = await onlineUsers(ctx, brandId)
    const rows = await listTriagers(ctx.db, brandId)
    res.json({ data: rows.map((t) => ({ ...t, online: online.has(t.id) })) })
  })

  return router
}
