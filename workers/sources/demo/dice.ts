/**
 * The demo's only source of randomness: one seeded generator, so a seed always gives the same
 * posts, ids and numbers.
 */
export class Dice {
  private state: number
  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** mulberry32: tiny, fast and good enough for fake data. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('demo scenario: pick from an empty list')
    return items[Math.floor(this.next() * items.length)]!
  }

  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0)
    let roll = this.next() * total
    for (const [value, weight] of entries) {
      roll -= weight
      if (roll < 0) return value
    }
    return entries[entries.length - 1]![0]
  }

  normal(): number {
    const u = 1 - this.next()
    const v = this.next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal())
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next())
  }

  /** Pareto tail from `min`, shape `alpha`, capped. */
  pareto(min: number, alpha: number, cap: number): number {
    return Math.min(cap, min / Math.pow(1 - this.next(), 1 / alpha))
  }
}
