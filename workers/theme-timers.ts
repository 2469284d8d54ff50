import { sql } from 'drizzle-orm'
import type { AppContext } from '../server/context.js'
import type { Tx } from '../server/db/client.js'
import { queryRows } from '../server/db/rows.js'
import {
  insertPostThemes,
  lockThemeProgress,
  readNewComplaintPosts,
  readPlacedPosts,
  readThemeCorpus,
  saveThemeProgress,
} from '../server/db/repositories/theme-pass.js'
import {
  insertTheme,
  listLiveThemes,
  updateTheme,
  type ThemeRecord,
} from '../server/db/repositories/themes.js'
import {
  planAssignments,
  planDiscovery,
  type Assignment,
  type StoredTheme,
} from './pipeline/themes/plan.js'
import { CORPUS_COMPLAINTS, CORPUS_OTHERS, shouldRediscover } from './pipeline/themes/rediscover.js'

/** Posts one transaction reads; a brand behind by more takes up to BATCHES_PER_PASS of them. */
const POSTS_PER_BATCH = 2_000
const BATCHES_PER_PASS = 10

const stored = (t: ThemeRecord): StoredTheme => ({
  id: t.id,
  phrases: t.phrases,
  named: t.namedBy !== null,
})

/**
 * Themes' part of the worker's housekeeping (every OUTBOX_SWEEP_MS): for each brand, its new
 * complaint posts join their themes, and its themes are discovered again when
 * shouldRediscover says so (rediscover.ts). A brand's pass is one transaction under its
 * progress row's lock, so two workers, or an adviser's merge, never interleave with it; the
 * analysis path stays as fast as it was (no theme work in it).
 */
export async function runThemePass(
  ctx: AppContext,
): Promise<{ assigned: number; discovered: number }> {
  const brands = await queryRows<{ id: string }>(ctx.db, sql`select id from brands order by id`)
  const total = { assigned: 0, discovered: 0 }
  for (const { id } of brands) {
    for (let batch = 0; batch < BATCHES_PER_PASS; batch++) {
      const done = await ctx.db.transaction((tx) => passBrand(tx, id))
      total.assigned += done.assigned
      total.discovered += done.discovered
      if (!done.more) break
    }
  }
  return total
}

async function passBrand(tx: Tx, brandId: string) {
  const progress = await lockThemeProgress(tx, brandId)
  const { posts, through, more } = await readNewComplaintPosts(
    tx,
    brandId,
    progress.assignedThrough,
    POSTS_PER_BATCH,
  )
  const themes = await listLiveThemes(tx, brandId)
  const [brand] = await queryRows<{ tracked_terms: string[] }>(
    tx,
    sql`select tracked_terms from brands where id = ${brandId}::uuid`,
  )
  const { assignments, unmatched } = planAssignments(
    posts,
    themes.map(stored),
    brand!.tracked_terms,
  )
  let assigned = await insertPostThemes(tx, brandId, toRows(assignments, []))
  const next = {
    assignedThrough: through,
    seen: progress.seen + posts.length,
    seenAtDiscovery: progress.seenAtDiscovery,
    unmatched: progress.unmatched + unmatched,
    discovered: false,
  }
  if (shouldRediscover(next)) {
    assigned += await discoverAgain(tx, brandId, themes)
    Object.assign(next, { seenAtDiscovery: next.seen, unmatched: 0, discovered: true })
  }
  // A quiet brand's pass writes nothing (it runs every few seconds).
  if (posts.length || through !== progress.assignedThrough || next.discovered)
    await saveThemeProgress(tx, brandId, next)
  return { assigned, discovered: next.discovered ? 1 : 0, more }
}

/** Discovery on the brand's newest posts, reconciled with its themes (plan.ts), written. */
async function discoverAgain(tx: Tx, brandId: string, themes: ThemeRecord[]): Promise<number> {
  const corpus = await readThemeCorpus(tx, brandId, {
    complaints: CORPUS_COMPLAINTS,
    others: CORPUS_OTHERS,
  })
  const placed = await readPlacedPosts(
    tx,
    corpus.complaints.map((p) => p.id),
  )
  const plan = planDiscovery(corpus, themes.map(stored), placed)
  for (const u of plan.updated)
    await updateTheme(tx, u.themeId, { phrases: u.phrases, ...(u.name ? { name: u.name } : {}) })
  const created: string[] = []
  for (const c of plan.created)
    created.push((await insertTheme(tx, { brandId, name: c.name, phrases: c.phrases })).id)
  return insertPostThemes(tx, brandId, toRows(plan.assignments, created))
}

const toRows = (assignments: Assignment[], created: string[]) =>
  assignments.map((a) => ({
    postId: a.postId,
    themeId: 'themeId' in a.theme ? a.theme.themeId : created[a.theme.created]!,
    weight: a.weight,
  }))
