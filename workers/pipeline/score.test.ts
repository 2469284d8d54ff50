import { describe, expect, it } from 'vitest'
import { analyzeText } from './analyze.js'
import { explainScore } from './explain.js'
import { SCORING_VERSION, WEIGHTS, scorePost } from './score.js'

const engagement = { likes: 0, replies: 0, shares: 0 }

describe('scorePost', () => {
  it('ranks a reached, engaged complaint above a small one, and itemises why', () => {
    const analysis = analyzeText(
      'Kredo rewrote my score history overnight. Terrible, fix it now.',
      'en',
    )
    const loud = scorePost({
      analysis,
      followers: 250_000,
      engagement: { likes: 900, replies: 120, shares: 300 },
    })
    const small = scorePost({ analysis, followers: 40, engagement })
    expect(loud.priority).toBeGreaterThan(small.priority)
    expect(loud.version).toBe(SCORING_VERSION)
    const sum = loud.factors.reduce((s, f) => s + f.contribution, 0)
    expect(loud.priority).toBeCloseTo(sum, 1)
    expect(loud.factors.map((f) => f.key)).toEqual([
      'complaint',
      'negativity',
      'reach',
      'engagement',
    ])
  })

  it('stays within 0..100 at the extremes', () => {
    const analysis = analyzeText('awful horrible terrible worst scam', 'en')
    const max = scorePost({
      analysis,
      followers: 1e12,
      engagement: { likes: 1e12, replies: 1e12, shares: 1e12 },
    })
    expect(max.priority).toBeLessThanOrEqual(100)
    const zero = scorePost({ analysis: analyzeText('ok', 'en'), followers: null, engagement })
    expect(zero.priority).toBe(0)
    expect(Object.values(WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100)
  })

  it('explains the top drivers in words', () => {
    const analysis = analyzeText('Kredo support never answers. Unacceptable.', 'en')
    const explanation = explainScore(scorePost({ analysis, followers: 50_000, engagement }))
    expect(explanation.summary).toMatch(/^Priority \d+\.\d of 100, driven by /)
    expect(explanation.factors).toHaveLength(4)
  })
})
