import { sql } from 'drizzle-orm'
import { PROMISE_MAX_DAYS } from '../../../shared/promises.js'
import type { PromiseInput } from '../../../shared/schemas/promises.js'
import type { Tx } from '../../db/client.js'
import { queryRows } from '../../db/rows.js'
import { promises } from '../../db/schema.js'
import { AppError } from '../../lib/app-error.js'
import { recordAudit } from '../audit/record-audit.js'
import { checkTriagers } from '../triage/triagers.js'

/**
 * Records a promise made in a reply, in the reply's transaction, with its audit row: made to
 * the thread's author, kept by someone who can triage, due in the future (by the rules' clock,
 * `now`) and within PROMISE_MAX_DAYS. Returns its id.
 */
export async function makePromise(
  tx: Tx,
  input: {
    complaintId: string
    replyId: string
    promise: PromiseInput
    actorId: string
    ip: string | null
    now: Date
  },
): Promise<string> {
  const { promise, now } = input
  await checkTriagers(tx, [promise.ownerId], 'promise.ownerId')
  const due = new Date(promise.dueAt)
  const problem =
    due.getTime() <= now.getTime()
      ? `is past (now is ${now.toISOString()})`
      : due.getTime() - now.getTime() > PROMISE_MAX_DAYS * 86_400_000
        ? `is more than ${PROMISE_MAX_DAYS} days away`
        : null
  if (problem)
    throw new AppError('invalid_request', `promise.dueAt ${problem}`, [
      { path: 'promise.dueAt', message: problem },
    ])
  const [target] = await queryRows<{ brand_id: string; author_id: string | number }>(
    tx,
    sql`select c.brand_id, p.author_id from complaints c join posts p on p.id = c.lead_post_id
        where c.id = ${input.complaintId}::uuid`,
  )
  if (!target) throw new AppError('not_found', 'Complaint not found')
  const [row] = await tx
    .insert(promises)
    .values({
      brandId: target.brand_id,
      complaintId: input.complaintId,
      replyId: input.replyId,
      authorId: Number(target.author_id),
      what: promise.what,
      ownerId: promise.ownerId,
      dueAt: due,
      createdBy: input.actorId,
    })
    .returning({ id: promises.id })
  await recordAudit(tx, {
    actorId: input.actorId,
    action: 'promise.made',
    subjectType: 'promise',
    subjectId: row!.id,
    after: {
      complaintId: input.complaintId,
      replyId: input.replyId,
      ownerId: promise.ownerId,
      dueAt: due.toISOString(),
      what: promise.what,
    },
    ip: input.ip,
  })
  return row!.id
}
