import { describe, expect, it } from 'vitest'
import { bestTheme, themeVectors } from './assign.js'
import { discoverThemes, nameOf } from './discover.js'
import { seededRandom } from './kmeans.js'
import { brandWords, phraseKey, textPhrases } from './phrases.js'
import { planAssignments, planDiscovery, type StoredTheme } from './plan.js'
import { shouldRediscover } from './rediscover.js'

/**
 * Three grievances, each a key phrase said with words of its own and words every angry post
 * uses, mixed by a fixed pattern; and the brand's ordinary chatter around them.
 */
const GRIEVANCES = {
  drop: { phrase: 'score dropped', words: ['overnight', 'points', 'forty', 'again', 'plunged'] },
  history: {
    phrase: 'history was rewritten',
    words: ['screenshots', 'past', 'months', 'graph', 'archive'],
  },
  job: { phrase: 'job search', words: ['recruiter', 'employer', 'interview', 'hiring', 'resume'] },
}
const SHARED = ['honestly', 'terrible', 'unfair', 'ridiculous', 'awful', 'furious', 'insane']
const CHATTER = [
  'Acme Score is an interesting metric, how is the score computed',
  'Does Acme publish the score methodology anywhere?',
  'Read an article about Acme today, the score seems popular',
  'Acme has a new logo and the app looks nice',
]

function corpusOf(perGrievance: number, seed = 1) {
  const random = seededRandom(seed)
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!
  const complaints: Array<{ id: number; text: string; grievance: string }> = []
  let id = seed * 1_000
  for (let i = 0; i < perGrievance; i++)
    for (const [grievance, { phrase, words }] of Object.entries(GRIEVANCES)) {
      const text = `My Acme ${phrase}. ${pick(words)} ${pick(words)}, ${pick(SHARED)} ${pick(SHARED)}`
      complaints.push({ id: ++id, text, grievance })
    }
  const others = Array.from({ length: perGrievance * 2 }, (_, i) => ({ text: CHATTER[i % 4]! }))
  return { complaints, others, brandTerms: ['Acme', 'Acme Score'] }
}

describe('keyphrases', () => {
  it('stems, drops stopwords, brand words, numbers, links and handles, and keeps 1–3-grams', () => {
    const excluded = brandWords(['Acme Score'])
    const keys = textPhrases('@someone My Acme Score DROPPED to 40 https://x.co #Unfair', excluded)
      .map((p) => p.key)
      .sort()
    expect(keys).toEqual(['drop', 'unfair'])
    expect(phraseKey('Scores dropped', new Set())).toBe(phraseKey('score drop', new Set()))
    expect(textPhrases('history rewritten quietly', excluded).map((p) => p.key)).toContain(
      'histori rewritten quietli',
    )
  })

  it('keeps each phrase as written, small words in and brand words and numbers out', () => {
    const excluded = brandWords(['Acme Score'])
    const written = (text: string) =>
      Object.fromEntries(textPhrases(text, excluded).map((p) => [p.key, p.text]))
    const phrases = written('Roll back the Acme Score change! It went from 71 to 52 points')
    expect(phrases['roll chang']).toBe('roll back the change')
    // A number is never shown: the phrase falls back to its content words.
    expect(phrases['went point']).toBe('went points')
    // Too many small words between make a sentence, not a phrase.
    expect(written('rolled it all back to how it was before')['roll']).toBe('rolled')
    // The written form is the phrase again.
    expect(phraseKey('roll back the change', excluded)).toBe('roll chang')
  })
})

describe('discoverThemes', () => {
  it('recovers each grievance as a theme named by its phrase', () => {
    const corpus = corpusOf(20)
    const themes = discoverThemes(corpus)
    expect(themes.length).toBe(3)
    const grievanceOf = new Map(corpus.complaints.map((p) => [p.id, p.grievance]))
    for (const theme of themes) {
      const grievances = new Set(theme.postIds.map((id) => grievanceOf.get(id)))
      expect(grievances.size, theme.name).toBe(1)
    }
    // Names are phrases as written; "score" is a brand word here (the brand tracks "Acme Score"),
    // so that grievance has one word to it, and the theme's next word joins it.
    const names = themes.map((t) => t.name).sort()
    expect(names.slice(1)).toEqual(['history was rewritten', 'job search'])
    expect(names[0]).toMatch(/^dropped · (overnight|points|forty|again|plunged)$/)
    expect(themes.flatMap((t) => t.phrases)).toContain('history was rewritten')
    // Brand words never make a phrase; the brand's chatter words weigh against a phrase.
    const phrases = themes.flatMap((t) => t.phrases)
    expect(phrases.some((p) => /acme/i.test(p))).toBe(false)
    expect(phrases).not.toContain('methodology')
  })

  it('says nothing below the minimum corpus', () => {
    expect(
      discoverThemes({ ...corpusOf(1), complaints: corpusOf(1).complaints.slice(0, 5) }),
    ).toEqual([])
  })
})

