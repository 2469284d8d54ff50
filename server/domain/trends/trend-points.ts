import type { TrendGrain, TrendPoint, TrendTotals } from '../../../shared/schemas/trends.js'
import { bucketStarts, type TrendPeriod } from '../../../shared/trend-range.js'
import type { RollupCounts, RollupRow } from '../../db/repositories/rollups.js'

const ZERO: RollupCounts = {
  posts: 0,
  complaints: 0,
  positive: 0,
  neutral: 0,
  negative: 0,
  reachSum: 0,
  reachNegative: 0,
}

/** Adds rollup counts (the sum of a period, or of several keys of one bucket). */
export function addCounts(a: RollupCounts, b: RollupCounts): RollupCounts {
  return {
    posts: a.posts + b.posts,
    complaints: a.complaints + b.complaints,
    positive: a.positive + b.positive,
    neutral: a.neutral + b.neutral,
    negative: a.negative + b.negative,
    reachSum: a.reachSum + b.reachSum,
    reachNegative: a.reachNegative + b.reachNegative,
  }
}

/** Counts as the view shows them, with the shares (null where there is nothing to divide by). */
export function presentCounts(c: RollupCounts): TrendTotals {
  return {
    posts: c.posts,
    complaints: c.complaints,
    positive: c.positive,
    neutral: c.neutral,
    negative: c.negative,
    negativeShare: c.posts > 0 ? c.negative / c.posts : null,
    reachNegativity: c.reachSum > 0 ? c.reachNegative / c.reachSum : null,
  }
}

/**
 * One point per bucket of the period, zero where no post was written: a chart of the rows
 * alone would draw a straight line across a silent night.
 */
export function zeroFilledPoints(
  rows: readonly RollupRow[],
  period: TrendPeriod,
  grain: TrendGrain,
): TrendPoint[] {
  const byBucket = new Map<number, RollupCounts>()
  for (const row of rows) {
    const at = row.bucket.getTime()
    byBucket.set(at, addCounts(byBucket.get(at) ?? ZERO, row))
  }
  return bucketStarts(period, grain).map((start) => ({
    at: start.toISOString(),
    ...presentCounts(byBucket.get(start.getTime()) ?? ZERO),
  }))
}

/** The totals of a period's rows. */
export function totalsOf(rows: readonly RollupCounts[]): TrendTotals {
  return presentCounts(rows.reduce(addCounts, ZERO))
}
