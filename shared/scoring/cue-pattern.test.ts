import { describe, expect, it } from 'vitest'
import { cuePatternProblem, findCueMatches } from './cue-pattern.js'

describe('findCueMatches', () => {
  it('finds every match case-insensitively, at offsets String.slice takes', () => {
    const text = 'é😀 My LAWYER says sue; a lawyer.'
    const matches = findCueMatches('\\b(lawyers?|sue)\\b', text)
    expect(matches.map((m) => text.slice(m.start, m.end))).toEqual(['LAWYER', 'sue', 'lawyer'])
  })

  it('skips empty matches and stops at the limit', () => {
    expect(findCueMatches('x*', 'abc')).toEqual([])
    expect(findCueMatches('a', 'aaaa', 2)).toHaveLength(2)
  })

  it('refuses what the scoring refuses', () => {
    expect(cuePatternProblem('(?=a)b')).toMatch(/lookarounds/)
    expect(() => findCueMatches('(?=a)b', 'ab')).toThrow()
  })
})
