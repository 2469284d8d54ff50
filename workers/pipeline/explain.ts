import type { ScoreExplanation } from '../../shared/schemas/scoring.js'
import { summarizeScore } from '../../shared/scoring/explanation.js'
import type { Score } from './score.js'

/** Turns a score into the explanation stored beside it and shown in the console. */
export function explainScore(score: Score): ScoreExplanation {
  return {
    version: score.version,
    priority: score.priority,
    factors: score.factors,
    summary: summarizeScore(score.priority, score.factors),
  }
}
