import { sql } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import { insertHistory } from '../../db/repositories/complaint-history.js'
import {
  COMPLAINT_PART_COLUMNS,
  returningComplaints,
} from '../../db/repositories/complaint-views.js'
import { insertNotifications } from '../../db/repositories/notifications.js'
import { queryRows } from '../../db/rows.js'
import { anyOf } from '../../db/unnest.js'
import { recordAudit } from '../audit/record-audit.js'
import { appendComplaintEvents } from '../events/append-events.js'
import type { TriageOutcome } from './triage-outcome.js'

/** An agent who may be given complaints now, and when they were last given one. */
interface Candidate {
  id: string
  room: number
  lastAssignedAt: number
}

/**
 * Capacity-aware round robin: the queue's complaints, highest priority first, each to the next
 * agent in turn (longest since their last auto-assignment first) who is under their cap.
 * Pure: returns complaint id → agent id.
 */
export function planRoundRobin(
  complaintIds: string[],
  candidates: Candidate[],
): Map<string, string> {
  const turn = [...candidates]
    .filter((c) => c.room > 0)
    .sort((a, b) => a.lastAssignedAt - b.lastAssignedAt || (a.id < b.id ? -1 : 1))
  const plan = new Map<string, string>()
  let i = 0
  for (const complaintId of complaintIds) {
    if (!turn.length) break
    const agent = turn[i % turn.length]!
    plan.set(complaintId, agent.id)
    agent.room--
    if (agent.room === 0) turn.splice(i % turn.length, 1)
    else i++
  }
  return plan
}

/**
 * One pass of a brand's auto-assignment, in one transaction (an advisory lock keeps two worker
 * processes from planning the same brand at once): unassigned new and open complaints that are
 * not snoozed go to agents who are `online` (a console open on the brand) and under the
 * brand's cap of active complaints, with a history row, an audit row, a notification and an
 * event each. Offline agents are skipped; nothing happens when the brand has it off.
 */
export async function autoAssignBrand(
  tx: Tx,
  input: { brandId: string; online: Set<string>; now: Date },
): Promise<Omit<TriageOutcome, 'complaint'>> {
  const none = { events: [], notificationIds: [] }
  const { brandId, now } = input
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`auto-assign:${brandId}`}))`)
  const [brand] = await queryRows<{ auto_assign: boolean; assign_cap: number }>(
    tx,
    sql`select auto_assign, assign_cap from brands where id = ${brandId}::uuid`,
  )
  if (!brand?.auto_assign || !input.online.size) return none
  const agents = await queryRows<{ id: string; open: string | number; last: Date | string | null }>(
    tx,
    sql`select u.id,
          (select count(*) from complaints c where c.brand_id = ${brandId}::uuid
             and c.assignee_id = u.id and c.state in ('new', 'open', 'waiting')) as open,
          t.last_assigned_at as last
        from users u
        left join assignment_turns t on t.brand_id = ${brandId}::uuid and t.user_id = u.id
        where u.is_active and u.role = 'agent' and u.id = ${anyOf([...input.online], 'uuid')}`,
  )
  const candidates = agents.map((a) => ({
    id: a.id,
    room: brand.assign_cap - Number(a.open),
    lastAssignedAt: a.last === null ? 0 : new Date(a.last).getTime(),
  }))
  const room = candidates.reduce((sum, c) => sum + Math.max(0, c.room), 0)
  if (!room) return none
  const queue = await queryRows<{ id: string }>(
    tx,
    sql`select id from complaints c
        where c.brand_id = ${brandId}::uuid and c.state in ('new', 'open')
          and c.assignee_id is null
          and (c.snoozed_until is null or c.snoozed_until <= ${now.toISOString()}::timestamptz)
        order by c.rank_key desc nulls last, c.id limit ${room}
        for update skip locked`,
  )
  const plan = planRoundRobin(
    queue.map((q) => q.id),
    candidates,
  )
  if (!plan.size) return none
  return writePlan(tx, brandId, plan, now)
}

async function writePlan(
  tx: Tx,
  brandId: string,
  plan: Map<string, string>,
  now: Date,
): Promise<Omit<TriageOutcome, 'complaint'>> {
  const pairs = [...plan].sort(([a], [b]) => (a < b ? -1 : 1))
  const assigned = await returningComplaints(
    tx,
    sql`update complaints as c set assignee_id = p.agent, assigned_at = ${now.toISOString()}::timestamptz,
          version = c.version + 1, updated_at = now()
        from (select unnest(${sql.param(pairs.map(([c]) => c))}::uuid[]) as id,
                     unnest(${sql.param(pairs.map(([, a]) => a))}::uuid[]) as agent) p
        where c.id = p.id
        returning ${COMPLAINT_PART_COLUMNS}`,
  )
  await insertHistory(
    tx,
    assigned.map((c) => ({
      complaintId: c.id,
      actorId: null,
      kind: 'assigned' as const,
      from: c.state,
      to: c.state,
      at: now,
      assigneeId: plan.get(c.id)!,
    })),
  )
  for (const c of assigned)
    await recordAudit(tx, {
      actorId: null,
      action: 'complaint.assigned',
      subjectType: 'complaint',
      subjectId: c.id,
      before: { assigneeId: null },
      after: { assigneeId: plan.get(c.id), by: 'auto-assignment' },
    })
  // Each agent's turn is stamped in the order they were served, so the next pass goes on
  // where this one stopped instead of starting again from the same agent.
  const servedAt = new Map<string, number>()
  ;[...plan.values()].forEach((agent, i) => servedAt.set(agent, now.getTime() + i))
  for (const [agent, at] of [...servedAt].sort(([a], [b]) => (a < b ? -1 : 1)))
    await tx.execute(
      sql`insert into assignment_turns (brand_id, user_id, last_assigned_at)
          values (${brandId}::uuid, ${agent}::uuid, ${new Date(at).toISOString()}::timestamptz)
          on conflict (brand_id, user_id) do update set last_assigned_at = excluded.last_assigned_at`,
    )
  const notificationIds = await insertNotifications(
    tx,
    assigned.map((c) => ({
      userId: plan.get(c.id)!,
      kind: 'assigned' as const,
      complaintId: c.id,
      actorId: null,
    })),
  )
  const events = await appendComplaintEvents(
    tx,
    brandId,
    assigned.map((complaint) => ({ complaint, type: 'complaint.updated' as const })),
  )
  return { events, notificationIds }
}
