import { describe, it, expect } from 'vitest'
import { NormalizedPostSchema } from '../../../shared/schemas/posts.js'
import { DEMO_BRAND, generateDemoScenario, type DemoItem } from './scenario.js'

const SEEDS = [20260825, 1, 42, 987654321]
const THREE_HOURS = 3 * 60 * 60 * 1000

const scenarios = new Map(SEEDS.map((seed) => [seed, generateDemoScenario(seed)]))
const each = (test: (items: DemoItem[], seed: number) => void) => () => {
  for (const [seed, items] of scenarios) test(items, seed)
}

const key = (item: DemoItem) => `${item.post.network}\u0000${item.post.externalId}`
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

describe('generateDemoScenario', () => {
  it('gives byte-identical output for the same seed and different output for another', () => {
    expect(JSON.stringify(generateDemoScenario(7))).toBe(JSON.stringify(generateDemoScenario(7)))
    expect(JSON.stringify(generateDemoScenario())).toBe(JSON.stringify(generateDemoScenario()))
    expect(JSON.stringify(generateDemoScenario(7))).not.toBe(
      JSON.stringify(generateDemoScenario(8)),
    )
  })

  it(
    'plays roughly 500-700 posts over about three hours, in order',
    each((items) => {
      expect(items.length).toBeGreaterThanOrEqual(500)
      expect(items.length).toBeLessThanOrEqual(700)
      for (let i = 1; i < items.length; i++) {
        expect(items[i]!.offsetMs).toBeGreaterThanOrEqual(items[i - 1]!.offsetMs)
      }
      expect(items[0]!.offsetMs).toBeGreaterThanOrEqual(0)
      expect(items.at(-1)!.offsetMs).toBeLessThanOrEqual(THREE_HOURS)
      expect(items.at(-1)!.offsetMs).toBeGreaterThan(THREE_HOURS * 0.9)
    }),
  )

  it(
    'starts with a burst: the first post within 5 s and at least 10 in the first 2 minutes',
    each((items) => {
      expect(items[0]!.offsetMs).toBeLessThanOrEqual(5_000)
      expect(items.filter((i) => i.offsetMs <= 2 * 60_000).length).toBeGreaterThanOrEqual(10)
    }),
  )

  it(
    'produces posts that ingest accepts',
    each((items) => {
      for (const item of items) {
        const parsed = NormalizedPostSchema.safeParse({ ...item.post, postedAt: new Date() })
        expect(parsed.success, JSON.stringify(item.post)).toBe(true)
      }
    }),
  )

  it(
    'gives every post a unique (network, externalId)',
    each((items) => {
      expect(new Set(items.map(key)).size).toBe(items.length)
    }),
  )

  it(
    'threads replies under earlier parents on the same network, rooted at the thread id',
    each((items) => {
      const seen = new Map<string, DemoItem>()
      const repliesPerThread = new Map<string, number>()
      for (const item of items) {
        const { network, inReplyTo, threadId } = item.post
        if (inReplyTo) {
          const parent = seen.get(`${network}\u0000${inReplyTo}`)
          expect(parent, `parent ${inReplyTo} of ${item.post.externalId}`).toBeDefined()
          expect(item.offsetMs).toBeGreaterThan(parent!.offsetMs)
          let root = parent!
          while (root.post.inReplyTo) root = seen.get(`${network}\u0000${root.post.inReplyTo}`)!
          expect(threadId).toBe(root.post.externalId)
          repliesPerThread.set(threadId!, (repliesPerThread.get(threadId!) ?? 0) + 1)
        } else {
          expect(threadId ?? null).toBeNull()
        }
        seen.set(key(item), item)
      }
      const threads = [...repliesPerThread.values()].filter((n) => n >= 2 && n <= 15)
      expect(threads.length).toBeGreaterThanOrEqual(40)
    }),
  )

  it(
    'spans several networks with ids and links shaped like theirs',
    each((items) => {
      const networks = new Set(items.map((i) => i.post.network))
      expect(networks.size).toBeGreaterThanOrEqual(4)
      const shapes: Record<string, [RegExp, RegExp]> = {
        bluesky: [
          /^at:\/\/did:plc:[a-z2-7]{24}\/app\.bsky\.feed\.post\/[2-7a-z]{13}$/,
          /^https:\/\/bsky\.app\/profile\/[\w.-]+\/post\/[2-7a-z]{13}$/,
        ],
        mastodon: [/^\d{15,20}$/, /^https:\/\/[\w.-]+\/@\w+\/\d{15,20}$/],
        x: [/^\d{15,20}$/, /^https:\/\/x\.com\/\w{1,15}\/status\/\d{15,20}$/],
        reddit: [
          /^t[13]_[0-9a-z]+$/,
          /^https:\/\/www\.reddit\.com\/r\/\w+\/comments\/[0-9a-z]+\/[\w/]+\/$/,
        ],
        hackernews: [/^\d+$/, /^https:\/\/news\.ycombinator\.com\/item\?id=\d+$/],
      }
      for (const { post } of items) {
        const [id, url] = shapes[post.network]!
        expect(post.externalId).toMatch(id)
        expect(post.url).toMatch(url)
        if (post.network === 'bluesky') {
          expect(post.url!.endsWith(post.externalId.split('/').pop()!)).toBe(true)
        }
        if (post.network !== 'bluesky' && post.network !== 'reddit') {
          expect(post.url!.endsWith(post.externalId)).toBe(true)
        }
      }
    }),
  )

  it(
    'has heavy-tailed follower counts and authors who post more than once',
    each((items) => {
      const byAuthor = new Map<string, number>()
      for (const { post } of items) {
        const author = `${post.network}\u0000${post.author.externalId}`
        if (!byAuthor.has(author) && typeof post.author.followers === 'number') {
          byAuthor.set(author, post.author.followers)
        }
      }
      const followers = [...byAuthor.values()]
      expect(median(followers)).toBeLessThan(2_000)
      expect(Math.max(...followers)).toBeGreaterThan(100_000)

      const posts = new Map<string, number>()
      for (const { post } of items) {
        const author = `${post.network}\u0000${post.author.externalId}`
        posts.set(author, (posts.get(author) ?? 0) + 1)
      }
      expect([...posts.values()].filter((n) => n >= 4).length).toBeGreaterThanOrEqual(3)
    }),
  )

  it(
    'is about Kredo, with some posts in other languages',
    each((items) => {
      const mentions = items.filter((i) => /kredo/i.test(i.post.text ?? '')).length
      expect(mentions / items.length).toBeGreaterThan(0.7)
      const langs = new Set(items.map((i) => i.post.lang))
      expect(langs.has('en')).toBe(true)
      expect(['es', 'pt', 'de', 'fr'].filter((l) => langs.has(l)).length).toBeGreaterThanOrEqual(2)
    }),
  )

  it(
    'keeps engagement plausible: non-negative integers, larger for larger accounts',
    each((items) => {
      for (const { post } of items) {
        for (const n of Object.values(post.engagement ?? {})) {
          expect(Number.isInteger(n) && (n as number) >= 0).toBe(true)
        }
      }
      const likes = (small: boolean) =>
        median(
          items
            .filter((i) => !i.post.inReplyTo && i.post.author.followers != null)
            .filter((i) => Number(i.post.author.followers) < 500 === small)
            .map((i) => Number(i.post.engagement?.likes ?? 0)),
        )
      expect(likes(false)).toBeGreaterThan(likes(true))
    }),
  )

  it('describes the brand the demo plays against', () => {
    expect(DEMO_BRAND).toEqual({
      slug: 'kredo',
      name: 'Kredo',
      trackedTerms: ['kredo', 'kredo score', '#kredoscore'],
      excludedTerms: ['kredo bank'],
    })
  })
})
