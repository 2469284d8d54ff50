import { sql } from 'drizzle-orm'
import {
  effectiveTargets,
  PRIORITY_BAND_MIN,
  PRIORITY_BANDS,
  type PriorityBand,
  type SlaKind,
} from '../../../shared/sla.js'
import type { Tx } from '../../db/client.js'
import { insertNotifications } from '../../db/repositories/notifications.js'
import { queryRows } from '../../db/rows.js'

/** A response target missed, as recorded. */
export interface BreachRecord {
  complaintId: string
  kind: SlaKind
  band: PriorityBand
  dueAt: Date
  assigneeId: string | null
}

/** The band of `c.base_priority` in SQL, from the same cut-offs as shared/sla.ts. */
const BAND_SQL = sql.raw(
  'case ' +
    PRIORITY_BANDS.filter((band) => Number.isFinite(PRIORITY_BAND_MIN[band]))
      .map((band) => `when c.base_priority >= ${PRIORITY_BAND_MIN[band]} then '${band}'`)
      .join(' ') +
    ` else 'low' end`,
)

/**
 * One brand's complaints whose owed answer (shared/sla.ts owedResponse: new or open, the first
 * answer from arrival or the next from the author's follow-up) is past its target at `now`
 * become `sla_breaches` rows, each once (its key is the complaint, the kind of answer and when
 * its clock started, and a row already there is left alone), and each new one notifies the
 * complaint's owner and every active adviser. Returns the new breaches and notification ids.
 */
export async function detectBreaches(
  tx: Tx,
  input: { brandId: string; slaTargets: unknown; now: Date },
): Promise<{ breaches: BreachRecord[]; notificationIds: number[] }> {
  const targets = JSON.stringify(effectiveTargets(input.slaTargets))
  const now = input.now.toISOString()
  const rows = await queryRows<{
    complaint_id: string
    kind: SlaKind
    band: PriorityBand
    due_at: Date | string
    assignee_id: string | null
  }>(
    tx,
    sql`with owed as (
          select c.id, c.assignee_id,
            case when c.first_response_at is null then 'first' else 'next' end as kind,
            case when c.first_response_at is null then c.first_seen_at
                 else c.next_response_from end as clock_from,
            ${BAND_SQL} as band
          from complaints c
          where c.brand_id = ${input.brandId}::uuid and c.state in ('new', 'open')
            and (c.first_response_at is null or c.next_response_from is not null)
        ), timed as (
          select o.*, (${targets}::jsonb -> o.band ->> (o.kind || 'Minutes'))::int as minutes
          from owed o
        ), added as (
          insert into sla_breaches (complaint_id, kind, clock_from, band, target_minutes, due_at,
                                    detected_at)
          select t.id, t.kind, t.clock_from, t.band, t.minutes,
                 t.clock_from + t.minutes * interval '1 minute', ${now}::timestamptz
          from timed t
          where t.clock_from + t.minutes * interval '1 minute' <= ${now}::timestamptz
          order by t.id
          on conflict do nothing
          returning complaint_id, kind, band, due_at
        )
        select a.complaint_id, a.kind, a.band, a.due_at, c.assignee_id
        from added a join complaints c on c.id = a.complaint_id
        order by a.complaint_id`,
  )
  if (!rows.length) return { breaches: [], notificationIds: [] }
  const advisers = await queryRows<{ id: string }>(
    tx,
    sql`select id from users where role = 'adviser' and is_active order by id`,
  )
  const notificationIds = await insertNotifications(
    tx,
    rows.flatMap((r) =>
      [...new Set([...(r.assignee_id ? [r.assignee_id] : []), ...advisers.map((a) => a.id)])].map(
        (userId) => ({
          userId,
          kind: 'sla_breached' as const,
          complaintId: r.complaint_id,
          actorId: null,
        }),
      ),
    ),
  )
  return {
    breaches: rows.map((r) => ({
      complaintId: r.complaint_id,
      kind: r.kind,
      band: r.band,
      dueAt: new Date(r.due_at),
      assigneeId: r.assignee_id,
    })),
    notificationIds,
  }
}
