import { sql } from 'drizzle-orm'
import type { ComplaintState } from '../../../shared/triage.js'
import type { Tx } from '../../db/client.js'
import { insertHistory } from '../../db/repositories/complaint-history.js'
import {
  COMPLAINT_PART_COLUMNS,
  returningComplaints,
  type ComplaintRecord,
} from '../../db/repositories/complaint-views.js'
import { insertNotifications } from '../../db/repositories/notifications.js'
import { queryRows } from '../../db/rows.js'
import { anyOf } from '../../db/unnest.js'
import { recordAudit } from '../audit/record-audit.js'

/**
 * The author is a network identity (the thread's network and the account's external id), not
 * an `authors` row: each source keeps its own row of an account (namespaces, migration 0009),
 * so the author's follow-up through the webhook is theirs even when the complaint came by import.
 *
 * The author spoke again: complaints in a waiting, resolved or dismissed state whose thread
 * gained one of `postIds` by the complaint's author (the lead's, or the thread's first post's)
 * posted after the last state change go back to `open`, with a history row, an audit row and a
 * notification for their owner. Runs in the analysis transaction, the threads locked.
 */
export async function reopenByAuthors(
  tx: Tx,
  postIds: number[],
  now: Date,
): Promise<{ reopened: ComplaintRecord[]; notificationIds: number[] }> {
  if (!postIds.length) return { reopened: [], notificationIds: [] }
  const hits = await queryRows<{ id: string; state: ComplaintState; assignee_id: string | null }>(
    tx,
    sql`select distinct c.id, c.state, c.assignee_id
        from posts np
        join complaints c on c.brand_id = np.brand_id and c.network = np.network
          and c.thread_key = np.thread_key
        join posts lp on lp.id = c.lead_post_id
        join authors na on na.id = np.author_id
        join authors la on la.id = lp.author_id
        where np.id = ${anyOf(postIds, 'bigint')} and np.deleted_at is null
          and c.state in ('waiting', 'resolved', 'dismissed')
          and np.posted_at > coalesce(c.state_changed_at, c.first_seen_at)
          and (na.external_id = la.external_id or na.external_id = (
            select ra.external_id from posts p0 join authors ra on ra.id = p0.author_id
            where p0.brand_id = c.brand_id and p0.network = c.network
              and p0.thread_key = c.thread_key
            order by p0.posted_at, p0.id limit 1))
        order by c.id`,
  )
  if (!hits.length) return { reopened: [], notificationIds: [] }
  const ids = hits.map((h) => h.id)
  const reopened = await returningComplaints(
    tx,
    sql`update complaints as c set state = 'open', state_changed_at = ${now.toISOString()}::timestamptz,
          dismiss_reason = null, dismiss_note = null, snoozed_until = null, resolved_at = null,
          version = c.version + 1, updated_at = now()
        where c.id = ${anyOf(ids, 'uuid')}
        returning ${COMPLAINT_PART_COLUMNS}`,
  )
  const entries = hits.map((h) => ({
    complaintId: h.id,
    actorId: null,
    kind: 'reopened_by_author' as const,
    from: h.state,
    to: 'open' as const,
    at: now,
  }))
  await insertHistory(tx, entries)
  for (const h of hits) {
    await recordAudit(tx, {
      actorId: null,
      action: 'complaint.reopened_by_author',
      subjectType: 'complaint',
      subjectId: h.id,
      before: { state: h.state },
      after: { state: 'open' },
    })
  }
  const notificationIds = await insertNotifications(
    tx,
    hits.flatMap((h) =>
      h.assignee_id
        ? [{ userId: h.assignee_id, kind: 'reopened' as const, complaintId: h.id, actorId: null }]
        : [],
    ),
  )
  return { reopened, notificationIds }
}
