import type { Role } from '../../../shared/roles.js'
import type { BulkTriageBody, BulkTriageResult } from '../../../shared/schemas/triage.js'
import type { AppContext } from '../../context.js'
import { AppError } from '../../lib/app-error.js'
import { assertSnoozeUntil, changeComplaint, type TriageChange } from './change-complaint.js'
import type { TriageOutcome } from './triage-outcome.js'

/**
 * The same change to many complaints, each in its own transaction at the version the console
 * saw: one stale or refused complaint does not hold back the others, and each result says why.
 * A snooze time that is wrong for every complaint (past, too far) is refused as a whole first.
 */
export async function bulkTriage(
  ctx: AppContext,
  input: BulkTriageBody & { brandId: string; actorId: string; role: Role; ip: string | null },
  publish: (outcome: TriageOutcome) => Promise<void>,
): Promise<BulkTriageResult> {
  const change = changeOf(input, new Date())
  const data: BulkTriageResult['data'] = []
  for (const item of input.items) {
    try {
      const outcome = await changeComplaint(ctx, {
        complaintId: item.id,
        version: item.version,
        change,
        actorId: input.actorId,
        role: input.role,
        ip: input.ip,
        brandId: input.brandId,
      })
      await publish(outcome)
      data.push({ id: item.id, ok: true })
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err
      data.push({ id: item.id, ok: false, error: err.message })
    }
  }
  return { data }
}

/** The one change each complaint gets; a snooze time wrong for all of them is a 400 now. */
function changeOf(input: BulkTriageBody, now: Date): TriageChange {
  switch (input.action) {
    case 'assign':
      return { kind: 'assign', assigneeId: input.assigneeId ?? null }
    case 'resolve':
      return { kind: 'transition', transition: 'resolve' }
    case 'dismiss':
      return { kind: 'transition', transition: 'dismiss', reason: input.reason, note: input.note }
    case 'snooze':
      // Never null here: a bulk snooze that lost its time must not bring complaints back.
      if (!input.until) throw new AppError('invalid_request', 'until: say until when to snooze')
      assertSnoozeUntil(input.until, now)
      return { kind: 'snooze', until: input.until }
  }
}
