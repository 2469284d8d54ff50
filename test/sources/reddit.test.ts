import crypto from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import { sourceRow } from '../support/source-row.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { FakeReddit, KLOUT_COMMENTS, KLOUT_LINKS } from '../support/fake-reddit.js'
import { loadFixture } from '../support/fixture-server.js'
import { SourceError, type PollResult } from '../../workers/sources/connector.js'
import { redditConnector } from '../../workers/sources/reddit.js'
import { forgetRedditTokens } from '../../workers/sources/reddit-auth.js'
import { sourceIo } from '../../workers/sources/source-io.js'

const NOW = Date.parse('2026-08-25T14:30:00Z')
const BRAND = { trackedTerms: ['klout'], excludedTerms: [] as string[] }
let t: TestContext
let fake: FakeReddit

beforeAll(async () => {
  t = await createTestContext({ SSRF_ALLOWLIST: '127.0.0.1' })
  fake = await new FakeReddit().start()
})
afterAll(async () => {
  await fake?.close()
  await t?.close()
})
beforeEach(() => {
  fake.requests.length = 0
  fake.faults = []
  fake.rateLimitTokens = false
  fake.refuseTokens = false
  fake.deleted.clear()
  fake.issued = 0
  forgetRedditTokens()
})

function source(config: Record<string, unknown> = {}, cursor: unknown = null): SourceRow {
  return sourceRow({
    id: `src_${crypto.randomBytes(4).toString('hex')}`,
    brandId: 'b',
    kind: 'reddit',
    name: 'Reddit',
    enabled: true,
    config: { baseUrl: fake.url, authBaseUrl: fake.url, pageSize: 2, ...config },
    secretsCiphertext: t.ctx.secrets.seal(
      JSON.stringify({ clientId: fake.clientId, clientSecret: fake.clientSecret }),
    ),
    cursor,
  })
}

const poll = (row: SourceRow, opts: { timeoutMs?: number; now?: number } = {}) =>
  redditConnector.poll(row, opts.now ?? NOW, sourceIo(t.ctx, row, BRAND, opts))

const ids = (result: PollResult) => result.records.map((r) => (r.ok ? r.post.externalId : 'bad'))

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(SourceError)
  return err as SourceError
}

/** A search answer of our own: page 1 with other headers, or other things. */
function searchAnswer(headers: Record<string, string>) {
  const page = loadFixture(
    'reddit/search.klout.page1.assembled.json',
    'reddit/search.klout.page1.assembled.json.headers.txt',
  )
  fake.extra.unshift((req) =>
    req.path === '/search' ? { ...page, headers: { ...page.headers, ...headers } } : undefined,
  )
}

