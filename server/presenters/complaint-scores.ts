import type { ComplaintScores } from '../../shared/schemas/scoring-config.js'
import { ScoreExplanationSchema } from '../../shared/schemas/scoring.js'
import type { ComplaintScoreHistory } from '../db/repositories/scores.js'

/**
 * A complaint's lead post under every version that scored it, as stored. A score whose stored
 * explanation no longer reads as an explanation is left out rather than rewritten.
 */
export function presentComplaintScores(history: ComplaintScoreHistory): ComplaintScores {
  const { scores, ...complaint } = history
  return {
    ...complaint,
    data: scores.flatMap(({ explanation, createdAt, ...score }) => {
      const parsed = ScoreExplanationSchema.safeParse(explanation)
      return parsed.success
        ? [{ ...score, explanation: parsed.data, createdAt: createdAt.toISOString() }]
        : []
    }),
  }
}
