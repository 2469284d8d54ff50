import { sql } from 'drizzle-orm'
import type { ComplaintState, DismissReason } from '../../../shared/triage.js'
import type { HistoryKind } from '../../../shared/schemas/threads.js'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'
import { complaintHistory } from '../schema.js'

/** One step in a complaint's history, as written. */
export interface HistoryInput {
  complaintId: string
  actorId: string | null
  kind: HistoryKind
  from: ComplaintState
  to: ComplaintState
  at: Date
  assigneeId?: string | null
  reason?: DismissReason | null
  note?: string | null
  until?: Date | null
}

/** One step as read back, with the names of the people it involves. */
export interface HistoryRecord {
  id: number
  at: Date
  actor: { id: string; name: string } | null
  kind: HistoryKind
  from: ComplaintState
  to: ComplaintState
  assignee: { id: string; name: string } | null
  reason: DismissReason | null
  note: string | null
  until: Date | null
}

export async function insertHistory(q: Queryable, entries: HistoryInput[]): Promise<void> {
  if (!entries.length) return
  await q.insert(complaintHistory).values(
    entries.map((e) => ({
      complaintId: e.complaintId,
      actorId: e.actorId,
      kind: e.kind,
      fromState: e.from,
      toState: e.to,
      at: e.at,
      assigneeId: e.assigneeId ?? null,
      reason: e.reason ?? null,
      note: e.note ?? null,
      until: e.until ?? null,
    })),
  )
}

/** A complaint's history, oldest first. */
export async function loadHistory(q: Queryable, complaintId: string): Promise<HistoryRecord[]> {
  const rows = await queryRows<{
    id: string | number
    at: Date | string
    actor_id: string | null
    actor_name: string | null
    kind: HistoryKind
    from_state: ComplaintState
    to_state: ComplaintState
    assignee_id: string | null
    assignee_name: string | null
    reason: DismissReason | null
    note: string | null
    until: Date | string | null
  }>(
    q,
    sql`select h.id, h.at, h.actor_id, a.name as actor_name, h.kind, h.from_state, h.to_state,
               h.assignee_id, o.name as assignee_name, h.reason, h.note, h.until
        from complaint_history h
        left join users a on a.id = h.actor_id
        left join users o on o.id = h.assignee_id
        where h.complaint_id = ${complaintId}::uuid
        order by h.id`,
  )
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(r.at),
    actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? 'Former user' } : null,
    kind: r.kind,
    from: r.from_state,
    to: r.to_state,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? 'Former user' } : null,
    reason: r.reason,
    note: r.note,
    until: r.until === null ? null : new Date(r.until),
  }))
}
