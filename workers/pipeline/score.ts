import type { Analysis, ScoreFactor } from '../../shared/schemas/scoring.js'

/** The scoring version every new score is written under. Old scores are never rewritten. */
export const SCORING_VERSION = 'priority-1'

/** What a score reads about a post beyond its analysis. */
export interface ScoreInput {
  analysis: Analysis
  followers: number | null
  engagement: { likes: number; replies: number; shares: number }
}

/** Weights of priority-1; they sum to 100, the highest priority a post can have. */
export const WEIGHTS = { complaint: 15, negativity: 30, reach: 35, engagement: 20 } as const

/** Followers at which reach saturates, and the weighted interactions at which engagement does. */
const REACH_CEILING = 10_000_000
const ENGAGEMENT_CEILING = 100_000

export interface Score {
  version: string
  priority: number
  factors: ScoreFactor[]
}

/**
 * Priority 0..100 from negativity, the author's reach and the post's engagement, with each
 * factor itemised. Reach and engagement are on a log scale: 100 followers is already
 * a quarter of the way to ten million, because an angry mid-size voice matters.
 */
export function scorePost({ analysis, followers, engagement }: ScoreInput): Score {
  const negativity = clamp01(-analysis.sentiment)
  const reach = logShare(followers ?? 0, REACH_CEILING)
  const interactions = engagement.likes + 2 * engagement.shares + engagement.replies
  const engaged = logShare(interactions, ENGAGEMENT_CEILING)

  const factors: ScoreFactor[] = [
    factor(
      'complaint',
      'Complaint',
      analysis.isComplaint ? 1 : 0,
      WEIGHTS.complaint,
      analysis.isComplaint
        ? `complaint cues: ${analysis.explanation.complaintCues.join(', ') || 'negative tone'}`
        : 'not a complaint',
    ),
    factor(
      'negativity',
      'Negativity',
      negativity,
      WEIGHTS.negativity,
      `sentiment ${analysis.sentiment.toFixed(2)} (${analysis.label})`,
    ),
    factor(
      'reach',
      'Author reach',
      reach,
      WEIGHTS.reach,
      followers === null
        ? 'follower count unknown'
        : `${followers.toLocaleString('en-US')} followers, log scale to 10M`,
    ),
    factor(
      'engagement',
      'Engagement',
      engaged,
      WEIGHTS.engagement,
      `${engagement.likes} likes + 2 x ${engagement.shares} shares + ${engagement.replies} replies, log scale to 100k`,
    ),
  ]
  const priority = round(factors.reduce((sum, f) => sum + f.contribution, 0))
  return { version: SCORING_VERSION, priority, factors }
}

function factor(
  key: string,
  label: string,
  input: number,
  weight: number,
  note: string,
): ScoreFactor {
  const value = round(input)
  return { key, label, input: value, weight, contribution: round(value * weight), note }
}

const clamp01 = (n: number) => Math.min(1, Math.max(0, n))
const logShare = (n: number, ceiling: number) =>
  clamp01(Math.log10(1 + n) / Math.log10(1 + ceiling))
const round = (n: number) => Math.round(n * 100) / 100
