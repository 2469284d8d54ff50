import type { Analysis } from '../../shared/schemas/scoring.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  maxBase,
  guaranteesFairness,
  type ScoringConfig,
} from '../../shared/schemas/scoring-config.js'
import {
  PRIORITY_1_CONFIG,
  PRIORITY_2_CONFIG,
  PRIORITY_3_CONFIG,
} from '../../shared/scoring/defaults.js'
import { priorityAt } from '../../shared/scoring/ranking.js'
import { analyzeText } from '../../workers/pipeline/analyze.js'
import { scorePost, sumContributions, type Score, type ScoreInput } from './score.js'

const V1 = { key: 'priority-1', config: PRIORITY_1_CONFIG }
const V2 = { key: 'priority-2', config: PRIORITY_2_CONFIG }
const V3 = { key: 'priority-3', config: PRIORITY_3_CONFIG }
const NOW = new Date('2026-11-20T12:00:00Z')
const HOUR = 3_600_000
const engagement = { likes: 0, replies: 0, shares: 0 }

const input = (over: Partial<ScoreInput> = {}): ScoreInput => ({
  analysis: analyzeText('Kredo rewrote my score history overnight. Terrible, fix it now.', 'en'),
  text: 'Kredo rewrote my score history overnight. Terrible, fix it now.',
  followers: 1000,
  engagement,
  postedAt: NOW,
  isPicked: false,
  ...over,
})

/** An analysis as priority-1's analyzer gave it: a complaint flag, not a probability. */
const asFlagged = (a: Analysis) => ({ ...a, complaintScore: a.isComplaint ? 1 : 0 })

describe('scorePost under priority-1 (version 1 as data)', () => {
  it('reproduces the shipped priority-1 scores and factors', () => {
    // priority-1 shipped with an analyzer that flagged complaints (1 or 0), with no probability.
    const analyzed = analyzeText(
      'Kredo rewrote my score history overnight. Terrible, fix it now.',
      'en',
    )
    const analysis = asFlagged(analyzed)
    const loud = scorePost(
      input({
        analysis,
        followers: 250_000,
        engagement: { likes: 900, replies: 120, shares: 300 },
      }),
      V1,
      NOW,
    )
    expect(loud.version).toBe('priority-1')
    expect(loud.factors.map((f) => f.key)).toEqual([
      'complaint',
      'negativity',
      'reach',
      'engagement',
    ])
    // priority-1 as shipped: 15 complaint + 30 x negativity + 35 x log reach + 20 x log engagement.
    const expected =
      Math.round(15 * 100) / 100 +
      Math.round(Math.round(-analysis.sentiment * 100) * 30) / 100 +
      Math.round(Math.round((Math.log10(250_001) / Math.log10(10_000_001)) * 100) * 35) / 100 +
      Math.round(Math.round((Math.log10(1 + 900 + 600 + 120) / Math.log10(100_001)) * 100) * 20) /
        100
    expect(loud.priority).toBeCloseTo(expected, 6)
    const zero = scorePost(
      input({ analysis: asFlagged(analyzeText('ok', 'en')), followers: null, text: 'ok' }),
      V1,
      NOW,
    )
    expect(zero.priority).toBe(0)
    expect(maxBase(PRIORITY_1_CONFIG)).toBe(100)
    expect(guaranteesFairness(PRIORITY_1_CONFIG)).toBe(false)
  })
})

