import { describe, expect, it } from 'vitest'
import { tokenizeReply } from './reply-tokens.js'

describe('tokenizeReply', () => {
  it('finds links (without trailing punctuation) and mentions, local and remote', () => {
    expect(
      tokenizeReply('Hi @ana.bsky.social, see https://kredo.example/help?id=1. Or @bo@m.example!'),
    ).toEqual([
      { kind: 'text', value: 'Hi ' },
      { kind: 'mention', value: '@ana.bsky.social' },
      { kind: 'text', value: ', see ' },
      { kind: 'link', value: 'https://kredo.example/help?id=1' },
      { kind: 'text', value: '. Or ' },
      { kind: 'mention', value: '@bo@m.example' },
      { kind: 'text', value: '!' },
    ])
  })

  it('leaves an e-mail address and a javascript: URL as text', () => {
    expect(tokenizeReply('mail me@kredo.example or javascript:alert(1)')).toEqual([
      { kind: 'text', value: 'mail me@kredo.example or javascript:alert(1)' },
    ])
  })
})
