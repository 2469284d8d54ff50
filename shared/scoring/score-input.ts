import { believedPostedAt } from './post-time.js'
import { threadPick, type AuthorReach, type ScoreInput, type ScoringSignals } from './score.js'

/**
 * What scoring reads of a post, wherever it comes from: a post being analysed (its fresh
 * analysis) or one stored (its latest analysis, read back for a rescore, a pick or a preview).
 */
export interface PostFacts {
  analysis: ScoringSignals
  text: string
  followers: number | null
  /** The author's standing on their network; absent when not placed yet. */
  reach?: AuthorReach
  engagement: { likes: number; replies: number; shares: number }
  /** The post's own date, and when it reached Firebreak (which bounds how far back it is believed). */
  postedAt: Date
  ingestedAt: Date
  /** The adviser's pick of the post's thread: when (null: not picked), by whom, why. */
  pick: { at: Date | string | null; by: string | null; reason: string | null }
}

/**
 * The one way to make a score's input: the post's facts, and the replies stored in the thread
 * it leads (0 for a post scored on its own). The post is read as written no earlier than a day
 * before it arrived, and a post of a picked thread scores the pick.
 */
export function scoreInput(facts: PostFacts, threadReplies = 0): ScoreInput {
  return {
    analysis: facts.analysis,
    text: facts.text,
    followers: facts.followers,
    ...(facts.reach ? { reach: facts.reach } : {}),
    engagement: facts.engagement,
    threadReplies,
    postedAt: believedPostedAt(facts.postedAt, facts.ingestedAt),
    ...threadPick(facts.pick.at, facts.pick.by, facts.pick.reason),
  }
}
