import { sql } from 'drizzle-orm'
import type { z } from 'zod'
import { approvalReason } from '../../../shared/approval.js'
import { checkReplyLength, isReplyNetwork } from '../../../shared/replies.js'
import { can, ROLES, type Role } from '../../../shared/roles.js'
import type {
  ApproveReplyBody,
  DiscardReplyBody,
  ResubmitReplyBody,
  ReturnReplyBody,
} from '../../../shared/schemas/approval.js'
import { priorityAt } from '../../../shared/scoring/ranking.js'
import type { AppContext } from '../../context.js'
import type { Tx } from '../../db/client.js'
import { approvalRuleOf, getBrand } from '../../db/repositories/brands.js'
import { insertNotifications } from '../../db/repositories/notifications.js'
import { findReplyAccount } from '../../db/repositories/reply-accounts.js'
import { loadReply, type ReplyRecord } from '../../db/repositories/replies.js'
import { queryRows } from '../../db/rows.js'
import { AppError } from '../../lib/app-error.js'
import { recordAudit } from '../audit/record-audit.js'
import { appendComplaintEvent, type PendingEvent } from '../events/append-events.js'

/** A reply after an approval step, the events to push and the notifications to deliver. */
export interface ApprovalOutcome {
  reply: ReplyRecord
  events: PendingEvent[]
  notificationIds: number[]
}

interface Actor {
  actorId: string
  ip: string | null
}

/** Who may approve: the roles the matrix gives `reply.approve`. */
const APPROVER_ROLES = ROLES.filter((r) => can(r, 'reply.approve'))

/**
 * Why the brand's rule holds a reply by `authorId` on this complaint for approval, or null.
 * The priority is the complaint's live one (waiting included), as the console shows it now.
 */
export async function approvalNeeded(
  tx: Tx,
  input: { brandId: string; complaintId: string; authorId: string },
): Promise<string | null> {
  const rule = approvalRuleOf(await getBrand(tx, input.brandId))
  if (rule.mode === 'none') return null
  const [c] = await queryRows<{
    priority: number
    base_priority: number
    waiting_rate: number
    waiting_since: Date | string | null
  }>(
    tx,
    sql`select priority, base_priority, waiting_rate, waiting_since from complaints
        where id = ${input.complaintId}::uuid`,
  )
  const priority =
    c!.waiting_since && c!.waiting_rate > 0
      ? priorityAt(c!.base_priority, c!.waiting_rate, c!.waiting_since, new Date())
      : c!.priority
  return approvalReason(rule, { authorId: input.authorId, priority })
}

/**
 * Tells every active adviser and admin (but the writer) that a reply waits for approval.
 * Returns the notification ids, for the edge to push.
 */
export async function notifyApprovers(
  tx: Tx,
  input: { complaintId: string; authorId: string },
): Promise<number[]> {
  const approvers = await queryRows<{ id: string }>(
    tx,
    sql`select id from users where is_active
        and role in (${sql.join(
          APPROVER_ROLES.map((r: Role) => sql`${r}`),
          sql`, `,
        )})`,
  )
  return insertNotifications(
    tx,
    approvers.map((u) => ({
      userId: u.id,
      kind: 'approval_requested' as const,
      complaintId: input.complaintId,
      actorId: input.authorId,
    })),
  )
}

interface HeldReply {
  id: string
  brand_id: string
  complaint_id: string
  network: string
  state: string
  version: number
  text: string
  created_by: string | null
}

/**
 * The reply, locked, checked against the version the person saw and the state the step needs.
 * A stale version or another state is 409 with the reply as it stands (a record, for the edge
 * to present), so the loser of two advisers acting at once sees what the winner did.
 */
async function holdReply(
  tx: Tx,
  replyId: string,
  expect: { version: number; state: 'awaiting_approval' | 'returned'; step: string },
): Promise<HeldReply> {
  const [row] = await queryRows<HeldReply>(
    tx,
    sql`select id, brand_id, complaint_id, network, state, version, text, created_by
        from replies where id = ${replyId}::uuid for update`,
  )
  if (!row) throw new AppError('not_found', 'Reply not found')
  if (row.version !== expect.version || row.state !== expect.state) {
    const current = await loadReply(tx, replyId)
    const said =
      row.state === expect.state
        ? `it changed since you saw it (version ${row.version}, you had ${expect.version})`
        : `it is ${row.state.replace('_', ' ')} now${describeBy(current)}`
    throw new AppError('conflict', `Cannot ${expect.step} this reply: ${said}`, undefined, {
      current,
    })
  }
  return row
}

