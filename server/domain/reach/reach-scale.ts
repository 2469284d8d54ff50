/** Quantiles kept of a network with more authors than this; below it, every raw score is kept. */
export const SCALE_POINTS = 1001

/** The fractions 0, 0.001, ..., 1 whose quantiles make a large network's scale. */
export const SCALE_FRACTIONS = Array.from(
  { length: SCALE_POINTS },
  (_, i) => i / (SCALE_POINTS - 1),
)

/**
 * Where a raw reach score stands on a network's scale (its sorted raw scores, or evenly spaced
 * quantiles of them), 0..1: the share of the network's authors below it, interpolated between
 * breakpoints. On a scale that lists every author, an author who is on it gets exactly their
 * `percent_rank` (ties share the lowest place), the value a full refresh stores; an author
 * alone on their network is in the middle (0.5), as `refreshReach` puts them. Never decreasing
 * in `raw`, so nothing that raises the raw score (a verified badge) lowers the percentile.
 */
export function placeOnScale(raw: number, breakpoints: readonly number[]): number {
  const last = breakpoints.length - 1
  if (last < 0) throw new Error('a reach scale has at least one breakpoint')
  if (last === 0) return 0.5
  // below = how many breakpoints are strictly below raw (binary search).
  let lo = 0
  let hi = breakpoints.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (breakpoints[mid]! < raw) lo = mid + 1
    else hi = mid
  }
  const below = lo
  if (below === 0) return 0
  if (below > last) return 1
  // breakpoints[below - 1] < raw <= breakpoints[below]
  const from = breakpoints[below - 1]!
  const to = breakpoints[below]!
  return (below - 1 + (raw - from) / (to - from)) / last
}
