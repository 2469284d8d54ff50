import type { ScoreExplanation } from '../../shared/schemas/scoring.js'
import type { Score } from './score.js'

/** Turns a score into the explanation stored beside it and shown in the console. */
export function explainScore(score: Score): ScoreExplanation {
  const ranked = [...score.factors].sort((a, b) => b.contribution - a.contribution)
  const drivers = ranked
    .filter((f) => f.contribution > 0)
    .slice(0, 2)
    .map((f) => `${f.label.toLowerCase()} (+${f.contribution.toFixed(1)})`)
  const summary = drivers.length
    ? `Priority ${score.priority.toFixed(1)} of 100, driven by ${drivers.join(' and ')}.`
    : `Priority ${score.priority.toFixed(1)} of 100: nothing raised it.`
  return { version: score.version, priority: score.priority, factors: score.factors, summary }
}
