import type { BrandTerms } from '../../shared/schemas/brands.js'
import type { Analysis } from '../../shared/schemas/scoring.js'
import type { AuthorReach } from '../../shared/scoring/reach.js'
import type { ScoringVersionRef } from '../../shared/scoring/score.js'
import type { PostFacts } from '../../shared/scoring/score-input.js'
import type { ThreadState } from '../../server/db/repositories/complaint-leads.js'
import type { PostForAnalysis } from '../../server/db/repositories/posts.js'
import type { BatchScores } from '../../server/domain/complaints/record-analysis.js'
import { analyzeText } from './analyze.js'
import { inBrandContext } from './relevance.js'
import { scoreBatch } from './score-batch.js'

/** What an analyze job reads before it decides anything (its threads locked). */
export interface AnalysisBatch {
  posts: PostForAnalysis[]
  terms: Map<string, BrandTerms>
  version: ScoringVersionRef
  /** Each author's reach as it stands now, by author id. */
  reach: Map<number, AuthorReach>
  threads: ThreadState[]
}

/**
 * The pipeline of one analyze job, pure: each post analysed (in its brand's context), scored
 * once, and each thread's lead decided. Returns the analyses and what to write.
 */
export function analyzeBatch(
  batch: AnalysisBatch,
  scoredAt: Date,
): { analyses: Array<{ postId: number; analysis: Analysis }>; scores: BatchScores } {
  const analysed = batch.posts.map((post) => {
    const analysis = inBrandContext(
      analyzeText(post.text, post.lang),
      post.text,
      batch.terms.get(post.brandId),
    )
    return { post, analysis, facts: liveFacts(post, analysis, batch.reach.get(post.authorId)) }
  })
  return {
    analyses: analysed.map(({ post, analysis }) => ({ postId: post.id, analysis })),
    scores: scoreBatch(analysed, batch.threads, batch.version, scoredAt),
  }
}

/** What scoring reads of a post being analysed, with its author's reach as it stands now. */
function liveFacts(
  post: PostForAnalysis,
  analysis: Analysis,
  reach: AuthorReach | undefined,
): PostFacts {
  return {
    analysis,
    text: post.text,
    followers: post.followers,
    ...(reach ? { reach } : {}),
    engagement: { likes: post.likes, replies: post.replies, shares: post.shares },
    postedAt: post.postedAt,
    ingestedAt: post.ingestedAt,
    // A post of a picked thread scores the pick, so a new lead keeps it.
    pick: { at: post.pickedAt, by: post.pickedByName, reason: post.pickReason },
  }
}
