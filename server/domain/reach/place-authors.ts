import { sql } from 'drizzle-orm'
import type { AuthorReach } from '../../../shared/scoring/reach.js'
import type { Tx } from '../../db/client.js'
import { queryRows } from '../../db/rows.js'
import { anyOf, unnest } from '../../db/unnest.js'
import { placeOnScale } from './reach-scale.js'
import { REACH_EPSILON, lockReachScales, rawReach, refreshReach } from './refresh-reach.js'

interface AuthorSignals {
  id: string | number
  network: string
  followers: string | number | null
  karma: string | number | null
  verified: boolean | null
  reach: number | null
  engagement: number
  raw: number
}

const num = (v: string | number | null) => (v === null ? null : Number(v))

/**
 * Brings the reach of the authors about to be scored up to date, so that live scoring reads
 * where each stands now: their raw score from their current signals (followers, karma,
 * verified, the median engagement of their posts so far), placed on their network's scale
 * from the last full refresh. Cheap (an index lookup per author, one row per network) however
 * many authors the networks have; the scheduled full refresh then re-ranks everyone exactly.
 * A network without a scale yet is refreshed in full here, once: on a new network that is the
 * few authors just ingested; right after the upgrade that added scales, the whole network
 * (seconds for a million posts, once per network). A reach that moved by more than half a
 * point is stored with a history row, unless another transaction holds the author (it is
 * left for later, never waited for). Returns each author's reach as scoring reads it.
 */
export async function placeAuthors(tx: Tx, authorIds: number[]): Promise<Map<number, AuthorReach>> {
  const ids = [...new Set(authorIds)]
  if (!ids.length) return new Map()
  let authors = await loadSignals(tx, ids)
  const networks = [...new Set(authors.map((a) => a.network))]
  let scales = await loadScales(tx, networks)
  if (networks.some((n) => !scales.has(n))) {
    // Another analysis may be building the same network's scale: wait for it, then look again.
    await lockReachScales(tx)
    scales = await loadScales(tx, networks)
    const unscaled = networks.filter((n) => !scales.has(n))
    if (unscaled.length) {
      await refreshReach(tx, { networks: unscaled })
      scales = await loadScales(tx, networks)
      authors = await loadSignals(tx, ids)
    }
  }

  const placed = new Map<number, AuthorReach>()
  const moved: Array<AuthorSignals & { placed: number }> = []
  for (const a of authors) {
    const scale = scales.get(a.network)
    const now = scale ? placeOnScale(a.raw, scale) : null
    const hasMoved = now !== null && (a.reach === null || Math.abs(a.reach - now) > REACH_EPSILON)
    if (hasMoved) moved.push({ ...a, placed: now })
    // Scores read the reach as stored (and kept in history), as a rescore would read it.
    placed.set(Number(a.id), {
      network: a.network,
      percentile: hasMoved ? now : a.reach,
      karma: num(a.karma),
      verified: a.verified,
    })
  }
  if (moved.length) await storeMoved(tx, moved)
  return placed
}

function loadSignals(tx: Tx, ids: number[]): Promise<AuthorSignals[]> {
  return queryRows<AuthorSignals>(
    tx,
    sql`select au.id, au.network, au.followers, au.karma, au.verified, au.reach,
               coalesce(t.engagement, 0) as engagement, ${rawReach(sql`t.engagement`)} as raw
        from authors au
        left join lateral (
          select percentile_cont(0.5) within group (order by p.likes + 2 * p.shares + p.replies)
                   as engagement
          from posts p where p.author_id = au.id) t on true
        where au.id = ${anyOf(ids, 'bigint')}
        order by au.id`,
  )
}

async function loadScales(tx: Tx, networks: string[]): Promise<Map<string, number[]>> {
  if (!networks.length) return new Map()
  const rows = await queryRows<{ network: string; breakpoints: number[] }>(
    tx,
    sql`select network, breakpoints from reach_scales where network = ${anyOf(networks, 'text')}`,
  )
  return new Map(rows.map((r) => [r.network, r.breakpoints.map(Number)]))
}

/** Stores reach that moved, with its history row; authors held elsewhere are skipped. */
async function storeMoved(tx: Tx, moved: Array<AuthorSignals & { placed: number }>) {
  await tx.execute(
    sql`with v as (
          select * from ${unnest([
            [moved.map((m) => m.id), 'bigint'],
            [moved.map((m) => m.placed), 'float8'],
            [moved.map((m) => m.raw), 'float8'],
            [moved.map((m) => m.engagement), 'float8'],
          ])} as v(id, reach, raw, engagement)),
        locked as (
          select au.id, au.network, au.followers, au.karma, au.verified, v.reach, v.raw,
                 v.engagement
          from authors au join v on v.id = au.id
          order by au.id
          for update of au skip locked),
        history as (
          insert into author_reach (author_id, network, followers, karma, verified,
                                    typical_engagement, raw, reach)
          select id, network, followers, karma, verified, engagement, raw, reach from locked)
        update authors au set reach = l.reach, reach_computed_at = now()
        from locked l where au.id = l.id`,
  )
}
