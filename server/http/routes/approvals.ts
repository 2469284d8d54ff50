import { Router } from 'express'
import {
  ApproveReplyBody,
  DiscardReplyBody,
  ReplyApprovalRuleSchema,
  ResubmitReplyBody,
  ReturnReplyBody,
} from '../../../shared/schemas/approval.js'
import { BrandParams } from '../../../shared/schemas/complaints.js'
import { ReplyParams } from '../../../shared/schemas/replies.js'
import type { AppContext } from '../../context.js'
import { countAwaitingApproval, listAwaitingApproval } from '../../db/repositories/approvals.js'
import { getBrand } from '../../db/repositories/brands.js'
import { setReplyApproval } from '../../domain/brands/set-reply-approval.js'
import {
  approveReply,
  discardReply,
  resubmitReply,
  returnReply,
  type ApprovalOutcome,
} from '../../domain/replies/approve-reply.js'
import { parse } from '../../lib/parse.js'
import { presentApprovalItem } from '../../presenters/approval.js'
import { presentBrand } from '../../presenters/brand.js'
import { presentReply, presentReplyConflict } from '../../presenters/reply.js'
import { publishTriage } from '../../realtime/triage-events.js'
import { route } from '../access.js'
import { auditedBy } from '../client-ip.js'

/** Reply approval: a brand's rule, its queue, and the adviser's and the writer's steps. */
export function approvalsRouter(ctx: AppContext): Router {
  const router = Router()

  /** Pushes a committed step's event and notifications, and answers the reply's view. */
  const answer = async (step: Promise<ApprovalOutcome>) => {
    const outcome = await step.catch((err: unknown) => {
      throw presentReplyConflict(err)
    })
    await publishTriage(ctx, outcome)
    return { data: presentReply(outcome.reply) }
  }

  const RULE = {
    action: 'reply_approval.manage',
    denied: 'Only advisers and admins set which replies need approval',
  } as const
  route(router, 'put', '/api/brands/:brandId/reply-approval', RULE, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    const rule = parse(ReplyApprovalRuleSchema, req.body)
    const brand = await setReplyApproval(ctx, { brandId, rule, ...auditedBy(req) })
    res.json({ data: presentBrand(brand) })
  })

  const APPROVE = {
    action: 'reply.approve',
    denied: 'Only advisers and admins approve replies',
  } as const
  route(router, 'get', '/api/brands/:brandId/approvals', APPROVE, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    await getBrand(ctx.db, brandId)
    const now = new Date()
    const items = await listAwaitingApproval(ctx.db, brandId)
    res.json({ data: items.map((item) => presentApprovalItem(item, now)) })
  })

  route(router, 'get', '/api/approvals/count', APPROVE, async (_req, res) => {
    res.json({ data: await countAwaitingApproval(ctx.db) })
  })

  route(router, 'post', '/api/replies/:replyId/approve', APPROVE, async (req, res) => {
    const { replyId } = parse(ReplyParams, req.params)
    const body = parse(ApproveReplyBody, req.body)
    res.json(await answer(approveReply(ctx, { replyId, body, ...auditedBy(req) })))
  })

  route(router, 'post', '/api/replies/:replyId/return', APPROVE, async (req, res) => {
    const { replyId } = parse(ReplyParams, req.params)
    const body = parse(ReturnReplyBody, req.body)
    res.json(await answer(returnReply(ctx, { replyId, body, ...auditedBy(req) })))
  })

  const SEND = { action: 'reply.send', denied: 'Only agents, advisers and admins reply' } as const
  route(router, 'post', '/api/replies/:replyId/resubmit', SEND, async (req, res) => {
    const { replyId } = parse(ReplyParams, req.params)
    const body = parse(ResubmitReplyBody, req.body)
    res.json(await answer(resubmitReply(ctx, { replyId, body, ...auditedBy(req) })))
  })

  route(router, 'post', '/api/replies/:replyId/discard', SEND, async (req, res) => {
    const { replyId } = parse(ReplyParams, req.params)
    const body = parse(DiscardReplyBody, req.body)
    res.json(await answer(discardReply(ctx, { replyId, body, ...auditedBy(req) })))
  })

  return router
}
