import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { placeOnScale, SCALE_FRACTIONS, SCALE_POINTS } from './reach-scale.js'

/** PostgreSQL's percent_rank of each value among `values` (ties share the lowest rank). */
const percentRank = (x: number, values: number[]) =>
  values.length === 1 ? 0.5 : values.filter((v) => v < x).length / (values.length - 1)

describe('placeOnScale', () => {
  it('gives an author on a scale of every author exactly the percent_rank a refresh stores', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 40, noNaN: true }), { minLength: 1, maxLength: 60 }),
        (values) => {
          const scale = [...values].sort((a, b) => a - b)
          for (const v of values)
            expect(placeOnScale(v, scale)).toBeCloseTo(percentRank(v, values), 12)
        },
      ),
    )
  })

  it('never decreases as the raw score grows, and stays within 0..1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 40, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: -5, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (values, raw, more) => {
          const scale = [...values].sort((a, b) => a - b)
          const p = placeOnScale(raw, scale)
          expect(p).toBeGreaterThanOrEqual(0)
          expect(p).toBeLessThanOrEqual(1)
          expect(placeOnScale(raw + more, scale)).toBeGreaterThanOrEqual(p)
        },
      ),
    )
  })

  it('places an author within a thousandth of their share on a large network kept as quantiles', () => {
    // 100,000 authors, like a network after a long backlash; quantiles as percentile_disc takes them.
    const values = Array.from({ length: 100_000 }, (_, i) => Math.log1p((i * 7919) % 100_003))
    const sorted = [...values].sort((a, b) => a - b)
    const quantiles = SCALE_FRACTIONS.map(
      (f) => sorted[Math.max(0, Math.ceil(f * sorted.length) - 1)]!,
    )
    expect(quantiles).toHaveLength(SCALE_POINTS)
    for (const i of [0, 1, 999, 25_000, 50_000, 77_777, 99_998, 99_999]) {
      const x = sorted[i]!
      expect(Math.abs(placeOnScale(x, quantiles) - i / (sorted.length - 1))).toBeLessThan(0.002)
    }
  })

  it('puts a lone author in the middle, and newcomers past either end at 0 or 1', () => {
    expect(placeOnScale(3, [7])).toBe(0.5)
    expect(placeOnScale(1, [2, 3, 4])).toBe(0)
    expect(placeOnScale(9, [2, 3, 4])).toBe(1)
    expect(placeOnScale(3.5, [2, 3, 4])).toBe(0.75)
  })
})
