import { describe, expect, it } from 'vitest'
import { themeTrend } from './theme-trend.js'

describe('themeTrend', () => {
  const trend = (volume: number, previousVolume: number, bornInPeriod = false) =>
    themeTrend({ volume, previousVolume, bornInPeriod })

  it('calls a theme new when it was born in the period or had nothing before', () => {
    expect(trend(4, 10, true)).toBe('new')
    expect(trend(4, 0)).toBe('new')
  })
  it('reads rising and fading by ratio, and small changes as steady', () => {
    expect(trend(40, 20)).toBe('rising')
    expect(trend(10, 20)).toBe('fading')
    expect(trend(22, 20)).toBe('steady')
    expect(trend(5, 3)).toBe('steady')
    expect(trend(0, 0)).toBe('steady')
  })
})
