import {
  ApprovalCountSchema,
  ApprovalQueueSchema,
  type ApprovalCount,
  type ApprovalItemView,
  type ReplyApprovalRule,
} from '../../../../shared/schemas/approval.js'
import { BrandViewSchema, type BrandView } from '../../../../shared/schemas/brands.js'
import { ReplyViewSchema, type ReplyView } from '../../../../shared/schemas/replies.js'
import { brandPath, getJson, One, sendJson } from '../../lib/http.js'

const replyPath = (id: string) => `/api/replies/${encodeURIComponent(id)}`

/** The approval routes, each answer parsed with the shared schema the server answers with. */
export const approvalsApi = {
  queue(brandId: string, signal?: AbortSignal): Promise<ApprovalItemView[]> {
    return getJson(`${brandPath(brandId)}/approvals`, ApprovalQueueSchema, { signal }).then(
      (b) => b.data,
    )
  },
  count(signal?: AbortSignal): Promise<ApprovalCount['data']> {
    return getJson('/api/approvals/count', ApprovalCountSchema, { signal }).then((b) => b.data)
  },
  approve(reply: ReplyView, text?: string): Promise<ReplyView> {
    return sendJson(
      'POST',
      `${replyPath(reply.id)}/approve`,
      { version: reply.version, ...(text === undefined ? {} : { text }) },
      One(ReplyViewSchema),
    ).then((b) => b.data)
  },
  sendBack(reply: ReplyView, comment: string): Promise<ReplyView> {
    return sendJson(
      'POST',
      `${replyPath(reply.id)}/return`,
      { version: reply.version, comment },
      One(ReplyViewSchema),
    ).then((b) => b.data)
  },
  resubmit(reply: ReplyView, text: string): Promise<ReplyView> {
    return sendJson(
      'POST',
      `${replyPath(reply.id)}/resubmit`,
      { version: reply.version, text },
      One(ReplyViewSchema),
    ).then((b) => b.data)
  },
  discard(reply: ReplyView): Promise<ReplyView> {
    return sendJson(
      'POST',
      `${replyPath(reply.id)}/discard`,
      { version: reply.version },
      One(ReplyViewSchema),
    ).then((b) => b.data)
  },
  setRule(brandId: string, rule: ReplyApprovalRule): Promise<BrandView> {
    return sendJson('PUT', `${brandPath(brandId)}/reply-approval`, rule, One(BrandViewSchema)).then(
      (b) => b.data,
    )
  },
}

export const approvalsKey = (brandId: string) => ['approvals', brandId] as const
export const approvalCountKey = ['approval-count'] as const

/** The reply events that change what waits for approval. */
export const APPROVAL_EVENTS: ReadonlySet<string> = new Set([
  'reply.awaiting_approval',
  'reply.approved',
  'reply.returned',
  'reply.queued',
])
