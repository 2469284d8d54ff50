import type { ScoringVersionRef } from '../../../shared/scoring/score.js'
import type { Tx } from '../../db/client.js'
import { loadBrandTerms } from '../../db/repositories/brand-terms.js'
import { loadThreadStates, type ThreadKey } from '../../db/repositories/complaint-leads.js'
import { loadPostsForAnalysis } from '../../db/repositories/posts.js'
import { currentScoringVersion } from '../../db/repositories/scoring-versions.js'
import { placeAuthors } from '../reach/place-authors.js'
import { lockThreads } from './thread-locks.js'

/**
 * What an analyze job reads before it decides anything: its posts, their brands' terms, the
 * scoring version in effect at `scoredAt`, their authors' reach as it stands now (brought up
 * to date), and their threads, locked until commit and then read (posts and complaint lead).
 */
export async function loadAnalysisBatch(tx: Tx, postIds: number[], scoredAt: Date) {
  const posts = await loadPostsForAnalysis(tx, postIds)
  const terms = await loadBrandTerms(tx, [...new Set(posts.map((p) => p.brandId))])
  const version: ScoringVersionRef = await currentScoringVersion(tx, scoredAt)
  const reach = await placeAuthors(
    tx,
    posts.map((p) => p.authorId),
  )
  const keys = new Map<string, ThreadKey>()
  for (const { brandId, network, threadKey } of posts)
    keys.set(`${brandId}\u0000${network}\u0000${threadKey}`, { brandId, network, threadKey })
  await lockThreads(tx, [...keys.values()])
  const threads = await loadThreadStates(tx, [...keys.values()])
  return { posts, terms, version, reach, threads }
}
