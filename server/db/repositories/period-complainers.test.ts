import { describe, expect, it } from 'vitest'
import { cheaperWalk } from './period-complainers.js'

describe('cheaperWalk', () => {
  const authors = 1_000_000
  it('walks by reach when many authors complained (a day to a month at 10M posts)', () => {
    // 100 x 1M / 11k = ~9k probes against 11k complaints at 2.5 probes each.
    expect(cheaperWalk({ limit: 100, complaints: 11_000, authors })).toBe('by_reach')
    expect(cheaperWalk({ limit: 20, complaints: 330_000, authors })).toBe('by_reach')
  })
  it('reads the arrivals when few complained', () => {
    expect(cheaperWalk({ limit: 100, complaints: 5_000, authors })).toBe('by_arrival')
    expect(cheaperWalk({ limit: 20, complaints: 0, authors })).toBe('by_arrival')
  })
  it('reads the arrivals before the first ANALYZE counted any author only if none complained', () => {
    expect(cheaperWalk({ limit: 100, complaints: 50, authors: 0 })).toBe('by_reach')
    expect(cheaperWalk({ limit: 100, complaints: 0, authors: 0 })).toBe('by_arrival')
  })
})
