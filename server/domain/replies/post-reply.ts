import crypto from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { z } from 'zod'
import { checkReplyLength, isReplyNetwork, type ReplyNetwork } from '../../../shared/replies.js'
import type { CreateReplyBody, RecordReplyElsewhereBody } from '../../../shared/schemas/replies.js'
import type { AppContext } from '../../context.js'
import type { Tx } from '../../db/client.js'
import { queryRows } from '../../db/rows.js'
import { replies } from '../../db/schema.js'
import { AppError } from '../../lib/app-error.js'
import { clockNow } from '../../lib/clock.js'
import { makePromise } from '../promises/make-promise.js'
import { recordAudit } from '../audit/record-audit.js'
import { deleteDraft } from '../../db/repositories/reply-drafts.js'
import { appendComplaintEvent, type PendingEvent } from '../events/append-events.js'
import { findReplyAccount } from '../../db/repositories/reply-accounts.js'
import { loadReply, type ReplyRecord } from '../../db/repositories/replies.js'
import { approvalNeeded, notifyApprovers } from './approve-reply.js'
import { settleSent } from './settle-sent.js'
import { newTid } from './tid.js'

/** A reply written, and the events to push once it committed. */
export interface ReplyOutcome {
  reply: ReplyRecord
  events: PendingEvent[]
  /** Notifications written with it (advisers, when it waits for approval), to push. */
  notificationIds?: number[]
  /** The promise the reply made, when it made one (to push once committed). */
  promiseId?: string
}

interface Actor {
  actorId: string
  ip: string | null
}

interface ThreadRow {
  brand_id: string
  network: string
  post_id: string | number
  deleted_at: Date | string | null
}

/**
 * The complaint (locked) and the post of its thread a reply answers: the one named, else the
 * lead. 404 when either is missing or the post is not of this thread.
 */
async function loadTarget(tx: Tx, complaintId: string, parentPostId: number | undefined) {
  const [row] = await queryRows<ThreadRow>(
    tx,
    sql`select c.brand_id, c.network, p.id as post_id, p.deleted_at
        from complaints c
        join posts p on p.brand_id = c.brand_id and p.network = c.network
          and p.thread_key = c.thread_key
        where c.id = ${complaintId}::uuid
          and p.id = ${parentPostId === undefined ? sql`c.lead_post_id` : sql`${parentPostId}::bigint`}
        for update of c`,
  )
  if (!row) {
    const [exists] = await queryRows(
      tx,
      sql`select 1 from complaints where id = ${complaintId}::uuid`,
    )
    throw new AppError(
      'not_found',
      exists ? `Post ${parentPostId} is not a post of this thread` : 'Complaint not found',
    )
  }
  return { ...row, post_id: Number(row.post_id) }
}

/**
 * Queues a reply for delivery under the brand's reply account on the thread's network, in one
 * transaction with its audit row and event. Refused, with nothing queued: a network Firebreak
 * cannot deliver to, a parent deleted at the source, a brand without credentials there, a text
 * over the network's limit as the network counts it.
 */
export async function createReply(
  ctx: AppContext,
  input: Actor & { complaintId: string; body: z.infer<typeof CreateReplyBody> },
): Promise<ReplyOutcome> {
  const { body } = input
  // Due dates are checked against the rules' clock (the test clock where it is on).
  const now = body.promise ? await clockNow(ctx) : null
  const result = await ctx.db.transaction(async (tx) => {
    const target = await loadTarget(tx, input.complaintId, body.parentPostId)
    const network = target.network
    if (!isReplyNetwork(network))
      throw new AppError(
        'invalid_request',
        `Firebreak cannot deliver replies on ${network}; record a reply made there by its URL`,
      )
    if (target.deleted_at)
      throw new AppError(
        'conflict',
        'The post this reply answers was deleted at the source; reply to another post of the thread',
      )
    const account = await findReplyAccount(tx, target.brand_id, network)
    if (!account?.secretsCiphertext)
      throw new AppError(
        'conflict',
        `This brand has no ${network} reply account with credentials; an admin adds one in the brand's settings`,
      )
    const tooLong = checkReplyLength(network, body.text, account.maxChars ?? undefined)
    if (tooLong)
      throw new AppError('invalid_request', `Too long for ${network}: ${tooLong}`, [
        { path: 'text', message: tooLong },
      ])
    // The brand's rule may hold it for an adviser: then it is not due until approved.
    const reason = await approvalNeeded(tx, {
      brandId: target.brand_id,
      complaintId: input.complaintId,
      authorId: input.actorId,
    })
    const [row] = await tx
      .insert(replies)
      .values({
        brandId: target.brand_id,
        complaintId: input.complaintId,
        network,
        kind: 'delivery',
        parentPostId: target.post_id,
        text: body.text,
        state: reason ? 'awaiting_approval' : 'queued',
        approvalReason: reason,
        idempotencyKey: idempotencyKey(network),
        nextAttemptAt: reason ? null : sql`now()`,
        createdBy: input.actorId,
      })
      .returning({ id: replies.id })
    await recordAudit(tx, {
      actorId: input.actorId,
      action: reason ? 'reply.awaiting_approval' : 'reply.queued',
      subjectType: 'complaint',
      subjectId: input.complaintId,
      after: {
        replyId: row!.id,
        network,
        parentPostId: target.post_id,
        length: body.text.length,
        ...(reason ? { approvalReason: reason } : {}),
      },
      ip: input.ip,
    })
    // The draft became this reply: it goes with the same commit.
    await deleteDraft(tx, input.complaintId, input.actorId)
    const notificationIds = reason
      ? await notifyApprovers(tx, { complaintId: input.complaintId, authorId: input.actorId })
      : []
    const promiseId =
      body.promise && now
        ? await makePromise(tx, {
            complaintId: input.complaintId,
            replyId: row!.id,
            promise: body.promise,
            actorId: input.actorId,
            ip: input.ip,
            now,
          })
        : undefined
    const events = await appendComplaintEvent(
      tx,
      input.complaintId,
      reason ? 'reply.awaiting_approval' : 'reply.queued',
    )
    return { id: row!.id, events, notificationIds, promiseId }
  })
  return {
    reply: (await loadReply(ctx.db, result.id))!,
    events: result.events,
    notificationIds: result.notificationIds,
    promiseId: result.promiseId,
  }
}