describe('reddit: token, paging, cursor and mapping', () => {
  it('gets an app-only token once, pages search by after, maps links, and resumes', async () => {
    const row = source()
    const first = await poll(row)
    expect(ids(first)).toEqual(KLOUT_LINKS)
    const token = fake.calls('/api/v1/access_token')
    expect(token).toHaveLength(1)
    expect(token[0]!.method).toBe('POST')
    expect(token[0]!.headers['user-agent']).toBe('server:firebreak:1.0 (social listening)')
    expect(token[0]!.body).toBe('grant_type=client_credentials')
    const searches = fake.calls('/search')
    expect(searches.map((r) => r.query.get('after'))).toEqual([null, 't3_1n0kx3b'])
    expect(Object.fromEntries(searches[0]!.query)).toEqual({
      q: 'klout',
      sort: 'new',
      type: 'link',
      limit: '2',
      raw_json: '1',
    })
    expect(searches[0]!.headers.authorization).toBe('bearer token-1')

    const post = first.records[0]!
    expect(post.ok && post.post).toMatchObject({
      network: 'reddit',
      externalId: 't3_1n0m2hv',
      url: 'https://www.reddit.com/r/KloutUsers/comments/1n0m2hv/cancelled_my_klout_pro_after_the_score_change/',
      text: 'Cancelled my Klout Pro after the score change\n\nPaid for 3 years. The score was the only reason. Now it is meaningless noise. Cancelled today.',
      postedAt: new Date(1787672422 * 1000),
      author: { externalId: 't2_1aa0b9x3', handle: 'quiet_oak' },
      threadId: 't3_1n0m2hv',
      inReplyTo: null,
      engagement: { likes: 233, replies: 18, shares: 0 },
    })
    expect(first.cursor).toEqual({
      listings: { search: { newest: 't3_1n0m2hv', newestAt: 1787672422, sweep: null } },
      recent: KLOUT_LINKS,
    })
    expect(first.nextPollAt).toBeUndefined()

    // The token is reused; one page reaches what was read; the stored links are re-read.
    fake.requests.length = 0
    const second = await poll({ ...row, cursor: first.cursor }, { now: NOW + 60_000 })
    expect(second.records).toEqual([])
    expect(fake.calls('/api/v1/access_token')).toHaveLength(0)
    expect(fake.calls('/search')).toHaveLength(1)
    expect(fake.calls('/api/info')[0]!.query.get('id')).toBe(KLOUT_LINKS.join(','))
    expect(second.engagement).toContainEqual({
      network: 'reddit',
      externalId: 't3_1n0kx3b',
      likes: 1290,
      replies: 57,
      shares: 0,
    })
    expect(second.cursor).toEqual(first.cursor)
  })

  it('reads subreddit comments as replies in their threads, matched with the thread title', async () => {
    const userAgent = 'server:klout-watch:2.0 (by /u/kloutwatch)'
    const result = await poll(
      source({ query: 'kloutzzz', subreddits: ['r/KloutUsers'], userAgent }),
    )
    expect(ids(result)).toEqual(KLOUT_COMMENTS)
    const [comments] = fake.calls('/r/KloutUsers/comments')
    expect(comments!.query.get('limit')).toBe('100')
    expect(comments!.headers['user-agent']).toBe(userAgent)
    const reply = result.records[1]!
    expect(reply.ok && reply.post).toMatchObject({
      externalId: 't1_nb1r8k0',
      text: 'Congrats on the wedding, condolences on the Klout score.',
      threadId: 't3_1n0kx3b',
      inReplyTo: 't1_nb1q2w3',
      author: { handle: 'northwind_pm' },
      engagement: { likes: 96, replies: 0 },
    })
    expect(result.cursor).toMatchObject({
      listings: {
        search: { newest: null, sweep: null },
        'r/kloutusers': { newest: 't1_nb1t0zz', newestAt: 1787672698 },
      },
    })
  })

  it('continues a backlog longer than its page limit at the next poll', async () => {
    const row = source({ maxPages: 1 })
    const first = await poll(row)
    expect(ids(first)).toEqual(KLOUT_LINKS.slice(0, 2))
    expect(first.cursor).toMatchObject({
      listings: {
        search: {
          newest: null,
          sweep: { after: 't3_1n0kx3b', top: { name: 't3_1n0m2hv', at: 1787672422 } },
        },
      },
    })
    expect(first.nextPollAt).toBe(NOW) // the rest of the sweep at the next tick
    const second = await poll({ ...row, cursor: first.cursor })
    expect(ids(second)).toEqual(KLOUT_LINKS.slice(2))
    expect(second.cursor).toMatchObject({
      listings: { search: { newest: 't3_1n0m2hv', sweep: null } },
    })
    expect(second.nextPollAt).toBeUndefined()
  })

  it('drops things the brand rules refuse and a thing seen twice; sets a malformed one aside', async () => {
    const page = JSON.parse(
      loadFixture('reddit/search.klout.page1.assembled.json').body.toString(),
    ) as { data: { children: Array<{ kind: string; data: Record<string, unknown> }> } }
    const [a, b] = page.data.children
    const offTopic = {
      kind: 't3',
      data: { ...b!.data, name: 't3_zz1', title: 'cats', selftext: '' },
    }
    const broken = { kind: 't3', data: { ...b!.data, name: 't3_zz2', author: 42 } }
    const nameless = { kind: 't3', data: { title: 'klout' } }
    fake.extra.unshift((req) =>
      req.path === '/search'
        ? {
            status: 200,
            headers: {},
            body: JSON.stringify({
              kind: 'Listing',
              data: { after: null, children: [a, a, offTopic, broken, nameless, b] },
            }),
          }
        : undefined,
    )
    try {
      const result = await poll(source({ query: 'klout' }))
      // The thing without a name is set aside as it is read; the one with a bad author as mapped.
      expect(ids(result)).toEqual(['bad', 't3_1n0m2hv', 'bad', 't3_1n0kx3b'])
      const [nameless, , badAuthor] = result.records
      expect(!nameless!.ok && nameless!.issues.map((i) => i.path)).toContain('name')
      expect(!badAuthor!.ok && badAuthor!.issues.map((i) => i.path)).toContain('author.handle')
    } finally {
      fake.extra.shift()
    }
  })

  it('a deleted comment becomes a delete at the next poll; a removed thing in a listing too', async () => {
    const row = source({ query: 'kloutzzz', subreddits: ['KloutUsers'] })
    const first = await poll(row)
    expect((first.cursor as { recent: string[] }).recent).toEqual(KLOUT_COMMENTS)
    fake.deleted.add('t1_nb1q2w3')
    const second = await poll({ ...row, cursor: first.cursor })
    expect(second.deletes).toEqual([{ network: 'reddit', externalId: 't1_nb1q2w3' }])
    expect(second.engagement?.map((e) => e.externalId)).toEqual(KLOUT_COMMENTS.slice(0, 2))
    expect((second.cursor as { recent: string[] }).recent).toEqual(KLOUT_COMMENTS.slice(0, 2))

    const removed = JSON.parse(
      loadFixture('reddit/api_info_deleted_comment.real.json').body.toString(),
    ) as { data: { children: unknown[] } }
    const thing = removed.data.children[0] as { kind: string; data: Record<string, unknown> }
    const now = NOW
    fake.extra.unshift((req) =>
      req.path === '/search'
        ? {
            status: 200,
            headers: {},
            body: JSON.stringify({
              kind: 'Listing',
              data: {
                after: null,
                children: [{ ...thing, data: { ...thing.data, created_utc: now / 1000 } }],
              },
            }),
          }
        : undefined,
    )
    try {
      const third = await poll(source({ query: 'klout' }))
      expect(third.records).toEqual([])
      expect(third.deletes).toEqual([{ network: 'reddit', externalId: 't1_d7ltvl0' }])
    } finally {
      fake.extra.shift()
    }
  })
})

