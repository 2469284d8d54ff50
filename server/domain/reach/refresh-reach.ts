import { sql, type SQL } from 'drizzle-orm'
import type { Queryable } from '../../db/client.js'
import { queryRows } from '../../db/rows.js'
import { anyOf } from '../../db/unnest.js'
import { SCALE_FRACTIONS, SCALE_POINTS } from './reach-scale.js'

/**
 * An author `au`'s raw reach from their network's signals, log-scaled: followers, karma, half
 * the log of `engagement` (the median engagement of their posts), and ln 2 when the network
 * verifies the account (as much as doubling the followers would add): a modest bonus that can
 * only raise reach. The same expression for a full refresh and for authors scored in between,
 * so that an author placed on their network's scale lands exactly where the refresh put them.
 */
export const rawReach = (engagement: SQL): SQL =>
  sql`(ln(1 + coalesce(au.followers, 0)) + ln(1 + coalesce(au.karma, 0))
    + 0.5 * ln(1 + coalesce(${engagement}, 0)) + case when au.verified then ln(2) else 0 end)`

/** Taken by every refresh that rebuilds scales, so that two never rebuild one network at once. */
const REACH_LOCK = 0x52656163 // 'Reac'

/** A history row is added, and the stored reach moved, only when reach changes more than this. */
export const REACH_EPSILON = 0.005

/**
 * Recomputes reach, normalised per network, for every author (or those of `networks`): the
 * raw score (rawReach), then its percentile among the authors seen on the same network, so
 * that 5,000 Hacker News karma and 5,000 X followers are read against their own crowd. Each
 * network's scale (reach_scales) is stored for authors scored before the next refresh. A history
 * row is added for each author whose reach changed (by more than half a point); history is never
 * rewritten. An author another transaction holds (an ingest updating their followers) is left
 * for the next refresh rather than waited for, so a refresh never deadlocks with ingest.
 * Returns how many authors changed.
 */
export async function refreshReach(
  q: Queryable,
  options: { networks?: string[] } = {},
): Promise<number> {
  const { networks } = options
  if (networks && !networks.length) return 0
  const postsOf: SQL = networks ? sql`where p.network = ${anyOf(networks, 'text')}` : sql``
  const authorsOf: SQL = networks ? sql`where au.network = ${anyOf(networks, 'text')}` : sql``
  return q.transaction(async (tx) => {
    await lockReachScales(tx)
    const [row] = await queryRows<{ changed: number }>(
      tx,
      sql`with typical as (
            select p.author_id,
                   percentile_cont(0.5) within group (order by p.likes + 2 * p.shares + p.replies)
                     as engagement
            from posts p ${postsOf} group by p.author_id),
          raw as (
            select au.id, au.network, au.followers, au.karma, au.verified,
                   coalesce(t.engagement, 0) as engagement, ${rawReach(sql`t.engagement`)} as raw
            from authors au
            left join typical t on t.author_id = au.id
            ${authorsOf}),
          ranked as (
            select r.*, case when count(*) over (partition by r.network) = 1 then 0.5
                        else percent_rank() over (partition by r.network order by r.raw) end as reach
            from raw r),
          scales as (
            insert into reach_scales as s (network, authors, breakpoints, computed_at)
            select r.network, count(*)::int,
                   case when count(*) <= ${SCALE_POINTS} then array_agg(r.raw order by r.raw)
                        else percentile_disc(${sql.param(SCALE_FRACTIONS)}::float8[])
                               within group (order by r.raw) end,
                   now()
            from raw r group by r.network
            on conflict (network) do update set authors = excluded.authors,
              breakpoints = excluded.breakpoints, computed_at = excluded.computed_at),
          changed as (
            select r.* from ranked r join authors au on au.id = r.id
            where au.reach is null or abs(au.reach - r.reach) > ${REACH_EPSILON}
            for update of au skip locked),
          history as (
            insert into author_reach (author_id, network, followers, karma, verified,
                                      typical_engagement, raw, reach)
            select id, network, followers, karma, verified, engagement, raw, reach
            from changed),
          updated as (
            update authors au set reach = c.reach, reach_computed_at = now()
            from changed c where au.id = c.id returning 1)
          select count(*)::int as changed from updated`,
    )
    return row?.changed ?? 0
  })
}

/** Waits for any refresh rebuilding scales (inside a transaction: held until it ends). */
export async function lockReachScales(tx: Queryable): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${REACH_LOCK})`)
}
