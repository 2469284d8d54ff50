import { describe, expect, it } from 'vitest'
import { PRIORITY_1_CONFIG, PRIORITY_2_CONFIG } from './defaults.js'
import { describeFactors, describeFairness } from './describe.js'
import { explanationAt, sumContributions } from './explanation.js'
import { priorityAt } from './ranking.js'
import { scorePost } from './score.js'

const HOUR = 3_600_000
const V2 = { key: 'priority-2', config: PRIORITY_2_CONFIG }

describe('explanationAt', () => {
  it('grows the waiting part with the clock and still adds up to the priority at that time', () => {
    const postedAt = new Date('2026-11-20T00:00:00Z')
    const score = scorePost(
      {
        analysis: {
          sentiment: -0.6,
          label: 'negative',
          isComplaint: true,
          explanation: { complaintCues: ['no answer'] },
        },
        text: 'Kredo never answers',
        followers: 10,
        engagement: { likes: 1, replies: 0, shares: 0 },
        postedAt,
        isPicked: false,
      },
      V2,
      postedAt,
    )
    const explanation = {
      version: score.version,
      priority: score.priority,
      factors: score.factors,
      summary: '',
    }
    const later = postedAt.getTime() + 6 * HOUR
    const at = explanationAt(explanation, score.rate, postedAt, later)
    expect(at.factors.find((f) => f.key === 'waiting')!.contribution).toBe(50)
    expect(at.priority).toBe(sumContributions(at.factors))
    expect(at.priority).toBe(priorityAt(score.base, score.rate, postedAt, later))
    expect(at.summary).toMatch(/waiting time \(\+50\.0\)/)
  })
})

describe('How we rank, in words', () => {
  it('describes every factor in use and the fairness promise of the config', () => {
    expect(describeFactors(PRIORITY_2_CONFIG).map((f) => f.key)).toHaveLength(10)
    expect(describeFactors(PRIORITY_1_CONFIG).map((f) => f.key)).toEqual([
      'complaint',
      'negativity',
      'reach',
      'engagement',
    ])
    expect(describeFairness(PRIORITY_2_CONFIG)).toMatch(
      /after 12 hours any complaint, even from an account with no followers, outranks every new one/,
    )
    expect(describeFairness(PRIORITY_1_CONFIG)).toMatch(/no waiting term/)
  })
})
