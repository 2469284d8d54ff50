import crypto from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import { sourceRow } from '../support/source-row.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { FakeBlueskySearch, KLOUT_POST_URIS } from '../support/fake-bluesky-search.js'
import { loadFixture } from '../support/fixture-server.js'
import { blueskySearchConnector } from '../../workers/sources/bluesky-search.js'
import { forgetBlueskySessions } from '../../workers/sources/bluesky-search-session.js'
import { SourceError, type PollResult } from '../../workers/sources/connector.js'
import { sourceIo } from '../../workers/sources/source-io.js'

const NOW = Date.parse('2026-08-25T14:30:00Z')
const BRAND = { trackedTerms: ['klout'], excludedTerms: [] as string[] }
let t: TestContext
let fake: FakeBlueskySearch

beforeAll(async () => {
  t = await createTestContext({ SSRF_ALLOWLIST: '127.0.0.1' })
  fake = await new FakeBlueskySearch().start()
})
afterAll(async () => {
  await fake?.close()
  await t?.close()
})
beforeEach(() => {
  fake.requests.length = 0
  fake.faults = []
  fake.scenario = null
  fake.deleted.clear()
  fake.counts.clear()
  forgetBlueskySessions()
})

function source(config: Record<string, unknown> = {}, cursor: unknown = null): SourceRow {
  return sourceRow({
    id: `src_${crypto.randomBytes(4).toString('hex')}`,
    brandId: 'b',
    kind: 'bluesky',
    name: 'Bluesky search',
    enabled: true,
    config: { service: fake.url, appViewUrl: fake.url, pageSize: 3, ...config },
    secretsCiphertext: t.ctx.secrets.seal(
      JSON.stringify({ identifier: 'klout-watch.example.com', appPassword: fake.password }),
    ),
    cursor,
  })
}

const poll = (row: SourceRow, opts: { timeoutMs?: number; now?: number } = {}) =>
  blueskySearchConnector.poll(row, opts.now ?? NOW, sourceIo(t.ctx, row, BRAND, opts))

const ids = (result: PollResult) => result.records.map((r) => (r.ok ? r.post.externalId : 'bad'))

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(SourceError)
  return err as SourceError
}

