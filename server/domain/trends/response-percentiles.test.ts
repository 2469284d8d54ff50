import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  RESPONSE_BIN_ERROR,
  binMiddleSeconds,
  percentileOfBins,
  responseBinOf,
  type ResponseBin,
} from './response-percentiles.js'

/** PostgreSQL's percentile_cont over the values. */
function percentileCont(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const at = p * (sorted.length - 1)
  const lo = Math.floor(at)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo]! + (at - lo) * (sorted[hi]! - sorted[lo]!)
}

function binsOf(values: number[]): ResponseBin[] {
  const counts = new Map<number, number>()
  for (const v of values) counts.set(responseBinOf(v), (counts.get(responseBinOf(v)) ?? 0) + 1)
  return [...counts].sort(([a], [b]) => a - b).map(([bin, n]) => ({ bin, n }))
}

// Seconds from instant answers to a month, as the dashboard sees them.
const seconds = fc.oneof(
  fc.double({ min: 0, max: 120, noNaN: true }),
  fc.double({ min: 0, max: 86_400, noNaN: true }),
  fc.double({ min: 0, max: 30 * 86_400, noNaN: true }),
)

describe('percentileOfBins', () => {
  it('is within 1% of (1 s + percentile_cont) for any set of response times', () => {
    expect(RESPONSE_BIN_ERROR).toBeLessThan(0.01)
    fc.assert(
      fc.property(
        fc.array(seconds, { minLength: 1, maxLength: 300 }),
        fc.constantFrom(0.5, 0.9),
        (values, p) => {
          const exact = percentileCont(values, p)
          const read = percentileOfBins(binsOf(values), p)!
          expect(Math.abs(read - exact)).toBeLessThanOrEqual(
            RESPONSE_BIN_ERROR * (1 + exact) + 1e-9,
          )
        },
      ),
      { numRuns: 500 },
    )
  })

  it('reads a bin as its geometric middle, counts ranks across bins, and has nothing to say without answers', () => {
    expect(percentileOfBins([], 0.5)).toBeNull()
    expect(responseBinOf(-5)).toBe(0)
    expect(binMiddleSeconds(responseBinOf(3600))).toBeCloseTo(3600, -2)
    const [a, b] = [responseBinOf(60), responseBinOf(600)]
    // Ranks 0..2 in the first bin, 3 in the second: p50 of four is between ranks 1 and 2.
    const bins = [
      { bin: a, n: 3 },
      { bin: b, n: 1 },
    ]
    expect(percentileOfBins(bins, 0.5)).toBe(binMiddleSeconds(a))
    // p90: rank 2.7, 30% of the way from the first bin's middle to the second's.
    expect(percentileOfBins(bins, 0.9)).toBeCloseTo(
      binMiddleSeconds(a) + 0.7 * (binMiddleSeconds(b) - binMiddleSeconds(a)),
      9,
    )
  })
})