const describeBy = (r: ReplyRecord | null) =>
  r?.approvedByName
    ? ` (approved by ${r.approvedByName})`
    : r?.returnedByName && r.state === 'returned'
      ? ` (sent back by ${r.returnedByName})`
      : ''

/**
 * What composing checks and may have changed while the reply waited: the post it answers was
 * deleted at the source, or the brand's account lost its credentials. Approved then, it would
 * sit queued for ever (no account) or fail on the network.
 */
async function checkDeliverable(tx: Tx, reply: HeldReply): Promise<void> {
  const [parent] = await queryRows<{ deleted_at: Date | string | null }>(
    tx,
    sql`select p.deleted_at from replies r join posts p on p.id = r.parent_post_id
        where r.id = ${reply.id}::uuid`,
  )
  if (parent?.deleted_at)
    throw new AppError(
      'conflict',
      'The post this reply answers was deleted at the source while it waited; send it back so its writer answers another post',
    )
  const account = isReplyNetwork(reply.network)
    ? await findReplyAccount(tx, reply.brand_id, reply.network)
    : null
  if (!account?.secretsCiphertext)
    throw new AppError(
      'conflict',
      `This brand has no ${reply.network} reply account with credentials; an admin adds one in the brand's settings before this reply can be approved`,
    )
}

/** A reply's text against its network's limit under the brand's account, as when composing. */
async function checkText(tx: Tx, reply: HeldReply, text: string): Promise<void> {
  if (!isReplyNetwork(reply.network)) return
  const account = await findReplyAccount(tx, reply.brand_id, reply.network)
  const tooLong = checkReplyLength(reply.network, text, account?.maxChars ?? undefined)
  if (tooLong)
    throw new AppError('invalid_request', `Too long for ${reply.network}: ${tooLong}`, [
      { path: 'text', message: tooLong },
    ])
}

/**
 * An adviser approves a reply waiting for approval, as it is or with their edit (checked like
 * a composed reply): it is queued for delivery now. Nobody approves their own reply. One
 * transaction: the reply, its audit row and its event.
 */
export async function approveReply(
  ctx: AppContext,
  input: Actor & { replyId: string; body: z.infer<typeof ApproveReplyBody> },
): Promise<ApprovalOutcome> {
  const result = await ctx.db.transaction(async (tx) => {
    const reply = await holdReply(tx, input.replyId, {
      version: input.body.version,
      state: 'awaiting_approval',
      step: 'approve',
    })
    if (reply.created_by === input.actorId)
      throw new AppError(
        'forbidden',
        'You wrote this reply, so you cannot approve it: another adviser or admin must',
      )
    await checkDeliverable(tx, reply)
    const text = input.body.text ?? reply.text
    const edited = text !== reply.text
    if (edited) await checkText(tx, reply, text)
    await tx.execute(
      sql`update replies set state = 'queued', text = ${text}, next_attempt_at = now(),
          approved_by = ${input.actorId}::uuid, approved_at = now(), approval_edited = ${edited},
          version = version + 1, updated_at = now()
          where id = ${reply.id}::uuid`,
    )
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'reply.approved',
      subjectType: 'complaint',
      subjectId: reply.complaint_id,
      before: { replyId: reply.id, state: reply.state, ...(edited ? { text: reply.text } : {}) },
      after: { replyId: reply.id, state: 'queued', edited, ...(edited ? { text } : {}) },
      ip: input.ip,
    })
    return appendComplaintEvent(tx, reply.complaint_id, 'reply.approved')
  })
  return {
    reply: (await loadReply(ctx.db, input.replyId))!,
    events: result,
    notificationIds: [],
  }
}

/**
 * An adviser sends a reply back to its author with a comment saying what to change; the author
 * is notified and reads it in the thread. Nobody reviews their own reply.
 */