describe('bluesky search: paging, cursor and mapping', () => {
  it('logs in once, pages back to the last page, maps posts with reach, and resumes', async () => {
    const row = source()
    const first = await poll(row)
    expect(ids(first)).toEqual(KLOUT_POST_URIS)
    expect(fake.calls('com.atproto.server.createSession')).toHaveLength(1)
    const searches = fake.calls('app.bsky.feed.searchPosts')
    expect(searches.map((r) => r.query.get('cursor'))).toEqual([null, '3'])
    expect(searches[0]!.headers.authorization).toMatch(/^Bearer access-\d+$/)
    expect(Object.fromEntries(searches[0]!.query)).toEqual({
      q: 'klout',
      sort: 'latest',
      since: '2026-08-25T13:30:00.000Z',
      limit: '3',
    })
    // One getProfiles for the five authors.
    const profiles = fake.calls('app.bsky.actor.getProfiles')
    expect(profiles).toHaveLength(1)
    expect(profiles[0]!.query.getAll('actors')).toHaveLength(5)

    const reply = first.records[0]!
    expect(reply.ok && reply.post).toMatchObject({
      network: 'bluesky',
      externalId: KLOUT_POST_URIS[0],
      url: 'https://bsky.app/profile/eli-k.example.com/post/3mtvziauyec2b',
      lang: 'en',
      postedAt: new Date('2026-08-25T14:24:31.005Z'),
      threadId: KLOUT_POST_URIS[4],
      inReplyTo: KLOUT_POST_URIS[4],
      author: { externalId: 'did:plc:mrxcsr3aebqmlry2lmvpmdge', followers: 97 },
      engagement: { likes: 4, replies: 0, shares: 0 },
    })
    const quote = first.records[2]!
    expect(quote.ok && quote.post).toMatchObject({
      threadId: KLOUT_POST_URIS[2],
      inReplyTo: null,
      author: { followers: 55210, handle: 'ravi-codes.example.net' },
      engagement: { likes: 402, replies: 4, shares: 73 + 6 },
    })
    expect(first.cursor).toEqual({
      at: Date.parse('2026-08-25T14:24:31.005Z'),
      uris: [KLOUT_POST_URIS[0]],
      sweep: null,
      recent: KLOUT_POST_URIS,
    })
    expect(first.nextPollAt).toBe(NOW + 60_000)
    expect(fake.calls('app.bsky.feed.getPosts')).toHaveLength(0)

    // The next poll reuses the session, stops at the first post already read, finds nothing.
    fake.requests.length = 0
    const second = await poll({ ...row, cursor: first.cursor }, { now: NOW + 60_000 })
    expect(second.records).toEqual([])
    expect(fake.calls('com.atproto.server.createSession')).toHaveLength(0)
    expect(fake.calls('app.bsky.feed.searchPosts')).toHaveLength(1)
    expect(fake.calls('app.bsky.feed.searchPosts')[0]!.query.get('since')).toBe(
      '2026-08-25T14:24:31.005Z',
    )
    expect(second.cursor).toEqual(first.cursor)
  })

  it('continues a backlog longer than one poll from its page cursor', async () => {
    const row = source({ maxPagesPerPoll: 1 })
    const first = await poll(row)
    expect(ids(first)).toEqual(KLOUT_POST_URIS.slice(0, 3))
    expect(first.cursor).toMatchObject({ at: NOW - 3600_000, sweep: { page: '3' } })
    expect(first.nextPollAt).toBe(NOW) // a backlog continues at the next tick
    const second = await poll({ ...row, cursor: first.cursor })
    expect(ids(second)).toEqual(KLOUT_POST_URIS.slice(3))
    expect(second.cursor).toEqual({
      at: Date.parse('2026-08-25T14:24:31.005Z'),
      uris: [KLOUT_POST_URIS[0]],
      sweep: null,
      // This poll's posts first, then those stored before.
      recent: [...KLOUT_POST_URIS.slice(3), ...KLOUT_POST_URIS.slice(0, 3)],
    })
  })

  it('restarts a sweep whose saved page cursor the service no longer accepts', async () => {
    const row = source({ maxPagesPerPoll: 1 })
    const first = await poll(row)
    fake.faults.push({
      kind: 'status',
      status: 400,
      body: '{"error":"InvalidRequest","message":"malformed cursor"}',
    })
    const refused = await poll({ ...row, cursor: first.cursor })
    expect(refused.records).toEqual([])
    expect(refused.cursor).toEqual({ ...(first.cursor as object), sweep: null })
    // The sweep starts over at the newest post; the three already read dedupe at ingest.
    const again = await poll({ ...row, cursor: refused.cursor })
    expect(ids(again)).toEqual(KLOUT_POST_URIS.slice(0, 3))
  })

  it('waits for the quota reset when a page says the quota is spent', async () => {
    const reset = Math.floor(NOW / 1000) + 200
    fake.extra.unshift((req) => {
      if (req.path !== '/xrpc/app.bsky.feed.searchPosts') return undefined
      const page = loadFixture('bluesky/appview/searchPosts.empty.assembled.json')
      page.headers['ratelimit-remaining'] = '0'
      page.headers['ratelimit-reset'] = String(reset)
      return page
    })
    try {
      const result = await poll(source())
      expect(result.nextPollAt).toBe(reset * 1000)
    } finally {
      fake.extra.shift()
    }
  })

  it('applies the brand rules and a query override; drops a post seen twice in one sweep', async () => {
    const page = JSON.parse(
      loadFixture('bluesky/appview/searchPosts.klout.page2_last.assembled.json').body.toString(),
    ) as { posts: Array<{ record: object }> }
    const noMention = {
      ...page.posts[1]!,
      uri: `${KLOUT_POST_URIS[4]}x`,
      record: { ...page.posts[1]!.record, text: 'nothing to see here' },
    }
    fake.extra.unshift((req) =>
      req.query.get('q') === 'klout OR "klout score"'
        ? {
            status: 200,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ posts: [page.posts[0], page.posts[0], noMention] }),
          }
        : undefined,
    )
    try {
      const result = await poll(source({ query: 'klout OR "klout score"' }))
      expect(ids(result)).toEqual([KLOUT_POST_URIS[3]])
    } finally {
      fake.extra.shift()
    }
  })

  it('sets a malformed item aside and keeps the good ones beside it', async () => {
    const page = JSON.parse(
      loadFixture('bluesky/appview/searchPosts.klout.page2_last.assembled.json').body.toString(),
    ) as { posts: Array<Record<string, unknown>> }
    const broken = { ...page.posts[0], record: { text: 42 } }
    fake.extra.unshift((req) =>
      req.path === '/xrpc/app.bsky.feed.searchPosts'
        ? {
            status: 200,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ posts: [broken, page.posts[1]] }),
          }
        : undefined,
    )
    try {
      const result = await poll(source())
      expect(ids(result)).toEqual(['bad', KLOUT_POST_URIS[4]])
      const bad = result.records[0]!
      expect(!bad.ok && bad.issues.map((i) => i.path)).toContain('record.text')
    } finally {
      fake.extra.shift()
    }
  })
})

