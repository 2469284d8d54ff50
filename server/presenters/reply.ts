import {
  REPLY_LIMITS,
  type ReplyKind,
  type ReplyNetwork,
  type ReplyState,
} from '../../shared/replies.js'
import type { ReplyAccountView, ReplyView } from '../../shared/schemas/replies.js'
import type { ReplyAccountRow } from '../db/repositories/reply-accounts.js'
import { AppError } from '../lib/app-error.js'
import type { ReplyRecord } from '../db/repositories/replies.js'

export function presentReply(r: ReplyRecord): ReplyView {
  return {
    id: r.id,
    complaintId: r.complaintId,
    network: r.network,
    kind: r.kind as ReplyKind,
    state: r.state as ReplyState,
    text: r.text,
    parentPostId: r.parentPostId,
    attempts: r.attempts,
    nextAttemptAt: r.state === 'queued' && r.nextAttemptAt ? r.nextAttemptAt.toISOString() : null,
    error: r.lastError,
    externalId: r.externalId,
    url: r.url,
    postId: r.postId,
    createdBy: r.createdBy && r.createdByName ? { id: r.createdBy, name: r.createdByName } : null,
    createdAt: r.createdAt.toISOString(),
    sentAt: r.sentAt && r.sentAt.toISOString(),
    version: r.version,
    approval: {
      reason: r.approvalReason,
      approvedBy: person(r.approvedBy, r.approvedByName),
      approvedAt: r.approvedAt && r.approvedAt.toISOString(),
      edited: r.approvalEdited,
      returnedBy: person(r.returnedBy, r.returnedByName),
      returnedAt: r.returnedAt && r.returnedAt.toISOString(),
      comment: r.reviewComment,
    },
  }
}

const person = (id: string | null, name: string | null | undefined) =>
  id && name ? { id, name } : null

/** A reply account without its credentials: only whether it has them. */
export function presentReplyAccount(a: ReplyAccountRow): ReplyAccountView {
  const network = a.network as ReplyNetwork
  return {
    brandId: a.brandId,
    network,
    handle: a.handle,
    externalId: a.externalId,
    baseUrl: a.baseUrl,
    maxChars: a.maxChars,
    limit: { ...REPLY_LIMITS[network], max: a.maxChars ?? REPLY_LIMITS[network].max },
    hasCredentials: a.secretsCiphertext !== null,
    blockedUntil: a.blockedUntil && a.blockedUntil.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  }
}

/** A 409 whose `current` is a reply record gets it as the reply's view; other errors pass. */
export function presentReplyConflict(err: unknown): unknown {
  if (!(err instanceof AppError) || err.code !== 'conflict' || !err.hints.current) return err
  const current = presentReply(err.hints.current as ReplyRecord)
  return new AppError(err.code, err.message, err.issues, { current })
}