describe('scorePost under priority-2', () => {
  it('itemises every factor, names escalation cues, and the parts add up to the priority', () => {
    const text = 'Kredo cost me a job offer. My lawyer will hear about this. Terrible.'
    const score = scorePost(
      input({
        analysis: analyzeText(text, 'en'),
        text,
        postedAt: new Date(NOW.getTime() - 3 * HOUR),
        isPicked: true,
      }),
      V2,
      NOW,
    )
    expect(score.factors.map((f) => f.key)).toEqual([
      'complaint',
      'confidence',
      'negativity',
      'reach',
      'engagement',
      'velocity',
      'recency',
      'escalation',
      'pick',
      'waiting',
    ])
    expect(score.factors.find((f) => f.key === 'escalation')!.note).toMatch(/Legal threat/)
    expect(score.priority).toBe(sumContributions(score.factors))
    expect(score.basePriority).toBe(
      sumContributions(score.factors.filter((f) => f.key !== 'waiting')),
    )
    expect(priorityAt(score.basePriority, score.rate, score.waitingSince, NOW)).toBe(score.priority)
    expect(score.explanation.summary).toMatch(/^Priority \d+\.\d, driven by /)
  })

  it("adds the adviser's pick in full, and says who picked the thread and why", () => {
    const text = 'Kredo rewrote my history. Terrible.'
    const base = { analysis: analyzeText(text, 'en'), text }
    const unpicked = scorePost(input(base), V2, NOW)
    const pick = (s: typeof unpicked) => s.factors.find((f) => f.key === 'pick')!
    expect(pick(unpicked)).toMatchObject({ input: 0, contribution: 0, note: 'not picked' })
    const picked = scorePost(
      input({ ...base, isPicked: true, pick: { by: 'Ada Adviser', reason: 'Press is asking' } }),
      V2,
      NOW,
    )
    expect(pick(picked)).toMatchObject({
      input: 1,
      contribution: 5,
      note: 'picked by Ada Adviser: “Press is asking”',
    })
    expect(picked.priority).toBe(sumContributions(picked.factors))
    expect(picked.basePriority).toBeCloseTo(unpicked.basePriority + 5, 6)
    const noReason = scorePost(
      input({ ...base, isPicked: true, pick: { by: 'Ada Adviser', reason: null } }),
      V2,
      NOW,
    )
    expect(pick(noReason).note).toBe('picked by Ada Adviser')
  })
})

// ─── Properties ────────────────────────────────────────────────────────────────────────────

const texts = [
  'Kredo rewrote my score history overnight. Terrible, fix it now.',
  'Still no answer from Kredo support. I will cancel and talk to a lawyer.',
  'My Kredo score dropped from 69 to 35 and a recruiter noticed.',
  'ok',
  'I love the new Kredo model, great work!',
]
const arbInput = fc.record({
  text: fc.constantFrom(...texts),
  sentiment: fc.double({ min: -1, max: 1, noNaN: true }),
  isComplaint: fc.boolean(),
  confidence: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  followers: fc.option(fc.integer({ min: 0, max: 2e8 }), { nil: null }),
  likes: fc.integer({ min: 0, max: 1e7 }),
  replies: fc.integer({ min: 0, max: 1e6 }),
  shares: fc.integer({ min: 0, max: 1e6 }),
  ageHours: fc.double({ min: 0, max: 200, noNaN: true }),
  isPicked: fc.boolean(),
})
type Arb = typeof arbInput extends fc.Arbitrary<infer T> ? T : never

const toInput = (a: Arb, now = NOW): ScoreInput => ({
  analysis: {
    sentiment: a.sentiment,
    label: a.sentiment < -0.1 ? 'negative' : a.sentiment > 0.1 ? 'positive' : 'neutral',
    isComplaint: a.isComplaint,
    confidence: a.confidence,
    explanation: { complaintCues: [] },
  },
  text: a.text,
  followers: a.followers,
  engagement: { likes: a.likes, replies: a.replies, shares: a.shares },
  postedAt: new Date(now.getTime() - a.ageHours * HOUR),
  isPicked: a.isPicked,
})
const versions = fc.constantFrom(V1, V2)

