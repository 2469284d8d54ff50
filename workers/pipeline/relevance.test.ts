import { describe, expect, it } from 'vitest'
import { excludedTermIn } from './relevance.js'

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
