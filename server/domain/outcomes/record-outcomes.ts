import { sql } from 'drizzle-orm'
import { outcomeOf } from '../../../shared/sla.js'
import type { Tx } from '../../db/client.js'
import {
  COMPLAINT_PART_COLUMNS,
  returningComplaints,
  type ComplaintRecord,
} from '../../db/repositories/complaint-views.js'
import { queryRows } from '../../db/rows.js'
import { anyOf, unnest } from '../../db/unnest.js'

/**
 * The author spoke again after an answer: for each complaint whose thread gained one of
 * `postIds` by its author (the lead's, or the thread's first post's, by network identity, as
 * reopenByAuthors reads it) posted after its latest sent reply, the outcome of that reply is decided from the
 * analyzer's sentiment of the author's posts in the thread: the mean up to the reply against
 * the mean after it (shared/sla.ts outcomeOf, which says the thresholds). A later follow-up
 * decides it again with every post after the reply. The follow-up also starts the clock of
 * the next answer owed (SLA), unless it runs already. Runs in the analysis transaction after
 * the analyses are written (the threads locked); returns the complaints it changed.
 */
export async function recordOutcomes(
  tx: Tx,
  postIds: number[],
  now: Date,
): Promise<ComplaintRecord[]> {
  if (!postIds.length) return []
  const rows = await queryRows<{
    id: string
    before: number | null
    after: number | null
  }>(
    tx,
    sql`with hits as (
          select distinct c.id, c.brand_id, c.network, c.thread_key, r.sent_at,
            la.external_id as lead_author,
            (select ra.external_id from posts p0 join authors ra on ra.id = p0.author_id
             where p0.brand_id = c.brand_id and p0.network = c.network
               and p0.thread_key = c.thread_key
             order by p0.posted_at, p0.id limit 1) as root_author
          from posts np
          join complaints c on c.brand_id = np.brand_id and c.network = np.network
            and c.thread_key = np.thread_key
          join posts lp on lp.id = c.lead_post_id
          join authors la on la.id = lp.author_id
          join authors na on na.id = np.author_id
          join lateral (
            select max(r.sent_at) as sent_at from replies r
            where r.complaint_id = c.id and r.state = 'sent'
          ) r on r.sent_at is not null
          where np.id = ${anyOf(postIds, 'bigint')} and np.deleted_at is null
            and np.posted_at > r.sent_at
            and (na.external_id = la.external_id or na.external_id = (
              select ra.external_id from posts p0 join authors ra on ra.id = p0.author_id
              where p0.brand_id = c.brand_id and p0.network = c.network
                and p0.thread_key = c.thread_key
              order by p0.posted_at, p0.id limit 1))
        )
        select h.id,
          avg(an.sentiment) filter (where p.posted_at <= h.sent_at) as before,
          avg(an.sentiment) filter (where p.posted_at > h.sent_at) as after
        from hits h
        join posts p on p.brand_id = h.brand_id and p.network = h.network
          and p.thread_key = h.thread_key and p.deleted_at is null
        join authors pa on pa.id = p.author_id
          and (pa.external_id = h.lead_author or pa.external_id = h.root_author)
        join lateral (
          select a.sentiment from analyses a where a.post_id = p.id
          order by a.created_at desc limit 1
        ) an on true
        group by h.id
        order by h.id`,
  )
  // Without a reading on both sides there is nothing to compare (the author's only posts are
  // after the reply, or not analysed): no outcome rather than a made-up one.
  const decided = rows.flatMap((r) =>
    r.before === null || r.after === null
      ? []
      : [{ id: r.id, before: Number(r.before), after: Number(r.after) }],
  )
  if (!decided.length) return []
  return returningComplaints(
    tx,
    sql`update complaints as c
        set outcome = d.outcome, outcome_before = d.before, outcome_after = d.after,
            outcome_at = ${now.toISOString()}::timestamptz,
            next_response_from = coalesce(c.next_response_from, ${now.toISOString()}::timestamptz),
            updated_at = now()
        from ${unnest([
          [decided.map((d) => d.id), 'uuid'],
          [decided.map((d) => outcomeOf(d.before, d.after)), 'text'],
          [decided.map((d) => d.before), 'real'],
          [decided.map((d) => d.after), 'real'],
        ])} as d(id, outcome, before, after)
        where c.id = d.id
        returning ${COMPLAINT_PART_COLUMNS}`,
  )
}