describe('priority properties', () => {
  it('the parts of every explanation add up to the priority exactly', () => {
    fc.assert(
      fc.property(arbInput, versions, (a, v) => {
        const s = scorePost(toInput(a), v, NOW)
        expect(s.priority).toBe(sumContributions(s.factors))
      }),
      { numRuns: 500 },
    )
  })

  it('more reach, more negativity or more engagement never lowers the priority', () => {
    const more = fc.record({
      followers: fc.integer({ min: 0, max: 1e8 }),
      negativity: fc.double({ min: 0, max: 2, noNaN: true }),
      likes: fc.integer({ min: 0, max: 1e6 }),
      replies: fc.integer({ min: 0, max: 1e5 }),
      shares: fc.integer({ min: 0, max: 1e5 }),
    })
    fc.assert(
      fc.property(arbInput, more, versions, (a, d, v) => {
        const before = scorePost(toInput(a), v, NOW).priority
        const variants: Arb[] = [
          { ...a, followers: (a.followers ?? 0) + d.followers },
          { ...a, sentiment: Math.max(-1, a.sentiment - d.negativity) },
          { ...a, likes: a.likes + d.likes },
          { ...a, replies: a.replies + d.replies },
          { ...a, shares: a.shares + d.shares },
        ]
        for (const b of variants) {
          expect(scorePost(toInput(b), v, NOW).priority).toBeGreaterThanOrEqual(before)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('ordering by the stored rank key is ordering by priority at any instant', () => {
    fc.assert(
      fc.property(
        arbInput,
        arbInput,
        fc.double({ min: 0, max: 500, noNaN: true }),
        (a, b, later) => {
          const [x, y] = [scorePost(toInput(a), V2, NOW), scorePost(toInput(b), V2, NOW)]
          const at = NOW.getTime() + later * HOUR
          const [px, py] = [
            priorityAt(x.basePriority, x.rate, x.waitingSince, at),
            priorityAt(y.basePriority, y.rate, y.waitingSince, at),
          ]
          // Rounding to hundredths may tie what the key still orders.
          if (x.rankKey > y.rankKey + 0.02) expect(px).toBeGreaterThanOrEqual(py)
          if (px > py + 0.02) expect(x.rankKey).toBeGreaterThan(y.rankKey)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('fairness: at the response target, a zero-reach complaint outranks any fresh complaint', () => {
    fc.assert(
      fc.property(arbInput, (fresh) => {
        const target = PRIORITY_2_CONFIG.responseTargetHours
        const quiet = scorePost(
          toInput({
            text: 'ok',
            sentiment: 0,
            isComplaint: false,
            confidence: 0,
            followers: 0,
            likes: 0,
            replies: 0,
            shares: 0,
            ageHours: 0,
            isPicked: false,
          }),
          V2,
          NOW,
        )
        const at = new Date(NOW.getTime() + target * HOUR)
        const loud = scorePost(toInput({ ...fresh, ageHours: 0 }, at), V2, at)
        expect(priorityAt(quiet.basePriority, quiet.rate, quiet.waitingSince, at)).toBeGreaterThan(
          loud.priority,
        )
        expect(quiet.rankKey).toBeGreaterThan(loud.rankKey)
      }),
      { numRuns: 500 },
    )
  })

  it('fairness: under a continuous stream of high-reach complaints, a zero-reach one reaches the top of the queue within the response target', () => {
    const stream = fc.record({
      /**
       * Minutes between high-reach arrivals, and between answers: the team keeps up with the
       * stream, and the loud backlog that arrived with the quiet complaint fits in the time
       * waiting needs to outrank fresh complaints (ranking cannot make up for capacity).
       */
      arrivalEvery: fc.integer({ min: 2, max: 120 }),
      answerSlack: fc.double({ min: 0.5, max: 1, noNaN: true }),
      backlog: fc.integer({ min: 0, max: 10 }),
      loud: fc.array(arbInput, { minLength: 1, maxLength: 8 }),
    })
    fc.assert(
      fc.property(stream, ({ loud, ...pace }) => {
        const quiet = scorePost(toInput({ ...quietArb, ageHours: 0 }, NOW), V2, NOW)
        const loudAt = (i: number, at: Date) => {
          const a = loud[i % loud.length]!
          const big = { followers: 5e7, likes: 1e6, shares: 1e5, replies: 1e5 }
          return scorePost(toInput({ ...a, ...big, isPicked: true, ageHours: 0 }, at), V2, at)
        }
        expect(quietAnsweredInTime(PRIORITY_2_CONFIG, quiet, loudAt, pace)).toBe(true)
      }),
      { numRuns: 200 },
    )
  })
})

const quietArb: Arb = {
  text: 'ok',
  sentiment: 0,
  isComplaint: true,
  confidence: 0,
  followers: 0,
  likes: 0,
  replies: 0,
  shares: 0,
  ageHours: 0,
  isPicked: false,
}

// ─── priority-3: reach as the author's percentile on their network ─────────────────────────

const bluesky = (percentile: number | null, verified: boolean | null = null) => ({
  network: 'bluesky',
  percentile,
  karma: null,
  verified,
})

describe('scorePost under priority-3', () => {
  it("reads reach as the author's percentile on their network, and says where it comes from", () => {
    const at = { postedAt: new Date(NOW.getTime() - 2 * HOUR) }
    const v3 = scorePost(input({ ...at, followers: 12_400, reach: bluesky(0.92, true) }), V3, NOW)
    const reach = v3.factors.find((f) => f.key === 'reach')!
    expect(reach).toMatchObject({ input: 0.92, weight: 20, contribution: 18.4 })
    expect(reach.note).toBe('92nd percentile on Bluesky (followers 12,400, verified)')
    expect(v3.priority).toBe(sumContributions(v3.factors))

    // Every other factor is priority-2's, to the hundredth.
    const v2 = scorePost(input({ ...at, followers: 12_400, reach: bluesky(0.92, true) }), V2, NOW)
    expect(v3.factors.filter((f) => f.key !== 'reach')).toEqual(
      v2.factors.filter((f) => f.key !== 'reach'),
    )
    expect(v2.factors.find((f) => f.key === 'reach')!.note).toBe(
      '12,400 followers, log scale to 10M',
    )

    const hn = scorePost(
      input({
        followers: null,
        reach: { network: 'hn', percentile: 0.61, karma: 5_210, verified: null },
      }),
      V3,
      NOW,
    )
    expect(hn.factors.find((f) => f.key === 'reach')!.note).toBe(
      '61st percentile on Hacker News (karma 5,210)',
    )
  })

  it('falls back to log followers for an author not placed on their network yet, and says so', () => {
    const placed = scorePost(input({ followers: 12_400, reach: bluesky(null) }), V3, NOW)
    const asV2 = scorePost(input({ followers: 12_400 }), V2, NOW)
    const reach = placed.factors.find((f) => f.key === 'reach')!
    expect(reach.input).toBe(asV2.factors.find((f) => f.key === 'reach')!.input)
    expect(reach.note).toBe(
      'no reach percentile on Bluesky yet, so log followers: 12,400 followers, log scale to 10M',
    )
    const unknown = scorePost(input({ followers: null }), V3, NOW)
    expect(unknown.factors.find((f) => f.key === 'reach')!.note).toBe(
      'no reach percentile yet, so log followers: follower count unknown',
    )
  })

  it('leaves versions 1 and 2 exactly as they scored: they never read the percentile', () => {
    fc.assert(
      fc.property(arbInput, arbReach, fc.constantFrom(V1, V2), (a, reach, v) => {
        expect(scorePost({ ...toInput(a), reach }, v, NOW).explanation).toEqual(
          scorePost(toInput(a), v, NOW).explanation,
        )
      }),
      { numRuns: 200 },
    )
  })

  it('keeps the fairness guarantee the publish validator asks for', () => {
    expect(guaranteesFairness(PRIORITY_3_CONFIG)).toBe(true)
    expect(maxBase(PRIORITY_3_CONFIG)).toBe(maxBase(PRIORITY_2_CONFIG))
  })
})

const arbReach = fc.record({
  network: fc.constantFrom('bluesky', 'x', 'mastodon', 'reddit', 'hn', 'forum.example.com'),
  percentile: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
  karma: fc.option(fc.integer({ min: 0, max: 1e6 }), { nil: null }),
  verified: fc.option(fc.boolean(), { nil: null }),
})

describe('priority-3 properties', () => {
  it('the parts of every explanation add up to the priority exactly', () => {
    fc.assert(
      fc.property(arbInput, arbReach, (a, reach) => {
        const s = scorePost({ ...toInput(a), reach }, V3, NOW)
        expect(s.priority).toBe(sumContributions(s.factors))
      }),
      { numRuns: 500 },
    )
  })

  it('a higher reach percentile never lowers the priority', () => {
    fc.assert(
      fc.property(
        arbInput,
        arbReach,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (a, reach, p, q) => {
          const [low, high] = p <= q ? [p, q] : [q, p]
          const at = (percentile: number) =>
            scorePost({ ...toInput(a), reach: { ...reach, percentile } }, V3, NOW).priority
          expect(at(high)).toBeGreaterThanOrEqual(at(low))
        },
      ),
      { numRuns: 500 },
    )
  })

  it('more negativity or engagement never lowers the priority either', () => {
    const more = fc.record({
      negativity: fc.double({ min: 0, max: 2, noNaN: true }),
      likes: fc.integer({ min: 0, max: 1e6 }),
      shares: fc.integer({ min: 0, max: 1e5 }),
    })
    fc.assert(
      fc.property(arbInput, arbReach, more, (a, reach, d) => {
        const before = scorePost({ ...toInput(a), reach }, V3, NOW).priority
        for (const b of [
          { ...a, sentiment: Math.max(-1, a.sentiment - d.negativity) },
          { ...a, likes: a.likes + d.likes },
          { ...a, shares: a.shares + d.shares },
        ])
          expect(scorePost({ ...toInput(b), reach }, V3, NOW).priority).toBeGreaterThanOrEqual(
            before,
          )
      }),
      { numRuns: 500 },
    )
  })

  it('fairness: under a continuous stream of top-percentile complaints, a bottom-percentile one reaches the top of the queue within the response target', () => {
    const stream = fc.record({
      arrivalEvery: fc.integer({ min: 2, max: 120 }),
      answerSlack: fc.double({ min: 0.5, max: 1, noNaN: true }),
      backlog: fc.integer({ min: 0, max: 10 }),
      loud: fc.array(fc.tuple(arbInput, arbReach), { minLength: 1, maxLength: 8 }),
    })
    fc.assert(
      fc.property(stream, ({ loud, ...pace }) => {
        const quiet = scorePost(
          { ...toInput({ ...quietArb, ageHours: 0 }, NOW), reach: bluesky(0) },
          V3,
          NOW,
        )
        const loudAt = (i: number, at: Date) => {
          const [a, reach] = loud[i % loud.length]!
          const big = { likes: 1e6, shares: 1e5, replies: 1e5 }
          return scorePost(
            {
              ...toInput({ ...a, ...big, isPicked: true, ageHours: 0 }, at),
              reach: { ...reach, percentile: 1, verified: true },
            },
            V3,
            at,
          )
        }
        expect(quietAnsweredInTime(PRIORITY_3_CONFIG, quiet, loudAt, pace)).toBe(true)
      }),
      { numRuns: 200 },
    )
  })
})

/**
 * The fairness simulation: a quiet complaint arrives at NOW with a backlog of loud ones, then a
 * loud one arrives every `arrivalEvery` minutes while the team answers the top of the queue
 * every `arrivalEvery * answerSlack` minutes (it keeps up with the stream, and the backlog fits
 * in the time waiting needs to outrank fresh complaints: ranking cannot make up for capacity).
 * Whether the quiet one is answered within the response target.
 */
function quietAnsweredInTime(
  config: ScoringConfig,
  quiet: Score,
  loudAt: (i: number, at: Date) => Score,
  pace: { arrivalEvery: number; answerSlack: number; backlog: number },
): boolean {
  const target = config.responseTargetHours * 60
  const answerEvery = pace.arrivalEvery * pace.answerSlack
  const rate = config.weights.waiting / config.responseTargetHours
  const outranksFreshAfter = (maxBase(config) / rate) * 60
  const backlog = Math.min(
    pace.backlog,
    Math.floor((target - outranksFreshAfter) / answerEvery) - 1,
  )
  const queue = [{ id: 'quiet', rankKey: quiet.rankKey }]
  const arrive = (i: number, minute: number) => {
    const at = new Date(NOW.getTime() + minute * 60_000)
    queue.push({ id: `loud-${i}`, rankKey: loudAt(i, at).rankKey })
  }
  for (let i = 0; i < backlog; i++) arrive(i, 0)
  let nextArrival = pace.arrivalEvery
  let n = backlog
  for (let minute = answerEvery; minute <= target; minute += answerEvery) {
    for (; nextArrival <= minute; nextArrival += pace.arrivalEvery) arrive(n++, nextArrival)
    queue.sort((x, y) => y.rankKey - x.rankKey)
    if (queue.shift()!.id === 'quiet') return true
  }
  return false
}
