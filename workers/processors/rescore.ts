import { eq, sql } from 'drizzle-orm'
import { UnrecoverableError } from 'bullmq'
import type { JobData } from '../../shared/schemas/jobs.js'
import type { AppContext } from '../../server/context.js'
import { scorePost } from '../../shared/scoring/score.js'
import { scoreInput } from '../../shared/scoring/score-input.js'
import { moveToVersion, type ThreadLead } from '../../server/db/repositories/complaint-leads.js'
import {
  countComplaintPosts,
  loadComplaintPostsAfter,
} from '../../server/db/repositories/scoring-facts.js'
import { insertScores, toScoreRecord } from '../../server/db/repositories/scores.js'
import { getScoringVersion } from '../../server/db/repositories/scoring-versions.js'
import { scoringVersions } from '../../server/db/schema.js'
import { refreshReach } from '../../server/domain/reach/refresh-reach.js'
import { publishRescoreProgress } from '../../server/realtime/scoring-events.js'

/** Posts scanned per transaction: large enough for throughput, small enough to keep locks short. */
export const RESCORE_BATCH = 5000
/** Batches being written at once (each on its own connection) while the next is scored. */
const WRITE_DEPTH = 2
/** Progress is pushed to consoles at most this often. */
const PROGRESS_EVERY_MS = 1000

/**
 * Adds a published version's score rows for every stored complaint post, in keyset batches.
 * Each batch commits its rows, the complaints it moves and the cursor together, so a retried
 * or resumed job continues where the last one stopped, and existing rows (any version) are
 * never rewritten. Progress is persisted on the version row and pushed to every console.
 */
export async function rescoreVersion(
  ctx: AppContext,
  { versionId }: JobData<'scoring.rescore'>,
  options: { batch?: number } = {},
): Promise<number> {
  const batch = options.batch ?? RESCORE_BATCH
  const version = await getScoringVersion(ctx.db, versionId).catch(() => null)
  if (!version) throw new UnrecoverableError(`scoring version ${versionId} does not exist`)
  if (version.row.status !== 'published')
    throw new UnrecoverableError(`scoring version ${version.key} is not published`)
  if (version.row.rescoreState === 'done') return 0
  // A version that reads reach percentiles ranks every author on reach as it stands when its
  // rescore starts (an upgraded install's authors may not have been placed since they posted).
  let reachMs = 0
  if (version.config.reachMeasure === 'percentile' && version.row.rescoreCursor === 0) {
    const started = performance.now()
    await refreshReach(ctx.db)
    reachMs = Math.round(performance.now() - started)
  }

  const total = await countComplaintPosts(ctx.db)
  await ctx.db
    .update(scoringVersions)
    .set({
      rescoreState: 'running',
      rescoreTotal: total,
      rescoreStartedAt: sql`coalesce(${scoringVersions.rescoreStartedAt}, now())`,
    })
    .where(eq(scoringVersions.id, versionId))
  let cursor = version.row.rescoreCursor
  let added = 0
  let pushedAt = 0
  // Milliseconds per step, logged at the end (writes overlap, so they may sum past the total).
  const spent = { load: 0, score: 0, write: 0 }
  const since = (t: number) => performance.now() - t
  // Batches are written in transactions of their own, up to WRITE_DEPTH at once on separate
  // connections, while the next batch is read and scored. Each one moves complaints and
  // records its cursor only after the one before it committed: the stored cursor never passes
  // an unwritten batch, and two batches holding posts of one thread never wait for each other
  // (a batch that locked a complaint and then waited for the one before, which needs that
  // complaint too, would wait for ever: the database cannot see the wait in between).
  let previous: Promise<unknown> = Promise.resolve()
  const writing: Array<Promise<unknown>> = []
  for (;;) {
    let t = performance.now()
    const { posts, lastId } = await loadComplaintPostsAfter(ctx.db, cursor, batch)
    spent.load += since(t)
    if (lastId === null) break
    cursor = lastId
    t = performance.now()
    const scoredAt = new Date()
    const scored = posts.map((post) => ({
      ...post,
      score: toScoreRecord(post.id, scorePost(scoreInput(post.facts), version, scoredAt)),
    }))
    const leads = bestPerThread(scored)
    spent.score += since(t)
    const before = previous
    const write = ctx.db.transaction(async (tx) => {
      const started = performance.now()
      // A batch lost in a crash is lost with its cursor, so the resumed job writes it again:
      // its commit need not wait for the disk (the final 'done' does, and flushes these too).
      await tx.execute(sql`set local synchronous_commit = off`)
      const n = await insertScores(
        tx,
        scored.map((s) => s.score),
      )
      await before
      await moveToVersion(tx, version.row.number, leads)
      const [progress] = await tx
        .update(scoringVersions)
        .set({
          rescoreCursor: lastId,
          rescoreDone: sql`${scoringVersions.rescoreDone} + ${posts.length}`,
        })
        .where(eq(scoringVersions.id, versionId))
        .returning()
      spent.write += since(started)
      return { n, progress: progress! }
    })
    previous = write.then(({ n, progress }) => {
      added += n
      if (Date.now() - pushedAt >= PROGRESS_EVERY_MS) {
        pushedAt = Date.now()
        publishRescoreProgress(ctx.publisher, progress)
      }
    })
    // Surfaced by the awaits below; this only keeps a failure from being "unhandled" meanwhile.
    previous.catch(() => {})
    writing.push(previous)
    if (writing.length >= WRITE_DEPTH) await writing.shift()
  }
  await Promise.all(writing)
  const [finished] = await ctx.db
    .update(scoringVersions)
    .set({ rescoreState: 'done', rescoreFinishedAt: sql`now()` })
    .where(eq(scoringVersions.id, versionId))
    .returning()
  publishRescoreProgress(ctx.publisher, finished!)
  const ms = {
    reach: reachMs,
    ...Object.fromEntries(Object.entries(spent).map(([k, v]) => [k, Math.round(v)])),
  }
  ctx.logger.info({ mod: 'rescore', version: version.key, added, ms }, 'rescore finished')
  return added
}

/** Each thread's best post of a batch, in key order (so concurrent writers lock rows alike). */
function bestPerThread(scored: ThreadLead[]): ThreadLead[] {
  const best = new Map<string, ThreadLead>()
  for (const { brandId, network, threadKey, score } of scored) {
    const key = `${brandId}\u0000${network}\u0000${threadKey}`
    const current = best.get(key)
    if (current && current.score.rankKey >= score.rankKey) continue
    best.set(key, { brandId, network, threadKey, score })
  }
  return [...best.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, lead]) => lead)
}
