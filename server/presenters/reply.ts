import {
  REPLY_LIMITS,
  type ReplyKind,
  type ReplyNetwork,
  type ReplyState,
} from '../../shared/replies.js'
import type { ReplyAccountView, ReplyView } from '../../shared/schemas/replies.js'
import type { ReplyAccountRow } from '../db/repositories/reply-accounts.js'
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
  }
}

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
