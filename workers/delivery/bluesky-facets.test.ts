import { describe, expect, it } from 'vitest'
import { buildFacets, detectFacets } from './bluesky-facets.js'

/** The text a facet covers, cut from the UTF-8 bytes as a Bluesky reader cuts it. */
const cut = (text: string, f: { byteStart: number; byteEnd: number }) =>
  Buffer.from(text, 'utf8').subarray(f.byteStart, f.byteEnd).toString('utf8')

const resolveAna = async (handle: string) =>
  handle === 'ana.bsky.social' ? 'did:plc:ana4bsky7social' : null

describe('Bluesky facets', () => {
  it('counts UTF-8 bytes, not UTF-16 units: an emoji is 4 bytes, é is 2', async () => {
    const text = '😡 Désolé @ana.bsky.social, voir https://kredo.example/état?x=1 🙏'
    const facets = await buildFacets(text, resolveAna)
    expect(facets).toEqual([
      {
        index: { byteStart: 14, byteEnd: 30 },
        features: [{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:ana4bsky7social' }],
      },
      {
        index: { byteStart: 37, byteEnd: 68 },
        features: [
          { $type: 'app.bsky.richtext.facet#link', uri: 'https://kredo.example/état?x=1' },
        ],
      },
    ])
    // In UTF-16 the mention starts at 10, not 14: string offsets would be wrong.
    expect(text.indexOf('@ana')).toBe(10)
    expect(cut(text, facets[0]!.index)).toBe('@ana.bsky.social')
    expect(cut(text, facets[1]!.index)).toBe('https://kredo.example/état?x=1')
  })

  it('leaves a handle that does not resolve as plain text, and keeps its links', async () => {
    const text = 'Hi @nobody.bsky.social! See https://kredo.example.'
    const facets = await buildFacets(text, resolveAna)
    expect(facets).toHaveLength(1)
    expect(cut(text, facets[0]!.index)).toBe('https://kredo.example')
  })

  it('resolves each handle once, however often it is mentioned', async () => {
    const asked: string[] = []
    const text = '@Ana.bsky.social and (@ana.bsky.social) again'
    const facets = await buildFacets(text, async (h) => (asked.push(h), resolveAna(h)))
    expect(asked).toEqual(['ana.bsky.social'])
    expect(facets.map((f) => cut(text, f.index))).toEqual(['@Ana.bsky.social', '@ana.bsky.social'])
  })

  it('ignores an @ inside a word or without a domain, and punctuation or a stray ) after a link', () => {
    const text = 'mail me@kredo.example, @ana, (see https://kredo.example/a).'
    const found = detectFacets(text)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ kind: 'link', uri: 'https://kredo.example/a' })
    expect(cut(text, found[0]!)).toBe('https://kredo.example/a')
  })

  it('finds a mention at the very start and a trailing-dot handle without its dot', () => {
    const text = '@ana.bsky.social. 👋🏽 ça va?'
    const [mention] = detectFacets(text)
    expect(mention).toMatchObject({ kind: 'mention', handle: 'ana.bsky.social', byteStart: 0 })
    expect(cut(text, mention!)).toBe('@ana.bsky.social')
  })
})
