import { sql } from 'drizzle-orm'
import type { Queryable } from '../../db/client.js'
import { queryRows } from '../../db/rows.js'

/**
 * Recomputes every author's reach, normalised per network: a raw score from the network's
 * signals, log-scaled (followers, karma, the median engagement of the author's posts), then
 * its percentile among the authors seen on the same network, so that 5,000 Hacker News karma
 * and 5,000 X followers are read against their own crowd. A history row is added for each
 * author whose reach changed (by more than half a point); history is never rewritten.
 * Returns how many authors changed.
 */
export async function refreshReach(q: Queryable): Promise<number> {
  const [row] = await queryRows<{ changed: number }>(
    q,
    sql`with typical as (
          select p.author_id,
                 percentile_cont(0.5) within group (order by p.likes + 2 * p.shares + p.replies)
                   as engagement
          from posts p group by p.author_id),
        raw as (
          select au.id, au.source, au.followers, au.karma, coalesce(t.engagement, 0) as engagement,
                 ln(1 + coalesce(au.followers, 0)) + ln(1 + coalesce(au.karma, 0))
                   + 0.5 * ln(1 + coalesce(t.engagement, 0)) as raw
          from authors au left join typical t on t.author_id = au.id),
        ranked as (
          select r.*, case when count(*) over (partition by r.source) = 1 then 0.5
                      else percent_rank() over (partition by r.source order by r.raw) end as reach
          from raw r),
        changed as (
          select r.* from ranked r join authors au on au.id = r.id
          where au.reach is null or abs(au.reach - r.reach) > 0.005),
        history as (
          insert into author_reach (author_id, network, followers, karma, typical_engagement, raw, reach)
          select id, source, followers, karma, engagement, raw, reach from changed),
        updated as (
          update authors au set reach = c.reach, reach_computed_at = now()
          from changed c where au.id = c.id returning 1)
        select count(*)::int as changed from updated`,
  )
  return row?.changed ?? 0
}
