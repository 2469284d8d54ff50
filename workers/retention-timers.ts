import type { AppContext } from '../server/context.js'
import {
  expireRawPosts,
  expireRollups,
  retentionOfBrands,
} from '../server/db/repositories/retention.js'
import { clockNow } from '../server/lib/clock.js'

/** Posts deleted per brand per transaction: short transactions, little lock time. */
export const RETENTION_BATCH = 2000
/** How often the housekeeping runs the sweep while it has nothing left to do. */
export const RETENTION_EVERY_MS = 10 * 60_000

/**
 * Retention's part of the worker's housekeeping: each brand's raw posts past its post retention
 * are deleted, one batch per brand per run, the rollups keeping their counts; rollups past the
 * rollup retention are dropped. `backlog`: some brand has more to delete (run again soon).
 */
export async function runRetention(
  ctx: AppContext,
  at?: Date,
): Promise<{ posts: number; rollups: number; backlog: boolean }> {
  const now = at ?? (await clockNow(ctx))
  let posts = 0
  let rollups = 0
  let backlog = false
  for (const brand of await retentionOfBrands(ctx.db)) {
    const days = brand.post_retention_days
    if (days !== null) {
      const deleted = await ctx.db.transaction((tx) =>
        expireRawPosts(tx, { brandId: brand.id, now, days, limit: RETENTION_BATCH }),
      )
      posts += deleted
      backlog ||= deleted === RETENTION_BATCH
    }
    rollups += await expireRollups(ctx.db, {
      brandId: brand.id,
      now,
      days: brand.rollup_retention_days,
    })
  }
  return { posts, rollups, backlog }
}
