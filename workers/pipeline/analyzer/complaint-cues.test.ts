import { describe, expect, it } from 'vitest'
import { DATASETS, DEFAULT_DATA_DIR, readDataset } from '../../../scripts/analyzer/datasets.js'
import { COMPLAINT_CUES, matchComplaintCues } from './complaint-cues.js'
import { tokenize } from './tokens.js'

/** What the cue patterns alone find: every pattern over the lower-cased text. */
const byPatternsAlone = (text: string) =>
  COMPLAINT_CUES.filter(({ pattern }) => pattern.test(text.toLowerCase())).map((c) => c.name)

const cues = (text: string) => matchComplaintCues(text, tokenize(text))

describe('complaint cues', () => {
  it('finds a cue wherever its words hide: inside URLs, hashtags, mentions and hyphenated words', () => {
    expect(cues('@acme still waiting on that refund')).toEqual([
      'still waiting',
      'refund or compensation',
    ])
    expect(cues('see https://example.com/support/ticket/9')).toEqual(['support ticket'])
    expect(cues('#NotWorking #fail')).toEqual(['something broke'])
    expect(cues('thanks @support')).toEqual(['support ticket'])
    expect(cues('a long-waiting for nothing')).toEqual(['still waiting'])
    expect(cues('refund_please')).toEqual(['refund or compensation'])
  })

  it('finds arrows and numbers that no word carries', () => {
    expect(cues('my score went 71 -> 52')).toEqual(['numbers going down'])
    expect(cues('71→52 overnight')).toEqual(['numbers going down', 'sudden, unannounced change'])
    expect(cues('from 71 to 52 after 3 days')).toEqual([
      'numbers going down',
      'duration of the wait',
    ])
  })

  it('finds nothing in a post without a trigger word', () => {
    expect(cues('I hate Mondays')).toEqual([])
    expect(cues('stiiill waaaiting')).toEqual(byPatternsAlone('stiiill waaaiting'))
  })

  // The trigger words only skip the patterns: over every development text (58,000 posts in
  // four styles), they must find exactly what the patterns alone find.
  it.each(Object.keys(DATASETS) as Array<keyof typeof DATASETS>)(
    'finds exactly what the patterns alone find in every %s text',
    (name) => {
      const differ = readDataset(DEFAULT_DATA_DIR, name)
        .map((p) => p.text)
        .filter((text) => cues(text).join('|') !== byPatternsAlone(text).join('|'))
      expect(differ).toEqual([])
    },
  )
})
