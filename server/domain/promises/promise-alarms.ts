import { sql } from 'drizzle-orm'
import { REMIND_BEFORE_MS } from '../../../shared/promises.js'
import type { ComplaintState, TransitionName } from '../../../shared/triage.js'
import type { AppContext } from '../../context.js'
import type { Tx } from '../../db/client.js'
import { insertNotifications } from '../../db/repositories/notifications.js'
import { queryRows } from '../../db/rows.js'
import { recordAudit } from '../audit/record-audit.js'
import { appendComplaintEvent, type PendingEvent } from '../events/append-events.js'
import { applyChange } from '../triage/change-complaint.js'

/** What an alarm pass did, for pushing once it committed. */
export interface AlarmOutcome {
  promiseIds: string[]
  events: PendingEvent[]
  notificationIds: number[]
}

/** Most reminders written in one pass; the next pass takes the rest. */
const REMIND_BATCH = 500
/** Most overdue promises raised in one pass (one transaction each). */
const OVERDUE_BATCH = 100

/**
 * Owners of open promises due within REMIND_BEFORE_MS of `now` are reminded, once: the stamp
 * and the notification commit together, and rows another pass holds are skipped.
 */
export async function remindDuePromises(ctx: AppContext, now: Date): Promise<AlarmOutcome> {
  return ctx.db.transaction(async (tx) => {
    const rows = await queryRows<{ id: string; owner_id: string; complaint_id: string }>(
      tx,
      sql`update promises set reminded_at = ${now.toISOString()}::timestamptz, updated_at = now()
          where id in (
            select id from promises
            where state = 'open' and reminded_at is null and overdue_at is null
              and due_at > ${now.toISOString()}::timestamptz
              and due_at <= ${new Date(now.getTime() + REMIND_BEFORE_MS).toISOString()}::timestamptz
            order by due_at, id limit ${REMIND_BATCH} for update skip locked)
          returning id, owner_id, complaint_id`,
    )
    for (const r of rows)
      await recordAudit(tx, {
        actorId: null,
        action: 'promise.reminded',
        subjectType: 'promise',
        subjectId: r.id,
        after: { ownerId: r.owner_id },
      })
    const notificationIds = await insertNotifications(
      tx,
      rows.map((r) => ({
        userId: r.owner_id,
        kind: 'promise_due' as const,
        complaintId: r.complaint_id,
        actorId: null,
      })),
    )
    return { promiseIds: rows.map((r) => r.id), events: [], notificationIds }
  })
}

/**
 * Open promises past due at `now` become overdue, each once and in its own transaction: the
 * stamp, an audit row, a notification to every adviser and to the owner, and the thread
 * raised through the triage table (a waiting or resolved thread reopens, a snoozed one wakes),
 * so the team sees it again at once; every view of the thread carries the overdue mark.
 */
export async function raiseOverduePromises(ctx: AppContext, now: Date): Promise<AlarmOutcome> {
  const outcome: AlarmOutcome = { promiseIds: [], events: [], notificationIds: [] }
  for (let i = 0; i < OVERDUE_BATCH; i++) {
    const one = await ctx.db.transaction((tx) => raiseOne(tx, now))
    if (!one) break
    outcome.promiseIds.push(one.promiseId)
    outcome.events.push(...one.events)
    outcome.notificationIds.push(...one.notificationIds)
  }
  return outcome
}

/** Which transition of the table raises a thread in each state (none: it is in the queue). */
const RAISE: Partial<Record<ComplaintState, TransitionName>> = {
  waiting: 'open',
  resolved: 'reopen',
}

async function raiseOne(tx: Tx, now: Date) {
  const at = now.toISOString()
  const [promise] = await queryRows<{ id: string; complaint_id: string; owner_id: string }>(
    tx,
    sql`select id, complaint_id, owner_id from promises
        where state = 'open' and overdue_at is null and due_at <= ${at}::timestamptz
        order by due_at, id limit 1 for update skip locked`,
  )
  if (!promise) return null
  await tx.execute(
    sql`update promises set overdue_at = ${at}::timestamptz, updated_at = now()
        where id = ${promise.id}::uuid`,
  )
  await recordAudit(tx, {
    actorId: null,
    action: 'promise.overdue',
    subjectType: 'promise',
    subjectId: promise.id,
    after: { overdueAt: at },
  })
  const advisers = await queryRows<{ id: string }>(
    tx,
    sql`select id from users where is_active and role = 'adviser' order by id`,
  )
  const people = [...new Set([promise.owner_id, ...advisers.map((a) => a.id)])]
  const notificationIds = await insertNotifications(
    tx,
    people.map((userId) => ({
      userId,
      kind: 'promise_overdue' as const,
      complaintId: promise.complaint_id,
      actorId: null,
    })),
  )
  const raised = await raiseThread(tx, promise.complaint_id, now)
  return {
    promiseId: promise.id,
    events: raised.events,
    notificationIds: [...notificationIds, ...raised.notificationIds],
  }
}

/** Reopens or wakes the thread by the triage table's own transitions, as Firebreak (no actor). */
async function raiseThread(tx: Tx, complaintId: string, now: Date) {
  const events: PendingEvent[] = []
  const notificationIds: number[] = []
  const changes = async () => {
    const [c] = await queryRows<{
      state: ComplaintState
      version: number
      snoozed_until: Date | string | null
    }>(
      tx,
      sql`select state, version, snoozed_until from complaints where id = ${complaintId}::uuid
          for update`,
    )
    return c
  }
  const apply = async (
    version: number,
    change: Parameters<typeof applyChange>[1]['change'],
  ): Promise<void> => {
    const done = await applyChange(
      tx,
      // The role only matters to assignment, which Firebreak never does here.
      { complaintId, version, change, actorId: null, role: 'adviser', ip: null },
      now,
    )
    if (!done) return
    events.push(...done.events)
    notificationIds.push(...done.notificationIds)
  }
  let c = await changes()
  const transition = c && RAISE[c.state]
  if (c && transition) {
    await apply(c.version, { kind: 'transition', transition })
    c = await changes()
  }
  if (c?.snoozed_until && new Date(c.snoozed_until).getTime() > now.getTime())
    await apply(c.version, { kind: 'snooze', until: null })
  // Already in the queue: its view still changes (the overdue mark), and the consoles see it.
  if (c && !events.length)
    events.push(...(await appendComplaintEvent(tx, complaintId, 'complaint.updated')))
  return { events, notificationIds }
}
