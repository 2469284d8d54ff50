import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import { sourceRow } from '../support/source-row.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { fakeXLookup, type TweetCounts } from '../support/fake-x-lookup.js'
import { FixtureServer, loadFixture } from '../support/fixture-server.js'
import { SourceError, type PollResult } from '../../workers/sources/connector.js'
import { sourceIo } from '../../workers/sources/source-io.js'
import { newerId, searchQuery, XConfigSchema, xConnector } from '../../workers/sources/x.js'

const BRAND = { trackedTerms: ['klout'], excludedTerms: [] }
const PAGE1 = ['2092268397130764435', '2092265435952136332', '2092260717360132229']
const PAGE2 = ['2092256095237120126', '2092251976430588023']
// X's search also matches the @KloutSupport handle; the brand rules (a whole word) do not, so
// the two replies that only mention the handle are dropped by io.rules.matches.
const KEPT = [PAGE1[0]!, PAGE1[1]!, PAGE2[1]!]
const NOW = Date.parse('2026-08-25T15:30:00Z')

let t: TestContext
let server: FixtureServer
beforeAll(async () => {
  t = await createTestContext({ SSRF_ALLOWLIST: '127.0.0.1' })
  server = await new FixtureServer('x').start()
})
afterAll(async () => {
  await server?.close()
  await t?.close()
})
beforeEach(() => {
  server.faults = []
  server.scenario = null
  server.extra = []
  server.requests.length = 0
})

// The fixtures were recorded for `klout` with retweets and 10 a page.
function source(cursor: unknown = null, config: Record<string, unknown> = {}): SourceRow {
  return sourceRow({
    id: 'src_x',
    brandId: 'b',
    kind: 'x',
    name: 'x',
    enabled: true,
    config: {
      baseUrl: server.url,
      query: 'klout',
      includeRetweets: true,
      maxResults: 10,
      ...config,
    },
    secretsCiphertext: t.ctx.secrets.seal(JSON.stringify({ bearerToken: 'AAAA-test' })),
    cursor,
  })
}
const poll = (row: SourceRow, timeoutMs?: number) =>
  xConnector.poll(row, NOW, sourceIo(t.ctx, row, BRAND, { timeoutMs }))
const searches = () => server.requests.filter((r) => r.path === '/2/tweets/search/recent')
const lookups = () => server.requests.filter((r) => r.path === '/2/tweets')
const counts = (n: number): TweetCounts => ({
  like_count: n,
  reply_count: n + 1,
  retweet_count: n + 2,
  quote_count: n + 3,
})
// Caught up: the search answers nothing new (since_id=1), so only the lookup has news.
const quiet = (recent: string[], recheckAfter: number | null = null) => ({
  sinceId: '1',
  sweep: null,
  recent,
  recheckAfter,
})
const ids = (r: PollResult) => r.records.map((x) => (x.ok ? x.post.externalId : 'bad'))
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('the poll should have failed'),
    (e: unknown) => {
      expect(e).toBeInstanceOf(SourceError)
      return e as SourceError
    },
  )

/** The search, caught up at since_id=1: nothing new. */
const caughtUp = () => (req: { path: string; query: URLSearchParams }) =>
  req.path === '/2/tweets/search/recent' && req.query.get('since_id') === '1'
    ? { status: 200, headers: {}, body: JSON.stringify({ meta: { result_count: 0 } }) }
    : undefined