describe('reddit: rate limits and failures', () => {
  it('429 with the JSON body (token endpoint): SourceError with a retry time', async () => {
    fake.rateLimitTokens = true
    const err = await failure(poll(source()))
    expect(err.options).toMatchObject({ status: 429, retryAt: NOW + 60_000 })
    expect(err.options.permanent).toBeFalsy()
    expect(err.message).toContain('Too Many Requests')
  })

  it('429 with the HTML body: Retry-After is honoured', async () => {
    const page = loadFixture(
      'reddit/error_429_html.real.html',
      'reddit/error_429_html.real.html.headers.txt',
    )
    fake.extra.unshift((req) => (req.path === '/search' ? page : undefined))
    try {
      const err = await failure(poll(source()))
      expect(err.options).toMatchObject({ status: 429, retryAt: NOW + 4000 })
      expect(err.message).toMatch(/^reddit answered 429 Too Many Requests whoa there, pardner!/)
    } finally {
      fake.extra.shift()
    }
  })

  it('a nearly spent quota stops paging and waits for the reset (seconds from now)', async () => {
    searchAnswer({
      'x-ratelimit-remaining': '1.0',
      'x-ratelimit-used': '599',
      'x-ratelimit-reset': '120',
    })
    try {
      const result = await poll(source())
      expect(ids(result)).toEqual(KLOUT_LINKS.slice(0, 2))
      expect(result.nextPollAt).toBe(NOW + 120_000)
      expect(fake.calls('/search')).toHaveLength(1)
      expect(result.cursor).toMatchObject({
        listings: { search: { sweep: { after: 't3_1n0kx3b' } } },
      })
    } finally {
      fake.extra.shift()
    }
  })

  it('a refused token is renewed once; refused again, the 401 is permanent', async () => {
    const row = source()
    await poll(row)
    fake.validTokens.clear()
    fake.requests.length = 0
    const renewed = await poll(row)
    expect(renewed.records).toHaveLength(3)
    expect(fake.calls('/api/v1/access_token')).toHaveLength(1)
    expect(fake.calls('/search').map((r) => r.headers.authorization)).toEqual([
      'bearer token-1',
      'bearer token-2',
      'bearer token-2',
    ])

    fake.refuseTokens = true
    fake.requests.length = 0
    const err = await failure(poll(row))
    expect(err.options).toMatchObject({ status: 401, permanent: true })
    expect(fake.calls('/search')).toHaveLength(2)
  })

  it('wrong or missing credentials are permanent failures', async () => {
    const wrong = source()
    wrong.secretsCiphertext = t.ctx.secrets.seal(
      JSON.stringify({ clientId: fake.clientId, clientSecret: 'nope' }),
    )
    expect((await failure(poll(wrong))).options).toMatchObject({ status: 401, permanent: true })
    const missing = { ...source(), secretsCiphertext: null }
    const err = await failure(poll(missing))
    expect(err.options.permanent).toBe(true)
    expect(err.message).toContain('clientSecret')
  })

  it('500, malformed JSON and a slow answer fail the poll, not permanently', async () => {
    const row = source()
    await poll(row) // the token is cached: the faults below hit the search
    fake.faults.push({ kind: 'status', status: 500 })
    const err500 = await failure(poll(row))
    expect(err500.options).toMatchObject({ status: 500 })
    expect(err500.options.permanent).toBeFalsy()

    fake.faults.push({ kind: 'malformed' })
    expect((await failure(poll(row))).message).toMatch(/malformed JSON for \/search/)

    fake.faults.push({ kind: 'slow', ms: 600 })
    expect((await failure(poll(row, { timeoutMs: 150 }))).message).toMatch(/no answer within/)
  })
})