export async function returnReply(
  ctx: AppContext,
  input: Actor & { replyId: string; body: z.infer<typeof ReturnReplyBody> },
): Promise<ApprovalOutcome> {
  const result = await ctx.db.transaction(async (tx) => {
    const reply = await holdReply(tx, input.replyId, {
      version: input.body.version,
      state: 'awaiting_approval',
      step: 'send back',
    })
    if (reply.created_by === input.actorId)
      throw new AppError(
        'forbidden',
        'You wrote this reply, so you cannot review it: another adviser or admin must',
      )
    await tx.execute(
      sql`update replies set state = 'returned', returned_by = ${input.actorId}::uuid,
          returned_at = now(), review_comment = ${input.body.comment},
          version = version + 1, updated_at = now()
          where id = ${reply.id}::uuid`,
    )
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'reply.returned',
      subjectType: 'complaint',
      subjectId: reply.complaint_id,
      before: { replyId: reply.id, state: reply.state },
      after: { replyId: reply.id, state: 'returned', comment: input.body.comment },
      ip: input.ip,
    })
    const notificationIds = reply.created_by
      ? await insertNotifications(tx, [
          {
            userId: reply.created_by,
            kind: 'reply_returned',
            complaintId: reply.complaint_id,
            actorId: input.actorId,
          },
        ])
      : []
    const events = await appendComplaintEvent(tx, reply.complaint_id, 'reply.returned')
    return { events, notificationIds }
  })
  return { reply: (await loadReply(ctx.db, input.replyId))!, ...result }
}

/**
 * The author submits a sent-back reply again with their edit, checked like a composed reply;
 * the brand's rule runs again, so it waits for approval or goes straight to the queue.
 */
export async function resubmitReply(
  ctx: AppContext,
  input: Actor & { replyId: string; body: z.infer<typeof ResubmitReplyBody> },
): Promise<ApprovalOutcome> {
  const result = await ctx.db.transaction(async (tx) => {
    const reply = await holdReply(tx, input.replyId, {
      version: input.body.version,
      state: 'returned',
      step: 'resubmit',
    })
    if (reply.created_by !== input.actorId)
      throw new AppError('forbidden', 'Only the writer of a sent-back reply resubmits it')
    const text = input.body.text
    await checkText(tx, reply, text)
    const reason = await approvalNeeded(tx, {
      brandId: reply.brand_id,
      complaintId: reply.complaint_id,
      authorId: input.actorId,
    })
    const state = reason ? 'awaiting_approval' : 'queued'
    await tx.execute(
      sql`update replies set state = ${state}, text = ${text}, approval_reason = ${reason},
          next_attempt_at = ${reason ? null : sql`now()`},
          version = version + 1, updated_at = now()
          where id = ${reply.id}::uuid`,
    )
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'reply.resubmitted',
      subjectType: 'complaint',
      subjectId: reply.complaint_id,
      before: { replyId: reply.id, state: reply.state, text: reply.text },
      after: { replyId: reply.id, state, text, reason },
      ip: input.ip,
    })
    const notificationIds = reason
      ? await notifyApprovers(tx, { complaintId: reply.complaint_id, authorId: input.actorId })
      : []
    const events = await appendComplaintEvent(
      tx,
      reply.complaint_id,
      reason ? 'reply.awaiting_approval' : 'reply.queued',
    )
    return { events, notificationIds }
  })
  return { reply: (await loadReply(ctx.db, input.replyId))!, ...result }
}

/**
 * The writer of a sent-back reply drops it instead of submitting it again: `discarded` is
 * final (never delivered, never resubmitted), audited with its text, and pushed to the team.
 */
export async function discardReply(
  ctx: AppContext,
  input: Actor & { replyId: string; body: z.infer<typeof DiscardReplyBody> },
): Promise<ApprovalOutcome> {
  const events = await ctx.db.transaction(async (tx) => {
    const reply = await holdReply(tx, input.replyId, {
      version: input.body.version,
      state: 'returned',
      step: 'discard',
    })
    if (reply.created_by !== input.actorId)
      throw new AppError('forbidden', 'Only the writer of a sent-back reply discards it')
    await tx.execute(
      sql`update replies set state = 'discarded', version = version + 1, updated_at = now()
          where id = ${reply.id}::uuid`,
    )
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'reply.discarded',
      subjectType: 'complaint',
      subjectId: reply.complaint_id,
      before: { replyId: reply.id, state: reply.state, text: reply.text },
      after: { replyId: reply.id, state: 'discarded' },
      ip: input.ip,
    })
    return appendComplaintEvent(tx, reply.complaint_id, 'reply.discarded')
  })
  return { reply: (await loadReply(ctx.db, input.replyId))!, events, notificationIds: [] }
}
