import { Router } from 'express'
import { PickComplaintBody } from '../../../shared/schemas/complaints.js'
import { ComplaintParams } from '../../../shared/schemas/scoring-config.js'
import type { AppContext } from '../../context.js'
import { pickComplaint, unpickComplaint } from '../../domain/complaints/pick-complaint.js'
import { parse } from '../../lib/parse.js'
import { presentComplaint } from '../../presenters/complaint.js'
import { publishComplaintEvents } from '../../realtime/complaint-events.js'
import { route } from '../access.js'
import { auditedBy } from '../client-ip.js'

const PICK = {
  action: 'thread.pick',
  denied: 'Only advisers and admins may pick or unpick threads',
} as const

/** Triage of one complaint: an adviser's pick of its thread. */
export function complaintsRouter(ctx: AppContext): Router {
  const router = Router()

  route(router, 'put', '/api/complaints/:complaintId/pick', PICK, async (req, res) => {
    const { complaintId } = parse(ComplaintParams, req.params)
    const { reason } = parse(PickComplaintBody, req.body ?? {})
    const outcome = await pickComplaint(ctx, {
      complaintId,
      reason,
      ...auditedBy(req),
    })
    publishComplaintEvents(ctx.publisher, outcome.events)
    res.json({ data: presentComplaint(outcome.complaint) })
  })

  route(router, 'delete', '/api/complaints/:complaintId/pick', PICK, async (req, res) => {
    const { complaintId } = parse(ComplaintParams, req.params)
    const outcome = await unpickComplaint(ctx, {
      complaintId,
      ...auditedBy(req),
    })
    publishComplaintEvents(ctx.publisher, outcome.events)
    res.json({ data: presentComplaint(outcome.complaint) })
  })

  return router
}
