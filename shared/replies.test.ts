import { describe, expect, it } from 'vitest'
import { checkReplyLength, countGraphemes, countMastodon, countXWeighted } from './replies.js'

describe('reply lengths as the networks count them', () => {
  it('counts graphemes for Bluesky: a family, a flag, a skin tone and an accent are one each', () => {
    expect(countGraphemes('👨‍👩‍👧‍👦🇫🇷👍🏽é')).toBe(4)
    expect(countGraphemes('e\u0301')).toBe(1)
    expect('👨‍👩‍👧‍👦'.length).toBe(11)
  })

  it("weighs X's characters: Latin 1, CJK 2, an emoji 2, a link 23", () => {
    expect(countXWeighted('hello')).toBe(5)
    expect(countXWeighted('信用')).toBe(4)
    expect(countXWeighted('👨‍👩‍👧‍👦')).toBe(2)
    expect(countXWeighted('see https://example.com/a/very/long/path/that/goes/on')).toBe(4 + 23)
    expect(checkReplyLength('x', 'a'.repeat(280))).toBeNull()
    expect(checkReplyLength('x', '信'.repeat(141))).toBe(
      '282 weighted characters; x allows 280 (2 too many)',
    )
  })

  it('counts Mastodon code points, a link as 23 and a remote mention by its username', () => {
    expect(countMastodon('hi @ana@mastodon.example')).toBe('hi @ana'.length)
    expect(countMastodon('https://example.com/' + 'x'.repeat(100))).toBe(23)
    expect(checkReplyLength('mastodon', 'a'.repeat(501))).toMatch(
      /501 characters; mastodon allows 500/,
    )
    expect(checkReplyLength('mastodon', 'a'.repeat(501), 1000)).toBeNull()
  })
})