describe('x connector', () => {
  it('pages a sweep with next_token, then asks for what is newer with since_id', async () => {
    const first = await poll(source())
    expect(ids(first)).toEqual(KEPT)
    expect(server.requests).toHaveLength(2)
    expect(first.cursor).toEqual({
      sinceId: PAGE1[0],
      sweep: null,
      recent: KEPT,
      recheckAfter: null,
    })
    expect(server.requests[0]!.headers.authorization).toBe('Bearer AAAA-test')
    expect(server.requests[1]!.query.get('next_token')).toMatch(/^b26v/)
    const post = first.records[1]!.ok ? first.records[1]!.post : null
    expect(post).toMatchObject({
      network: 'x',
      url: expect.stringMatching(/^https:\/\/x\.com\/[^/]+\/status\/2092265435952136332$/),
      lang: 'en',
      engagement: { likes: 2210, replies: 77, shares: 760 },
    })
    expect(post!.author.followers).toEqual(expect.any(Number))

    server.extra.push(fakeXLookup(new Map(KEPT.map((id) => [id, counts(1)]))))
    const next = await poll(source(first.cursor))
    expect(searches().at(-1)!.query.get('since_id')).toBe(PAGE1[0])
    expect(next.records).toEqual([])
    expect(next.cursor).toMatchObject({ sinceId: PAGE1[0], sweep: null, recent: KEPT })
    expect(next.nextPollAt).toBe(NOW + 60_000)
  })

  it('keeps a sweep in progress in the cursor and finishes it on the next poll', async () => {
    const first = await poll(source(null, { maxPagesPerPoll: 1 }))
    expect(ids(first)).toEqual(KEPT.slice(0, 2))
    expect(first.cursor).toMatchObject({ sinceId: null, sweep: { newestId: PAGE1[0] } })
    // The page budget is spent with the sweep unfinished: the next tick reads on.
    expect(first.nextPollAt).toBe(NOW)
    const second = await poll(source(first.cursor, { maxPagesPerPoll: 1 }))
    expect(ids(second)).toEqual(KEPT.slice(2))
    expect(second.cursor).toMatchObject({ sinceId: PAGE1[0], sweep: null })
  })

  it('retries a 429 at x-rate-limit-reset, and says a usage cap waits for its reset', async () => {
    server.scenario = 'rate_limited'
    const limited = await failure(poll(source()))
    expect(limited.options).toMatchObject({ status: 429, retryAt: 1787671500 * 1000 })
    server.scenario = 'usage_capped'
    const capped = await failure(poll(source()))
    expect(capped.message).toMatch(/usage cap/i)
    expect(capped.message).toMatch(/until it resets/)
    expect(capped.options.retryAt).toBeGreaterThan(NOW)
  })

  it('waits for the reset when the quota is spent but the answer was a 200', async () => {
    server.extra.push((req) =>
      req.query.get('since_id') === '1'
        ? {
            status: 200,
            headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '1787671800' },
            body: JSON.stringify({ meta: { result_count: 0 } }),
          }
        : undefined,
    )
    const r = await poll(source({ sinceId: '1', sweep: null }))
    server.extra = []
    expect(r.nextPollAt).toBe(1787671800 * 1000)
  })

  it('fails permanently on 401 and names X’s message on 400', async () => {
    server.scenario = 'bad_token'
    expect((await failure(poll(source()))).options).toMatchObject({ status: 401, permanent: true })
    server.scenario = null
    expect(() => XConfigSchema.parse({ maxResults: 5 })).toThrow()
    // X's own 400, as the fixture records it (max_results=5 is refused by X).
    server.extra.push((req) =>
      req.query.get('max_results') === '10'
        ? server.match({ ...req, query: new URLSearchParams({ query: 'klout', max_results: '5' }) })
        : undefined,
    )
    const invalid = await failure(poll(source()))
    server.extra = []
    expect(invalid.message).toMatch(/400 .*not between 10 and 100/)
    expect(invalid.options.permanent).toBe(true)

    // A stale next_token restarts the sweep rather than stopping the source.
    server.faults.push({ kind: 'status', status: 400 })
    const stale = await poll(source({ sinceId: '5', sweep: { nextToken: 'old', newestId: '9' } }))
    expect(stale.cursor).toMatchObject({ sinceId: '5', sweep: null })
  })

  it('fails on 500, malformed JSON and a slow answer, the cursor untouched', async () => {
    server.faults.push({ kind: 'status', status: 500 })
    expect((await failure(poll(source()))).options.status).toBe(500)
    server.faults.push({ kind: 'malformed' })
    expect((await failure(poll(source()))).message).toMatch(/not JSON/)
    server.faults.push({ kind: 'slow', ms: 500 })
    expect((await failure(poll(source(), 100))).message).toMatch(/no answer within/)
  })

  it('sets a malformed tweet aside and keeps the ones beside it', async () => {
    server.extra.push((req) =>
      req.query.get('since_id') === '7'
        ? {
            status: 200,
            headers: {},
            body: JSON.stringify({
              data: [
                { id: 'not-a-number', text: 'klout' },
                {
                  id: '9',
                  text: 'klout broke again',
                  author_id: '5',
                  created_at: '2026-08-25T15:00:00Z',
                  lang: 'qme',
                },
                { id: '10', text: 'unrelated', author_id: '5', created_at: '2026-08-25T15:00:00Z' },
              ],
              includes: { users: [{ id: '5', username: 'someone', verified: true }] },
              meta: { newest_id: '10', result_count: 3 },
            }),
          }
        : undefined,
    )
    const r = await poll(source({ sinceId: '7', sweep: null }))
    server.extra = []
    expect(r.records.map((x) => x.ok)).toEqual([false, true])
    const post = r.records[1]!.ok ? r.records[1]!.post : null
    expect(post).toMatchObject({ lang: null, author: { handle: 'someone', verified: true } })
    expect(r.cursor).toEqual({ sinceId: '10', sweep: null, recent: ['9'], recheckAfter: null })
  })

  it('looks stored tweets up again: a not-found one is deleted, the others get fresh counts', async () => {
    server.extra.push(
      caughtUp(),
      fakeXLookup(
        new Map([
          [KEPT[0]!, counts(40)],
          [KEPT[2]!, counts(7)],
        ]),
      ),
    )
    const r = await poll(source(quiet(KEPT)))
    expect(lookups()).toHaveLength(1)
    expect(lookups()[0]!.query.get('ids')).toBe(KEPT.join(','))
    expect(lookups()[0]!.query.get('tweet.fields')).toBe('public_metrics')
    expect(lookups()[0]!.headers.authorization).toBe('Bearer AAAA-test')
    expect(r.deletes).toEqual([{ network: 'x', externalId: KEPT[1] }])
    expect(r.engagement).toEqual([
      { network: 'x', externalId: KEPT[0], likes: 40, replies: 41, shares: 42 + 43 },
      { network: 'x', externalId: KEPT[2], likes: 7, replies: 8, shares: 9 + 10 },
    ])
    expect(r.warnings).toEqual([])
    // The deleted tweet is not asked for again; the next lookup waits five minutes.
    expect(r.cursor).toEqual(quiet([KEPT[0]!, KEPT[2]!], NOW + 5 * 60_000))
    const soon = await poll(source(r.cursor))
    expect(lookups()).toHaveLength(1)
    expect(soon.engagement).toEqual([])
    expect(soon.cursor).toEqual(r.cursor)
  })

  it('reads the counts of X’s documented lookup answer (its includes.tweets are not asked-for tweets)', async () => {
    const id = '1212092628029698048'
    // The fixture answers a lookup asking for more fields: the body is what matters here.
    const fixture = loadFixture('x/tweets_lookup_public_metrics.doc.json')
    server.extra.push(caughtUp(), (req) => (req.path === '/2/tweets' ? fixture : undefined))
    const r = await poll(source(quiet([id])))
    // includes.tweets (the replied-to tweet) is not a stored tweet's answer.
    expect(r.engagement).toEqual([
      { network: 'x', externalId: id, likes: 38, replies: 3, shares: 7 + 1 },
    ])
    expect(r.deletes).toEqual([])
  })

  it('a failed lookup keeps the new tweets, says why, and is tried again five minutes later', async () => {
    server.extra.push(caughtUp())
    server.extra.push((req) =>
      req.path === '/2/tweets'
        ? { status: 503, headers: {}, body: '{"title":"Service Unavailable"}' }
        : undefined,
    )
    const failed = await poll(source(quiet(KEPT)))
    expect(failed.warnings).toEqual([expect.stringMatching(/recheck .* failed: x answered 503/)])
    expect(failed.deletes).toEqual([])
    expect(failed.cursor).toEqual(quiet(KEPT, NOW + 5 * 60_000))
    // The same poll with new tweets: they are all kept, and the recheck list grows.
    const withNew = await poll(source({ ...quiet(KEPT), sinceId: null }))
    expect(ids(withNew)).toEqual(KEPT)
    expect(withNew.warnings).toHaveLength(1)
    expect((withNew.cursor as { recent: string[] }).recent).toEqual(KEPT)
  })

  it('a 429 or a spent window on the lookup delays only the lookup, to its reset', async () => {
    server.extra.push(caughtUp(), (req) =>
      req.path === '/2/tweets'
        ? {
            status: 429,
            headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '1787672000' },
            body: '{"title":"Too Many Requests","type":"about:blank","status":429}',
          }
        : undefined,
    )
    const limited = await poll(source(quiet(KEPT)))
    expect(limited.warnings).toEqual([expect.stringMatching(/429/)])
    expect(limited.cursor).toEqual(quiet(KEPT, 1787672000 * 1000))
    // The search goes on at its own pace; the lookup is not asked before its reset.
    expect(limited.nextPollAt).toBe(NOW + 60_000)
    await poll(source(limited.cursor))
    expect(lookups()).toHaveLength(1)

    server.extra = [
      caughtUp(),
      fakeXLookup(new Map(KEPT.map((id) => [id, counts(1)])), {
        'x-rate-limit-remaining': '1',
        'x-rate-limit-reset': '1787673000',
      }),
    ]
    const spent = await poll(source(quiet(KEPT)))
    expect(spent.engagement).toHaveLength(3)
    expect(spent.warnings).toEqual([])
    expect(spent.cursor).toEqual(quiet(KEPT, 1787673000 * 1000))
  })

  it('builds its query and compares ids as 64-bit numbers', () => {
    const config = XConfigSchema.parse({})
    expect(searchQuery(config, 'klout')).toBe('klout -is:retweet')
    expect(searchQuery({ ...config, query: 'klout is:retweet' }, 'x')).toBe('klout is:retweet')
    expect(newerId('9007199254740993', '9007199254740992')).toBe('9007199254740993')
    expect(newerId(null, '5')).toBe('5')
  })
})