describe('bluesky search: stored posts read again', () => {
  /** A source that has stored the five Klout posts and is caught up. */
  async function caughtUp() {
    const row = source()
    const first = await poll(row)
    fake.requests.length = 0
    return { ...row, cursor: first.cursor }
  }
  const getPosts = () => fake.calls('app.bsky.feed.getPosts')

  it('a post getPosts no longer returns is deleted; the others bring fresh counts', async () => {
    const row = await caughtUp()
    fake.deleted.add(KLOUT_POST_URIS[1]!)
    fake.counts.set(KLOUT_POST_URIS[2]!, { likeCount: 950, replyCount: 30, repostCount: 80 })
    const r = await poll(row, { now: NOW + 60_000 })
    expect(getPosts()).toHaveLength(1)
    expect(getPosts()[0]!.query.getAll('uris')).toEqual(KLOUT_POST_URIS)
    expect(getPosts()[0]!.headers.authorization).toMatch(/^Bearer access-\d+$/)
    expect(r.deletes).toEqual([{ network: 'bluesky', externalId: KLOUT_POST_URIS[1] }])
    expect(r.engagement).toHaveLength(4)
    expect(r.engagement).toContainEqual({
      network: 'bluesky',
      externalId: KLOUT_POST_URIS[2],
      likes: 950,
      replies: 30,
      // reposts and quotes (6, as recorded) together
      shares: 86,
    })
    expect(r.warnings).toEqual([])
    expect((r.cursor as { recent: string[] }).recent).toEqual(
      KLOUT_POST_URIS.filter((u) => u !== KLOUT_POST_URIS[1]),
    )
  })

  it('reads at most 50 stored posts a poll, 25 per getPosts', async () => {
    const row = await caughtUp()
    const stored = Array.from(
      { length: 50 },
      (_, i) => `at://did:plc:other/app.bsky.feed.post/${i}`,
    )
    const r = await poll(
      { ...row, cursor: { ...(row.cursor as object), recent: stored } },
      { now: NOW + 60_000 },
    )
    expect(getPosts().map((req) => req.query.getAll('uris').length)).toEqual([25, 25])
    // None of them was ever recorded: the fake AppView has none of them.
    expect(r.deletes).toHaveLength(50)
  })

  it('a failed getPosts keeps the new posts, says why, and is tried again at the next poll', async () => {
    const row = await caughtUp()
    fake.extra.unshift((req) =>
      req.path === '/xrpc/app.bsky.feed.getPosts'
        ? { status: 502, headers: { 'content-type': 'text/html' }, body: '<h1>Bad gateway</h1>' }
        : undefined,
    )
    try {
      const r = await poll(
        { ...row, cursor: { ...(row.cursor as object), at: NOW - 3600_000, uris: [] } },
        { now: NOW + 60_000 },
      )
      expect(ids(r)).toEqual(KLOUT_POST_URIS)
      expect(r.deletes).toEqual([])
      expect(r.warnings).toEqual([expect.stringMatching(/recheck .* failed: bluesky answered 502/)])
      expect((r.cursor as { recent: string[] }).recent).toEqual(KLOUT_POST_URIS)
      expect(r.nextPollAt).toBe(NOW + 120_000)
    } finally {
      fake.extra.shift()
    }
  })

  it('a 429 on getPosts holds the next poll until its reset; a nearly spent window skips it', async () => {
    const row = await caughtUp()
    fake.extra.unshift((req) =>
      req.path === '/xrpc/app.bsky.feed.getPosts'
        ? loadFixture(
            'bluesky/appview/error_429_rate_limited.assembled.json',
            'bluesky/appview/error_429_rate_limited.assembled.json.headers.txt',
          )
        : undefined,
    )
    try {
      const r = await poll(row, { now: NOW })
      expect(r.warnings).toEqual([expect.stringMatching(/429/)])
      expect(r.nextPollAt).toBe(NOW + 248_000)
    } finally {
      fake.extra.shift()
    }
    fake.requests.length = 0
    fake.extra.unshift((req) => {
      if (req.path !== '/xrpc/app.bsky.feed.searchPosts') return undefined
      const page = loadFixture('bluesky/appview/searchPosts.empty.assembled.json')
      page.headers['ratelimit-remaining'] = '3'
      return page
    })
    try {
      const r = await poll(row, { now: NOW + 60_000 })
      expect(getPosts()).toHaveLength(0)
      expect(r.engagement).toEqual([])
    } finally {
      fake.extra.shift()
    }
  })
})

