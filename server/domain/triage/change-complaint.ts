import { sql } from 'drizzle-orm'
import { can, type Role } from '../../../shared/roles.js'
import { checkSnoozeUntil } from '../../../shared/schemas/triage.js'
import {
  isActive,
  nextState,
  transitionsFrom,
  type ComplaintState,
  type DismissReason,
  type TransitionName,
} from '../../../shared/triage.js'
import type { AppContext } from '../../context.js'
import type { Tx } from '../../db/client.js'
import { insertHistory, type HistoryInput } from '../../db/repositories/complaint-history.js'
import {
  COMPLAINT_PART_COLUMNS,
  loadComplaintViews,
  returningComplaints,
} from '../../db/repositories/complaint-views.js'
import { insertNotifications } from '../../db/repositories/notifications.js'
import { queryRows } from '../../db/rows.js'
import { AppError } from '../../lib/app-error.js'
import { recordAudit } from '../audit/record-audit.js'
import { appendComplaintEvents } from '../events/append-events.js'
import { retryOnDeadlock } from '../../db/retry-on-deadlock.js'
import { checkAssignee } from './triagers.js'
import type { TriageOutcome } from './triage-outcome.js'

/** One change a person asks for: a transition of the table, a snooze, or an owner. */
export type TriageChange =
  | { kind: 'transition'; transition: TransitionName; reason?: DismissReason; note?: string }
  | { kind: 'snooze'; until: string | null }
  | { kind: 'assign'; assigneeId: string | null }

export interface TriageRequest {
  complaintId: string
  /** The complaint's version the person saw. */
  version: number
  change: TriageChange
  /** When given, a complaint of another brand is not found (bulk changes name their brand). */
  brandId?: string
  /** Null for Firebreak itself (a promise gone overdue raising its thread). */
  actorId: string | null
  role: Role
  ip: string | null
}

/** The columns a change reads and locks. */
interface TriageRow {
  brand_id: string
  state: ComplaintState
  version: number
  assignee_id: string | null
  snoozed_until: Date | string | null
}

/**
 * Applies one triage change in one transaction with its history row, audit row, notification
 * and event; returns the complaint as it stands and what to push after commit. A change made
 * against a stale version is refused with 409 and the complaint's current view (as the
 * person's role may see it); a change that changes nothing is not one (no new version).
 */
export async function changeComplaint(
  ctx: AppContext,
  request: TriageRequest,
): Promise<TriageOutcome> {
  const now = new Date()
  const outcome = await retryOnDeadlock(() =>
    ctx.db.transaction((tx) => applyChange(tx, request, now)),
  )
  if (outcome) return outcome
  const [current] = await loadComplaintViews(ctx.db, [request.complaintId])
  if (!current) throw new AppError('not_found', 'Complaint not found')
  return { complaint: current, events: [], notificationIds: [] }
}

/**
 * The same change inside a caller's transaction (for changes Firebreak makes as part of a
 * larger one, such as raising a thread whose promise is overdue); null when it changes nothing.
 */
export async function applyChange(
  tx: Tx,
  request: TriageRequest,
  now: Date,
): Promise<TriageOutcome | null> {
  // The row lock serialises triage changes, and new posts of the thread, on this complaint.
  const [row] = await queryRows<TriageRow>(
    tx,
    sql`select brand_id, state, version, assignee_id, snoozed_until from complaints
        where id = ${request.complaintId}::uuid for update`,
  )
  if (!row || (request.brandId && row.brand_id !== request.brandId))
    throw new AppError('not_found', 'Complaint not found')
  if (row.version !== request.version) await refuseStale(tx, request, row)

  const plan = await planChange(tx, request, row, now)
  if (!plan) return null
  const [part] = await returningComplaints(
    tx,
    sql`update complaints as c set ${plan.set}, version = c.version + 1, updated_at = now()
        where c.id = ${request.complaintId}::uuid
        returning ${COMPLAINT_PART_COLUMNS}`,
  )
  await insertHistory(tx, [{ ...plan.history, complaintId: request.complaintId, at: now }])
  await recordAudit(tx, {
    actorId: request.actorId,
    action: plan.audit,
    subjectType: 'complaint',
    subjectId: request.complaintId,
    before: plan.before,
    after: plan.after,
    ip: request.ip,
  })
  const notificationIds = await insertNotifications(tx, plan.notify)
  const events = await appendComplaintEvents(tx, row.brand_id, [
    { complaint: part!, type: 'complaint.updated' },
  ])
  return { complaint: events[0]!.complaint, events, notificationIds }
}

/**
 * 409 with the complaint as it stands (a record, for the edge to present): someone else changed
 * it since the person looked.
 */