/** Bluesky's record key is a TID; elsewhere any stable unique key will do. */
const idempotencyKey = (network: ReplyNetwork) =>
  network === 'bluesky' ? newTid() : crypto.randomUUID()

/**
 * Records a reply a person made outside Firebreak, by its address: it is `sent`, and the
 * complaint waits on its author as after any reply.
 */
export async function recordReplyElsewhere(
  ctx: AppContext,
  input: Actor & { complaintId: string; body: z.infer<typeof RecordReplyElsewhereBody> },
): Promise<ReplyOutcome> {
  const { body } = input
  const result = await ctx.db.transaction(async (tx) => {
    const target = await loadTarget(tx, input.complaintId, body.parentPostId)
    const [row] = await tx
      .insert(replies)
      .values({
        brandId: target.brand_id,
        complaintId: input.complaintId,
        network: target.network,
        kind: 'elsewhere',
        parentPostId: target.post_id,
        text: body.text ?? '',
        state: 'sent',
        idempotencyKey: crypto.randomUUID(),
        url: body.url,
        sentAt: sql`now()`,
        createdBy: input.actorId,
      })
      .returning({ id: replies.id })
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'reply.recorded_elsewhere',
      subjectType: 'complaint',
      subjectId: input.complaintId,
      after: { replyId: row!.id, url: body.url },
      ip: input.ip,
    })
    await settleSent(tx, { complaintId: input.complaintId, actorId: input.actorId })
    const events = await appendComplaintEvent(tx, input.complaintId, 'reply.sent')
    return { id: row!.id, events }
  })
  return { reply: (await loadReply(ctx.db, result.id))!, events: result.events }
}

/**
 * Another attempt asked for by a person: a refused reply goes back to the queue (with the same
 * idempotency key). One whose outcome is unknown may be on the network already: it is resent
 * only when the person says they checked it is not.
 */
export async function retryReply(
  ctx: AppContext,
  input: Actor & { replyId: string; checkedNotPublished: boolean },
): Promise<ReplyOutcome> {
  const result = await ctx.db.transaction(async (tx) => {
    const [row] = await queryRows<{ complaint_id: string; state: string }>(
      tx,
      sql`select complaint_id, state from replies where id = ${input.replyId}::uuid for update`,
    )
    if (!row) throw new AppError('not_found', 'Reply not found')
    if (row.state !== 'failed' && row.state !== 'unknown')
      throw new AppError(
        'conflict',
        `Only a failed or unknown reply can be retried; this one is ${row.state}`,
      )
    if (row.state === 'unknown' && !input.checkedNotPublished)
      throw new AppError(
        'conflict',
        'This reply may already be on the network: check, then retry with checkedNotPublished: true',
      )
    await tx.execute(
      sql`update replies set state = 'queued', next_attempt_at = now(), lease_until = null,
          updated_at = now() where id = ${input.replyId}::uuid`,
    )
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'reply.retried',
      subjectType: 'complaint',
      subjectId: row.complaint_id,
      before: { replyId: input.replyId, state: row.state },
      after: { replyId: input.replyId, state: 'queued' },
      ip: input.ip,
    })
    return appendComplaintEvent(tx, row.complaint_id, 'reply.queued')
  })
  return { reply: (await loadReply(ctx.db, input.replyId))!, events: result }
}
