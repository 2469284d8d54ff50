import { describe, expect, it } from 'vitest'
import { analyzeText } from './analyze.js'
import { BRAND_STREAM_COMPLAINT_AT, excludedTermIn, inBrandContext } from './relevance.js'

const terms = { trackedTerms: ['kredo'], excludedTerms: ['kredo bank', 'C++'] }

describe('excludedTermIn', () => {
  it('finds excluded terms as whole words, whatever their case', () => {
    expect(excludedTermIn('Kredo Bank raised its fees again', terms)).toBe('kredo bank')
    expect(excludedTermIn('My Kredo score dropped', terms)).toBeNull()
    expect(excludedTermIn('kredo bankruptcy rumours', terms)).toBeNull()
    expect(excludedTermIn('I write c++ all day', terms)).toBe('c++')
  })

  it('matches nothing without excluded terms', () => {
    expect(excludedTermIn('Kredo Bank', { trackedTerms: [], excludedTerms: [] })).toBeNull()
  })
})

describe('inBrandContext', () => {
  const polite = 'We filed a ticket with Kredo support at 9am, still nothing.'

  it('makes a leaning, not positive post in the brand stream a complaint, and says why', () => {
    const analysis = analyzeText(polite, 'en')
    expect(analysis.complaintScore).toBeGreaterThanOrEqual(BRAND_STREAM_COMPLAINT_AT)
    const read = inBrandContext(analysis, polite, terms)
    expect(read.isComplaint).toBe(true)
    expect(read.explanation.complaintReasons[0]).toMatch(/bar for posts in a brand's stream/)
    expect(read.explanation.complaintReasons).toContain('complaint cue: still waiting')
  })

  it('leaves positive posts and unlikely complaints alone', () => {
    for (const text of ['Kredo support sorted it in minutes, thank you!', 'Kredo has a new logo']) {
      const analysis = analyzeText(text, 'en')
      expect(inBrandContext(analysis, text, terms).isComplaint).toBe(false)
    }
  })

  it('clears a complaint about an excluded term', () => {
    const text = 'Kredo Bank charged me twice and support ignores me, unacceptable'
    const analysis = analyzeText(text, 'en')
    expect(analysis.isComplaint).toBe(true)
    expect(inBrandContext(analysis, text, terms)).toMatchObject({
      isComplaint: false,
      complaintScore: 0,
      explanation: { excludedTerm: 'kredo bank' },
    })
  })
})
