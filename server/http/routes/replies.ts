import { Router } from 'express'
import { BrandParams } from '../../../shared/schemas/complaints.js'
import {
  CreateReplyBody,
  PutReplyAccountBody,
  RecordReplyElsewhereBody,
  ReplyNetworkParams,
  ReplyParams,
  RetryReplyBody,
} from '../../../shared/schemas/replies.js'
import { ComplaintParams } from '../../../shared/schemas/scoring-config.js'
import type { AppContext } from '../../context.js'
import { getBrand } from '../../db/repositories/brands.js'
import {
  createReply,
  recordReplyElsewhere,
  retryReply,
  type ReplyOutcome,
} from '../../domain/replies/post-reply.js'
import { listReplyAccounts } from '../../db/repositories/reply-accounts.js'
import { putReplyAccount } from '../../domain/replies/reply-accounts.js'
import { loadReplies } from '../../db/repositories/replies.js'
import { parse } from '../../lib/parse.js'
import { presentReply, presentReplyAccount } from '../../presenters/reply.js'
import { publishComplaintEvents } from '../../realtime/complaint-events.js'
import { announceDraftSent } from '../../realtime/draft-events.js'
import { pushNotifications } from '../../realtime/triage-events.js'
import { publishPromises } from '../../realtime/promise-events.js'
import { route } from '../access.js'
import { auditedBy } from '../client-ip.js'

/** Replies to complaints, delivered by the workers; and the brand accounts they go out under. */
export function repliesRouter(ctx: AppContext): Router {
  const router = Router()

  /** Pushes a committed reply's event and answers its view. */
  const answer = (outcome: ReplyOutcome) => {
    publishComplaintEvents(ctx.publisher, outcome.events)
    // A lost push is a refetch away (the Promises page reads the list again), never lost data.
    if (outcome.promiseId)
      publishPromises(ctx, [outcome.promiseId]).catch((err: unknown) =>
        ctx.logger.warn({ err }, 'could not push a new promise'),
      )
    return { data: presentReply(outcome.reply) }
  }

  const READ = { action: 'reply_account.read' } as const
  route(router, 'get', '/api/brands/:brandId/reply-accounts', READ, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    await getBrand(ctx.db, brandId)
    res.json({ data: (await listReplyAccounts(ctx.db, brandId)).map(presentReplyAccount) })
  })

  const MANAGE = { action: 'reply_account.manage' } as const
  route(router, 'put', '/api/brands/:brandId/reply-accounts/:network', MANAGE, async (req, res) => {
    const { brandId, network } = parse(ReplyNetworkParams, req.params)
    const body = parse(PutReplyAccountBody, req.body)
    const row = await putReplyAccount(ctx, { brandId, network, body, ...auditedBy(req) })
    res.json({ data: presentReplyAccount(row) })
  })

  const DRAFTS = { action: 'draft.read' } as const
  route(router, 'get', '/api/complaints/:complaintId/replies', DRAFTS, async (req, res) => {
    const { complaintId } = parse(ComplaintParams, req.params)
    res.json({ data: (await loadReplies(ctx.db, complaintId)).map(presentReply) })
  })

  const SEND = { action: 'reply.send', denied: 'Only agents, advisers and admins reply' } as const
  route(router, 'post', '/api/complaints/:complaintId/replies', SEND, async (req, res) => {
    const { complaintId } = parse(ComplaintParams, req.params)
    const body = parse(CreateReplyBody, req.body)
    const outcome = await createReply(ctx, { complaintId, body, ...auditedBy(req) })
    announceDraftSent(ctx.publisher, outcome.reply)
    // Held for approval: the advisers hear of it.
    await pushNotifications(ctx, outcome.notificationIds ?? [])
    res.status(202).json(answer(outcome))
  })

  route(
    router,
    'post',
    '/api/complaints/:complaintId/replies/elsewhere',
    SEND,
    async (req, res) => {
      const { complaintId } = parse(ComplaintParams, req.params)
      const body = parse(RecordReplyElsewhereBody, req.body)
      const outcome = await recordReplyElsewhere(ctx, { complaintId, body, ...auditedBy(req) })
      res.status(201).json(answer(outcome))
    },
  )

  route(router, 'post', '/api/replies/:replyId/retry', SEND, async (req, res) => {
    const { replyId } = parse(ReplyParams, req.params)
    const { checkedNotPublished } = parse(RetryReplyBody, req.body)
    const outcome = await retryReply(ctx, {
      replyId,
      checkedNotPublished: checkedNotPublished ?? false,
      ...auditedBy(req),
    })
    res.json(answer(outcome))
  })

  return router
}
