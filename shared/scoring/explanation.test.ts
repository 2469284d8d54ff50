import { describe, expect, it } from 'vitest'
import { PRIORITY_1_CONFIG, PRIORITY_2_CONFIG, PRIORITY_3_CONFIG } from './defaults.js'
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
    expect(at.priority).toBe(priorityAt(score.basePriority, score.rate, postedAt, later))
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

  it('explains reach as a percentile on the network, with verified, when the version reads it', () => {
    const reach = (config: typeof PRIORITY_2_CONFIG) =>
      describeFactors(config).find((f) => f.key === 'reach')!.text
    expect(reach(PRIORITY_2_CONFIG)).toMatch(/^Up to 20 points on a log scale of followers/)
    expect(reach(PRIORITY_3_CONFIG)).toMatch(/^Up to 20 points for where the author stands/)
    expect(reach(PRIORITY_3_CONFIG)).toMatch(/90th percentile on Hacker News/)
    expect(reach(PRIORITY_3_CONFIG)).toMatch(/verifies the account/)
    expect(reach(PRIORITY_3_CONFIG)).toMatch(/never lowers/)
    expect(describeFairness(PRIORITY_3_CONFIG)).toBe(describeFairness(PRIORITY_2_CONFIG))
  })
})
