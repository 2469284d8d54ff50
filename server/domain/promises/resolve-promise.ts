import { sql } from 'drizzle-orm'
import type { z } from 'zod'
import type { BreakPromiseBody, KeepPromiseBody } from '../../../shared/schemas/promises.js'
import type { AppContext } from '../../context.js'
import { loadPromises, type PromiseRecord } from '../../db/repositories/promises.js'
import { queryRows } from '../../db/rows.js'
import { AppError } from '../../lib/app-error.js'
import { recordAudit } from '../audit/record-audit.js'
import { appendComplaintEvent, type PendingEvent } from '../events/append-events.js'

type Resolution =
  | { kind: 'kept'; body: z.infer<typeof KeepPromiseBody> }
  | { kind: 'broken'; body: z.infer<typeof BreakPromiseBody> }

/**
 * Marks an open promise kept (with a link or a note saying how: the schema refuses neither) or
 * broken (with a note), in one transaction with its audit row. A promise already kept or broken
 * is refused with 409: the record of how it ended is not rewritten. Returns the promise, and the
 * thread's event when its overdue mark goes, to publish after commit.
 */
export async function resolvePromise(
  ctx: AppContext,
  input: { promiseId: string; resolution: Resolution; actorId: string; ip: string | null },
): Promise<{ promise: PromiseRecord; events: PendingEvent[] }> {
  const { resolution } = input
  const events = await ctx.db.transaction(async (tx) => {
    const [row] = await queryRows<{ state: string; complaint_id: string; overdue_at: unknown }>(
      tx,
      sql`select state, complaint_id, overdue_at from promises
          where id = ${input.promiseId}::uuid for update`,
    )
    if (!row) throw new AppError('not_found', 'Promise not found')
    if (row.state !== 'open') throw new AppError('conflict', `This promise is already ${row.state}`)
    const url = resolution.kind === 'kept' ? (resolution.body.url ?? null) : null
    const note = resolution.body.note ?? null
    await tx.execute(
      sql`update promises set state = ${resolution.kind}, resolution_url = ${url},
            resolution_note = ${note}, resolved_by = ${input.actorId}::uuid,
            resolved_at = now(), updated_at = now()
          where id = ${input.promiseId}::uuid`,
    )
    await recordAudit(tx, {
      actorId: input.actorId,
      action: resolution.kind === 'kept' ? 'promise.kept' : 'promise.broken',
      subjectType: 'promise',
      subjectId: input.promiseId,
      before: { state: 'open' },
      after: { state: resolution.kind, url, note },
      ip: input.ip,
    })
    // An overdue one marked its thread: the thread's view changes with it.
    return row.overdue_at === null
      ? []
      : appendComplaintEvent(tx, row.complaint_id, 'complaint.updated')
  })
  const [record] = await loadPromises(ctx.db, [input.promiseId])
  return { promise: record!, events }
}
