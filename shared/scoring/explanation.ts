import type { ScoreExplanation, ScoreFactor } from '../schemas/scoring.js'
import { round2, waitingContribution } from './ranking.js'

/** Sum of rounded contributions, in whole hundredths so that no float error creeps in. */
export const sumContributions = (factors: readonly { contribution: number }[]): number =>
  factors.reduce((cents, f) => cents + Math.round(f.contribution * 100), 0) / 100

/** One sentence naming the priority and its two largest parts. */
export function summarizeScore(priority: number, factors: readonly ScoreFactor[]): string {
  const drivers = [...factors]
    .sort((a, b) => b.contribution - a.contribution)
    .filter((f) => f.contribution > 0)
    .slice(0, 2)
    .map((f) => `${f.label.toLowerCase()} (+${f.contribution.toFixed(1)})`)
  return drivers.length
    ? `Priority ${priority.toFixed(1)}, driven by ${drivers.join(' and ')}.`
    : `Priority ${priority.toFixed(1)}: nothing raised it.`
}

/**
 * A stored explanation brought to `now`: the waiting factor is what waiting adds at `now`, and
 * the priority is again the sum of the parts. Explanations without waiting are unchanged.
 */
export function explanationAt(
  explanation: ScoreExplanation,
  rate: number,
  since: Date | string | null,
  now: Date | string | number,
): ScoreExplanation {
  const waiting = explanation.factors.find((f) => f.key === 'waiting')
  if (!waiting || !since || rate <= 0) return explanation
  const hours = Math.max(0, (new Date(now).getTime() - new Date(since).getTime()) / 3_600_000)
  const targetHours = waiting.weight / rate
  const factors = explanation.factors.map((f) =>
    f === waiting
      ? {
          ...f,
          input: round2(hours / targetHours),
          contribution: waitingContribution(rate, since, now),
          note: `waiting ${round2(hours)} h of the ${round2(targetHours)} h response target; grows ${round2(rate)} an hour`,
        }
      : f,
  )
  const priority = sumContributions(factors)
  return { ...explanation, priority, factors, summary: summarizeScore(priority, factors) }
}
