import { sql } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import { unnest } from '../../db/unnest.js'

/** The best score of a thread in one rescore batch. */
export interface RescoredLead {
  brandId: string
  source: string
  threadKey: string
  postId: number
  version: string
  priority: number
  base: number
  rate: number
  waitingSince: Date
  rankKey: number
}

/**
 * Moves complaints to a version's scores: a complaint still under an older version takes the
 * new lead; one already under this version keeps whichever lead ranks higher. A complaint
 * under a newer version than `versionNumber` is left alone. Score rows are not touched here.
 */
export async function applyRescoredLeads(
  tx: Tx,
  versionNumber: number,
  leads: RescoredLead[],
): Promise<void> {
  if (!leads.length) return
  await tx.execute(
    sql`update complaints as c set
          lead_post_id = v.post_id, priority = v.priority, scoring_version = v.version,
          base_priority = v.base, waiting_rate = v.rate, waiting_since = v.since,
          rank_key = v.rank_key, updated_at = now()
        from ${unnest([
          [leads.map((l) => l.brandId), 'uuid'],
          [leads.map((l) => l.source), 'text'],
          [leads.map((l) => l.threadKey), 'text'],
          [leads.map((l) => l.postId), 'bigint'],
          [leads.map((l) => l.version), 'text'],
          [leads.map((l) => l.priority), 'real'],
          [leads.map((l) => l.base), 'real'],
          [leads.map((l) => l.rate), 'real'],
          [leads.map((l) => l.waitingSince.toISOString()), 'timestamptz'],
          [leads.map((l) => l.rankKey), 'float8'],
        ])} as v(brand_id, source, thread_key, post_id, version, priority, base, rate, since,
                 rank_key)
        where c.brand_id = v.brand_id and c.source = v.source and c.thread_key = v.thread_key
          and (c.scoring_version = v.version and v.rank_key > c.rank_key
            or c.scoring_version <> v.version and coalesce(
              (select sv.number from scoring_versions sv where sv.key = c.scoring_version), 0)
              < ${versionNumber})`,
  )
}
