import { sql } from 'drizzle-orm'
import type { AppContext } from '../../context.js'
import type { Tx } from '../../db/client.js'
import {
  COMPLAINT_PART_COLUMNS,
  loadComplaintViews,
  returningComplaints,
  type ComplaintRecord,
  type ComplaintWithLead,
} from '../../db/repositories/complaint-views.js'
import { currentScoringVersion } from '../../db/repositories/scoring-versions.js'
import { queryRows } from '../../db/rows.js'
import { AppError } from '../../lib/app-error.js'
import { recordAudit } from '../audit/record-audit.js'
import { appendComplaintEvents, type PendingEvent } from '../events/append-events.js'
import { rescoreLeads } from './rescore-leads.js'
import { retryOnDeadlock } from '../../db/retry-on-deadlock.js'

/** A complaint as it stands after a change, and the events to publish for it after commit. */
export interface ComplaintOutcome {
  complaint: ComplaintWithLead
  events: PendingEvent[]
}

/** Who changes which complaint's pick, from where (for the audit row). */
export interface PickChange {
  complaintId: string
  actorId: string
  ip: string | null
}

/**
 * An adviser picks a complaint's thread as one that matters most, with an optional reason.
 * Picking it again with another reason (or as another adviser) replaces the pick; the same
 * pick again changes nothing. See `setPick`.
 */
export function pickComplaint(
  ctx: AppContext,
  input: PickChange & { reason: string | null },
): Promise<ComplaintOutcome> {
  return setPick(ctx, input, { reason: input.reason })
}

/** Withdraws the pick of a complaint's thread; a complaint that is not picked is left as is. */
export function unpickComplaint(ctx: AppContext, input: PickChange): Promise<ComplaintOutcome> {
  return setPick(ctx, input, null)
}

interface PickRow {
  brand_id: string
  picked_by: string | null
  picked_at: Date | string | null
  pick_reason: string | null
  priority: number
  scoring_version: string
}

const pickOf = (row: PickRow) =>
  row.picked_at === null
    ? null
    : { by: row.picked_by, at: new Date(row.picked_at).toISOString(), reason: row.pick_reason }

/**
 * Sets or clears the pick in one transaction with its consequences: the lead is scored again
 * at once, as a new revision under the version in effect (older rows are kept), one audit row
 * records the change, and one `complaint.scored` event (for the caller to publish after
 * commit) carries the new view to every console of the brand, so the queue reorders without a
 * reload. Returns the complaint as it stands and the events.
 */
async function setPick(
  ctx: AppContext,
  input: PickChange,
  pick: { reason: string | null } | null,
): Promise<ComplaintOutcome> {
  const now = new Date()
  const outcome = await retryOnDeadlock(() =>
    ctx.db.transaction((tx) => writePick(tx, input, pick, now)),
  )
  const changed = outcome.pending[0]?.complaint
  if (changed) return { complaint: changed, events: outcome.pending }
  const [row] = await loadComplaintViews(ctx.db, [input.complaintId])
  if (!row) throw new AppError('not_found', 'Complaint not found')
  return { complaint: row, events: [] }
}

async function writePick(
  tx: Tx,
  input: PickChange,
  pick: { reason: string | null } | null,
  now: Date,
): Promise<{ pending: PendingEvent[] }> {
  // The row lock serialises picks, and new posts of the thread, on this complaint.
  const [before] = await queryRows<PickRow>(
    tx,
    sql`select brand_id, picked_by, picked_at, pick_reason, priority, scoring_version
        from complaints where id = ${input.complaintId}::uuid for update`,
  )
  if (!before) throw new AppError('not_found', 'Complaint not found')
  const unchanged = pick
    ? before.picked_by === input.actorId && before.pick_reason === pick.reason
    : before.picked_at === null
  if (unchanged) return { pending: [] }

  await tx.execute(
    pick
      ? sql`update complaints set picked_by = ${input.actorId}::uuid,
              picked_at = ${now.toISOString()}::timestamptz, pick_reason = ${pick.reason},
              updated_at = now()
            where id = ${input.complaintId}::uuid`
      : sql`update complaints set picked_by = null, picked_at = null, pick_reason = null,
              updated_at = now()
            where id = ${input.complaintId}::uuid`,
  )
  const version = await currentScoringVersion(tx, now)
  const [rescored] = await rescoreLeads(tx, [input.complaintId], { version, now })
  // A lead without an analysis cannot be scored; the complaint still shows the pick.
  const complaint = rescored ?? (await loadPart(tx, input.complaintId))
  await recordAudit(tx, {
    actorId: input.actorId,
    action: pick ? 'complaint.picked' : 'complaint.unpicked',
    subjectType: 'complaint',
    subjectId: input.complaintId,
    before: {
      pick: pickOf(before),
      priority: before.priority,
      scoringVersion: before.scoring_version,
    },
    after: {
      pick: pick ? { by: input.actorId, at: now.toISOString(), reason: pick.reason } : null,
      priority: complaint.priority,
      scoringVersion: complaint.scoringVersion,
    },
    ip: input.ip,
  })
  const pending = await appendComplaintEvents(tx, before.brand_id, [
    { complaint, type: 'complaint.scored' },
  ])
  return { pending }
}

async function loadPart(tx: Tx, complaintId: string): Promise<ComplaintRecord> {
  const [row] = await returningComplaints(
    tx,
    sql`select ${COMPLAINT_PART_COLUMNS} from complaints c where c.id = ${complaintId}::uuid`,
  )
  return row!
}