async function refuseStale(tx: Tx, request: TriageRequest, row: TriageRow): Promise<never> {
  const [current] = await loadComplaintViews(tx, [request.complaintId])
  throw new AppError(
    'conflict',
    `Someone changed this complaint first (version ${row.version}, you had ${request.version}); ` +
      `it is ${row.state} now`,
    undefined,
    { current },
  )
}

interface Plan {
  set: ReturnType<typeof sql>
  history: Omit<HistoryInput, 'complaintId' | 'at'>
  audit: 'complaint.state_changed' | 'complaint.assigned' | 'complaint.snoozed'
  before: unknown
  after: unknown
  notify: Array<{
    userId: string
    kind: 'assigned'
    complaintId: string
    actorId: string | null
  }>
}

async function planChange(
  tx: Tx,
  request: TriageRequest,
  row: TriageRow,
  now: Date,
): Promise<Plan | null> {
  const { change, actorId } = request
  const base = { actorId, from: row.state, to: row.state }
  switch (change.kind) {
    case 'transition': {
      const to = nextState(row.state, change.transition)
      if (!to) {
        const allowed = transitionsFrom(row.state)
        throw new AppError(
          'invalid_request',
          `Cannot ${change.transition} a complaint that is ${row.state}; from ${row.state} it may ` +
            (allowed.length ? allowed.join(', ') : 'not move'),
        )
      }
      const dismissal = to === 'dismissed'
      const reason = dismissal ? (change.reason ?? null) : null
      const note = dismissal ? (change.note ?? null) : null
      return {
        set: sql`state = ${to}, state_changed_at = ${now.toISOString()}::timestamptz,
                 dismiss_reason = ${reason}, dismiss_note = ${note},
                 resolved_at = ${to === 'resolved' ? now.toISOString() : null}::timestamptz
                 ${isActive(to) ? sql`` : sql`, snoozed_until = null`}`,
        history: { ...base, kind: 'state', to, reason, note },
        audit: 'complaint.state_changed',
        before: { state: row.state },
        after: { state: to, transition: change.transition, reason, note },
        notify: [],
      }
    }
    case 'snooze': {
      if (change.until !== null) {
        if (!isActive(row.state))
          throw new AppError('invalid_request', `A ${row.state} complaint cannot be snoozed`)
        assertSnoozeUntil(change.until, now)
      }
      const before = row.snoozed_until === null ? null : new Date(row.snoozed_until).toISOString()
      const until = change.until === null ? null : new Date(change.until).toISOString()
      if (before === until) return null
      return {
        set: sql`snoozed_until = ${until}::timestamptz`,
        history: {
          ...base,
          kind: until ? 'snoozed' : 'unsnoozed',
          until: until ? new Date(until) : null,
        },
        audit: 'complaint.snoozed',
        before: { snoozedUntil: before },
        after: { snoozedUntil: until },
        notify: [],
      }
    }
    case 'assign': {
      const { assigneeId } = change
      checkMayAssign(request, row, assigneeId)
      if (assigneeId === row.assignee_id) return null
      if (assigneeId) await checkAssignee(tx, assigneeId)
      return {
        set: sql`assignee_id = ${assigneeId}::uuid,
                 assigned_at = ${assigneeId ? now.toISOString() : null}::timestamptz`,
        history: { ...base, kind: 'assigned', assigneeId },
        audit: 'complaint.assigned',
        before: { assigneeId: row.assignee_id },
        after: { assigneeId },
        notify: assigneeId
          ? [{ userId: assigneeId, kind: 'assigned', complaintId: request.complaintId, actorId }]
          : [],
      }
    }
  }
}

/** Refuses a snooze time that is past or too far (400 naming `until`), for one or a bulk. */
export function assertSnoozeUntil(until: string, now: Date): void {
  const problem = checkSnoozeUntil(until, now.getTime())
  if (problem)
    throw new AppError('invalid_request', `until: ${problem}`, [
      { path: 'until', message: problem },
    ])
}

/**
 * Advisers and admins give a complaint to anyone who can triage, or to nobody; an agent takes
 * an unassigned complaint or releases their own, and nothing else.
 */
function checkMayAssign(request: TriageRequest, row: TriageRow, assigneeId: string | null): void {
  if (can(request.role, 'thread.assign')) return
  const takes = assigneeId === request.actorId && row.assignee_id === null
  const releases = assigneeId === null && row.assignee_id === request.actorId
  const keeps = assigneeId === row.assignee_id && assigneeId === request.actorId
  if (takes || releases || keeps) return
  throw new AppError(
    'forbidden',
    row.assignee_id && row.assignee_id !== request.actorId
      ? `This complaint is someone else's; only advisers and admins reassign (your role is ${request.role})`
      : `Agents take unassigned complaints or release their own; only advisers and admins assign others (your role is ${request.role})`,
  )
}
