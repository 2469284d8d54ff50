import type { ScoringConfig } from '../schemas/scoring-config.js'

/** Rank keys count hours from here, so that they stay small enough to compare exactly. */
export const RANK_EPOCH_MS = Date.UTC(2020, 0, 1)
const HOUR_MS = 3_600_000

/** Hours from the rank epoch to `at`. */
export const rankHours = (at: Date | string | number): number =>
  (new Date(at).getTime() - RANK_EPOCH_MS) / HOUR_MS

/** Priority added per hour of waiting: the waiting weight spread over the response target. */
export const waitingRate = (config: ScoringConfig): number =>
  config.weights.waiting / config.responseTargetHours

/**
 * The key the ranked queue orders by. Priority at time `now` is
 * `basePriority + rate * (now - since)`, that is `(basePriority - rate * since) + rate * now`: the first part is fixed, the second the same
 * for every complaint, so ordering by the stored key alone is ordering by priority at any
 * instant (an index scan, however long the queue).
 */
export const rankKey = (
  basePriority: number,
  rate: number,
  since: Date | string | number,
): number => basePriority - rate * rankHours(since)

/**
 * The rank key of a complaint with nothing left to answer (every post of it deleted): below any
 * real key, which is at least -(waiting rate) x (hours since the rank epoch), for millennia.
 */
export const SUNK_RANK_KEY = -1e9

/** Waiting contribution at `now`, rounded to hundredths like every other contribution. */
export const waitingContribution = (
  rate: number,
  since: Date | string | number,
  now: Date | string | number,
): number => round2(rate * Math.max(0, rankHours(now) - rankHours(since)))

/** Priority at `now` of a score with base priority `basePriority`, waiting since `since`. */
export const priorityAt = (
  basePriority: number,
  rate: number,
  since: Date | string | number,
  now: Date | string | number,
): number => round2(basePriority + waitingContribution(rate, since, now))

export const round2 = (n: number): number => Math.round(n * 100) / 100