describe('theme names', () => {
  const ranked = (...phrases: Array<[string, number]>) =>
    phrases.map(([text, coverage]) => ({ key: text, text, coverage }))

  it('prefer a phrase covering half of what the best word does, else join two words', () => {
    const name = (...phrases: Array<[string, number]>) => nameOf(ranked(...phrases))
    expect(name(['hit', 0.9], ['hit by the change', 0.48], ['awful', 0.5])).toBe(
      'hit by the change',
    )
    expect(name(['points', 0.9], ['dropped', 0.37], ['dropping points', 0.22])).toBe(
      'points · dropped',
    )
    expect(name(['helpdesk', 1], ['down', 0.1])).toBe('helpdesk')
    expect(name(['no reply yet', 0.3])).toBe('no reply yet')
  })
})

describe('rediscovery', () => {
  it('keeps theme identities, adviser names and placements, and only places unplaced posts', () => {
    const first = corpusOf(20)
    const plan = planDiscovery(first, [], new Map())
    expect(plan.updated).toEqual([])
    const themes: StoredTheme[] = plan.created.map((c, i) => ({
      id: `t${i}`,
      phrases: c.phrases,
      named: i === 0,
    }))
    const placed = new Map<number, string>()
    for (const a of plan.assignments)
      placed.set(a.postId, 'created' in a.theme ? `t${a.theme.created}` : a.theme.themeId)

    // More of the same posts arrive; discovery runs again over old and new.
    const more = corpusOf(20, 2)
    const corpus = { ...first, complaints: [...first.complaints, ...more.complaints] }
    const again = planDiscovery(corpus, themes, placed)
    expect(again.created).toEqual([])
    expect(again.updated.map((u) => u.themeId).sort()).toEqual(['t0', 't1', 't2'])
    expect(again.updated.find((u) => u.themeId === 't0')!.name).toBeNull()
    expect(again.updated.find((u) => u.themeId === 't1')!.name).not.toBeNull()
    const moved = again.assignments.filter((a) => placed.has(a.postId))
    expect(moved).toEqual([])
    expect(again.assignments.length).toBe(more.complaints.length)

    // New posts join the theme their grievance's posts are in.
    const sample = more.complaints.slice(0, 9)
    const { assignments } = planAssignments(sample, themes, first.brandTerms)
    for (const a of assignments) {
      const post = sample.find((p) => p.id === a.postId)!
      const sibling = first.complaints.find((p) => p.grievance === post.grievance)!
      expect('themeId' in a.theme && a.theme.themeId).toBe(placed.get(sibling.id))
    }
  })

  it('is due at the minimum corpus, when complaints doubled, or when many joined no theme', () => {
    expect(shouldRediscover({ seen: 29, seenAtDiscovery: 0, unmatched: 29 })).toBe(false)
    expect(shouldRediscover({ seen: 30, seenAtDiscovery: 0, unmatched: 0 })).toBe(true)
    expect(shouldRediscover({ seen: 100, seenAtDiscovery: 60, unmatched: 5 })).toBe(false)
    expect(shouldRediscover({ seen: 120, seenAtDiscovery: 60, unmatched: 0 })).toBe(true)
    expect(shouldRediscover({ seen: 100, seenAtDiscovery: 60, unmatched: 25 })).toBe(true)
  })
})

describe('assignment', () => {
  it('joins the most similar theme, and none without a shared phrase', () => {
    const excluded = new Set<string>()
    const vectors = themeVectors(
      [
        { id: 'a', phrases: ['score dropped', 'points'] },
        { id: 'b', phrases: ['history rewritten', 'screenshot'] },
      ],
      excluded,
    )
    expect(bestTheme('They rewrote it: history rewritten!', vectors, excluded)?.id).toBe('b')
    expect(bestTheme('my scores dropped again', vectors, excluded)?.id).toBe('a')
    expect(bestTheme('lovely weather', vectors, excluded)).toBeNull()
  })
})