describe('bluesky search: failures', () => {
  it('429 gives the Retry-After time', async () => {
    fake.scenario = 'rate_limited'
    const err = await failure(poll(source()))
    expect(err.options).toMatchObject({ status: 429, retryAt: NOW + 248_000 })
    expect(err.options.permanent).toBeFalsy()
    expect(err.message).toContain('RateLimitExceeded')
  })

  it('an expired token is refreshed once; refused again, the failure is permanent', async () => {
    const row = source()
    await poll(row)
    const before = fake.calls('app.bsky.feed.searchPosts')[0]!.headers.authorization
    fake.validTokens.clear() // the access token expires
    fake.requests.length = 0
    const renewed = await poll(row)
    expect(renewed.records).toHaveLength(5)
    expect(fake.calls('com.atproto.server.refreshSession')).toHaveLength(1)
    expect(fake.calls('com.atproto.server.createSession')).toHaveLength(0)
    const used = fake.calls('app.bsky.feed.searchPosts').map((r) => r.headers.authorization)
    expect(used).toHaveLength(3)
    expect(used[0]).toBe(before)
    expect(used[1]).not.toBe(before)
    expect(used[2]).toBe(used[1])

    // The PDS refuses every token: one renewal, then a permanent failure.
    fake.refuseTokens = true
    fake.requests.length = 0
    try {
      const err = await failure(poll(row))
      expect(err.options).toMatchObject({ status: 401, permanent: true })
      expect(err.message).toContain('AuthMissing')
      expect(fake.calls('app.bsky.feed.searchPosts')).toHaveLength(2)
    } finally {
      fake.refuseTokens = false
    }
  })

  it('400 ExpiredToken (as a PDS sends it) also renews the session', async () => {
    const row = source()
    await poll(row)
    fake.requests.length = 0
    fake.faults.push({
      kind: 'status',
      status: 400,
      body: '{"error":"ExpiredToken","message":"Token has expired"}',
    })
    const renewed = await poll(row)
    expect(renewed.records).toHaveLength(5)
    expect(fake.calls('com.atproto.server.refreshSession')).toHaveLength(1)
  })

  it('a wrong app password is a permanent login failure', async () => {
    const row = source()
    row.secretsCiphertext = t.ctx.secrets.seal(
      JSON.stringify({ identifier: 'klout-watch.example.com', appPassword: 'wrong' }),
    )
    const err = await failure(poll(row))
    expect(err.options).toMatchObject({ status: 401, permanent: true })
    expect(err.message).toContain('Invalid identifier or password')
  })

  it('missing credentials are a permanent failure naming them', async () => {
    const row = { ...source(), secretsCiphertext: null }
    const err = await failure(poll(row))
    expect(err.options.permanent).toBe(true)
    expect(err.message).toContain('appPassword')
  })

  it('403 from the public host explains that search needs the PDS and an app password', async () => {
    fake.extra.unshift((req) =>
      req.path === '/xrpc/app.bsky.feed.searchPosts'
        ? loadFixture(
            'bluesky/appview/error_403_public_searchPosts.assembled.txt',
            'bluesky/appview/error_403_public_searchPosts.assembled.txt.headers.txt',
          )
        : undefined,
    )
    try {
      const err = await failure(poll(source()))
      expect(err.options).toMatchObject({ status: 403, permanent: true })
      expect(err.message).toContain('public search is disabled; use your PDS')
    } finally {
      fake.extra.shift()
    }
  })

  it('500, a body that is not JSON, and a slow answer fail the poll, cursor kept', async () => {
    const row = source()
    await poll(row) // logged in: the faults below hit searchPosts
    fake.faults.push({ kind: 'status', status: 500 })
    const failed = await failure(poll(row))
    expect(failed.options).toMatchObject({ status: 500 })
    expect(failed.options.permanent).toBeFalsy()

    fake.faults.push({ kind: 'malformed' })
    expect((await failure(poll(row))).message).toContain('not JSON')

    fake.faults.push({ kind: 'slow', ms: 1500 })
    expect((await failure(poll(row, { timeoutMs: 300 }))).message).toContain('no answer within')
  })

  it('a failed getProfiles fails the poll rather than storing posts without reach', async () => {
    const row = source({ backfillHours: 24 })
    fake.extra.unshift((req) =>
      req.path === '/xrpc/app.bsky.actor.getProfiles'
        ? { status: 502, headers: { 'content-type': 'text/html' }, body: '<h1>Bad gateway</h1>' }
        : undefined,
    )
    try {
      // Hours later: the authors' cached reach has expired.
      const err = await failure(poll(row, { now: NOW + 7 * 3600_000 }))
      expect(err.message).toContain('getProfiles')
      expect(err.options.status).toBe(502)
    } finally {
      fake.extra.shift()
    }
  })
})
