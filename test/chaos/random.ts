/**
 * A seeded PRNG (mulberry32): the same seed gives the same posts file on every machine, so a
 * failing run can be repeated with the very file that broke it.
 */
export function seededRandom(seed: number) {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (below: number) => Math.floor(next() * below)
  return {
    next,
    int,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)]!,
    /** Heavy-tailed counts (followers, likes): most small, a few very large. */
    logNormal: (median: number, spread: number) =>
      Math.round(median * Math.exp(spread * gaussian(next))),
  }
}

export type Random = ReturnType<typeof seededRandom>

function gaussian(next: () => number): number {
  const u = Math.max(next(), 1e-12)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next())
}

/**
 * Draws ranks 0..n-1 with probability ~ 1/(rank+1)^s (Zipf), so a few authors post a lot and
 * most post once or twice, as on any network during a backlash.
 */
export function zipfSampler(n: number, s: number, random: Random): () => number {
  const cumulative = new Float64Array(n)
  let total = 0
  for (let rank = 0; rank < n; rank++) cumulative[rank] = total += 1 / (rank + 1) ** s
  return () => {
    const target = random.next() * total
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid]! < target) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}
