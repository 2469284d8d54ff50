import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import { sourceRow } from '../support/source-row.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { FakeMastodonStatuses } from '../support/fake-mastodon-statuses.js'
import { FIXTURES, FixtureServer, loadFixture } from '../support/fixture-server.js'
import { SourceError } from '../../workers/sources/connector.js'
import { mastodonConnector } from '../../workers/sources/mastodon.js'
import { sourceIo } from '../../workers/sources/source-io.js'

const PAGE1 = 'mastodon/timelines_tag_klout.page1.assembled.json'
const NEWEST = '117156564172800005'
const NOW = Date.parse('2026-08-25T14:30:00Z')
const BRAND = { trackedTerms: ['klout'], excludedTerms: [] }

let t: TestContext
let fake: FixtureServer
let statuses: FakeMastodonStatuses

beforeAll(async () => {
  t = await createTestContext({ SSRF_ALLOWLIST: '127.0.0.1' })
})
afterAll(async () => {
  await t?.close()
})
beforeEach(async () => {
  await fake?.close()
  fake = await new FixtureServer('mastodon').start()
  // Past the newest status, the timeline is empty (and has no Link header).
  fake.extra.push((req) =>
    req.query.get('min_id') === NEWEST
      ? loadFixture(
          'mastodon/timelines_tag_klout.page2_empty.assembled.json',
          'mastodon/timelines_tag_klout.page2_empty.assembled.json.headers.txt',
        )
      : undefined,
  )
  // The instance's own statuses, which stored ones are read again from (Mastodon 4.3+).
  statuses = new FakeMastodonStatuses()
  fake.extra.push(statuses.route)
})
afterAll(async () => {
  await fake?.close()
})

function source(config: Record<string, unknown> = {}, cursor: unknown = null): SourceRow {
  return sourceRow({
    id: 'src_mastodon',
    brandId: 'b',
    kind: 'mastodon',
    name: 'Mastodon',
    enabled: true,
    config: { instance: fake.url, hashtags: ['klout'], pageSize: 3, ...config },
    secretsCiphertext: null,
    cursor,
  })
}
const batches = () => fake.requests.filter((r) => r.path === '/api/v1/statuses')
const singles = () =>
  fake.requests.filter((r) => r.path.startsWith('/api/v1/statuses/')).map((r) => r.path)
const poll = (row: SourceRow, limits: { timeoutMs?: number } = {}) =>
  mastodonConnector.poll(row, NOW, sourceIo(t.ctx, row, BRAND, limits))

describe('mastodon connector', () => {
  it('reads a hashtag forward with min_id, follows Link rel="prev", and maps statuses', async () => {
    const first = await poll(source())
    expect(fake.requests.map((r) => r.query.get('min_id'))).toEqual([
      // A new source starts an hour back: the Snowflake id of 13:30.
      ((BigInt(NOW - 3600_000) << 16n) as bigint).toString(),
      NEWEST,
    ])
    expect(fake.requests[0]!.path).toBe('/api/v1/timelines/tag/klout')
    const posts = first.records.map((r) => (r.ok ? r.post : null))
    expect(posts.map((p) => p?.externalId)).toEqual([
      'https://social.example/users/dana/statuses/117156518756352228',
      'https://mstdn.example/users/kwame/statuses/117156543725568051',
      'https://bots.example/users/klout_status/statuses/117156564172800022',
    ])
    const reply = posts[1]!
    expect(reply).toMatchObject({
      network: 'mastodon',
      url: 'https://mstdn.example/@kwame/117156543725568051',
      lang: 'en',
      inReplyTo: posts[0]!.externalId,
      author: {
        externalId: 'https://mstdn.example/@kwame',
        handle: 'kwame@mstdn.example',
        displayName: 'Kwame A.',
        followers: 341,
        verified: null,
      },
      engagement: { likes: 14, replies: 0, shares: 3 },
    })
    expect(reply.text).toContain('Mine went 64 → 31. Support told me to "post more consistently"')
    expect(reply.text).not.toMatch(/<\/?(p|span|a)\b/) // links stay as <target>, tags go
    expect(reply.postedAt.toISOString()).toBe('2026-08-25T14:09:48.000Z')
    expect(first.cursor).toMatchObject({ streams: { 'tag:klout': NEWEST } })

    // The next poll asks for what is newer than the newest seen: nothing, nothing again.
    fake.requests.length = 0
    const second = await poll(source({}, first.cursor))
    // (and reads the three stored statuses again, in one request: see below)
    expect(fake.requests.map((r) => r.query.get('min_id'))).toEqual([NEWEST, null])
    expect(second.records).toEqual([])
    expect(second.cursor).toEqual(first.cursor)
  })

  it('sends the token and searches statuses with it; without one only hashtags are read', async () => {
    const searched: string[] = []
    fake.extra.unshift((req) => {
      if (req.path !== '/api/v2/search') return undefined
      searched.push(`${req.query.get('q')} ${req.headers.authorization}`)
      return { status: 200, headers: {}, body: JSON.stringify({ statuses: [] }) }
    })
    await poll(source({ query: 'klout' }))
    expect(searched).toEqual([])
    const row = {
      ...source({ query: 'klout' }),
      secretsCiphertext: t.ctx.secrets.seal(JSON.stringify({ token: 'tok' })),
    }
    await poll(row)
    expect(searched).toEqual(['klout Bearer tok'])
    // Without hashtags the brand's own terms are searched; without a token there is nothing.
    await poll({ ...row, config: { instance: fake.url } })
    expect(searched).toEqual(['klout Bearer tok', 'klout Bearer tok'])
    const idle = (await poll(source({ hashtags: [] })).catch((e: unknown) => e)) as SourceError
    expect(idle.options).toMatchObject({ permanent: true })
  })

  it('a 429 fails the poll with the reset time; a 401 is permanent; a 500 is not', async () => {
    fake.scenario = 'rate_limited'
    const limited = await poll(source()).catch((e: unknown) => e)
    expect(limited).toBeInstanceOf(SourceError)
    expect((limited as SourceError).options).toMatchObject({
      status: 429,
      retryAt: Date.parse('2026-08-25T14:25:00Z'),
    })

    fake.scenario = 'bad_token'
    const refused = (await poll(source()).catch((e: unknown) => e)) as SourceError
    expect(refused.options).toMatchObject({ status: 401, permanent: true })
    expect(refused.message).toContain('The access token is invalid')

    fake.scenario = null
    fake.faults.push({ kind: 'status', status: 500 })
    const failed = (await poll(source()).catch((e: unknown) => e)) as SourceError
    expect(failed.options).toMatchObject({ status: 500, permanent: false })
  })

  it('malformed JSON and a slow answer fail the poll; a bad item is set aside alone', async () => {
    fake.faults.push({ kind: 'malformed' })
    await expect(poll(source())).rejects.toThrow(/malformed JSON/)

    fake.faults.push({ kind: 'slow', ms: 1500 })
    await expect(poll(source(), { timeoutMs: 300 })).rejects.toThrow(/no answer within/)

    const page = JSON.parse(fs.readFileSync(path.join(FIXTURES, PAGE1), 'utf8')) as Array<
      Record<string, unknown>
    >
    delete page[1]!.uri
    fake.extra.unshift((req) =>
      req.query.get('min_id') === NEWEST
        ? undefined
        : { status: 200, headers: {}, body: JSON.stringify(page) },
    )
    const result = await poll(source())
    expect(result.records.map((r) => r.ok).sort()).toEqual([false, true, true])
    const bad = result.records.find((r) => !r.ok)!
    expect(!bad.ok && bad.issues.map((i) => i.path)).toEqual(['uri'])
    expect(result.cursor).toMatchObject({ streams: { 'tag:klout': NEWEST } })
  })

  it('a status seen twice is new once; seen again edited, it is an edit; a boost is its original', async () => {
    const page = JSON.parse(fs.readFileSync(path.join(FIXTURES, PAGE1), 'utf8')) as Array<
      Record<string, unknown>
    >
    const edited = {
      ...page[1]!,
      edited_at: '2026-08-25T14:20:00.000Z',
      content: '<p>Klout: 64 → 12 now.</p>',
    }
    const boost = {
      ...page[0]!,
      id: '117156564172800099',
      uri: 'https://x.example/boost/1',
      reblog: page[2],
    }
    // The same statuses under a second hashtag: the reply edited, the root boosted.
    fake.extra.unshift((req) =>
      req.path.endsWith('/kloutscore') && req.query.get('min_id') !== '117156564172800099'
        ? { status: 200, headers: {}, body: JSON.stringify([boost, edited]) }
        : undefined,
    )
    const result = await poll(source({ hashtags: ['klout', 'kloutscore'] }))
    expect(result.records).toHaveLength(3)
    expect(result.edits?.map((e) => [e.externalId, e.text])).toEqual([
      ['https://mstdn.example/users/kwame/statuses/117156543725568051', 'Klout: 64 → 12 now.'],
    ])
    expect(result.cursor).toMatchObject({
      streams: { 'tag:klout': NEWEST, 'tag:kloutscore': '117156564172800099' },
    })
  })

  it('reads stored statuses again in one request: a missing one is deleted, the others bring counts and edits', async () => {
    const first = await poll(source())
    const [dana, kwame, bot] = [
      'https://social.example/users/dana/statuses/117156518756352228',
      'https://mstdn.example/users/kwame/statuses/117156543725568051',
      'https://bots.example/users/klout_status/statuses/117156564172800022',
    ]
    expect((first.cursor as { recent: string[] }).recent).toEqual([bot, kwame, dana])
    expect(batches()).toHaveLength(0)

    statuses.statuses.delete('117156543725568034') // kwame's reply
    statuses.update('117156518756352211', {
      favourites_count: 500,
      replies_count: 9,
      reblogs_count: 60,
      edited_at: '2026-08-25T14:28:00.000Z',
      content: '<p>Klout dropped my score again (edited)</p>',
    })
    const second = await poll(source({}, first.cursor))
    expect(batches()).toHaveLength(1)
    expect(batches()[0]!.query.getAll('id[]')).toEqual([
      '117156564172800005',
      '117156543725568034',
      '117156518756352211',
    ])
    expect(second.deletes).toEqual([{ network: 'mastodon', externalId: kwame }])
    expect(second.engagement).toEqual([
      { network: 'mastodon', externalId: bot, likes: 5, replies: 1, shares: 8 },
      { network: 'mastodon', externalId: dana, likes: 500, replies: 9, shares: 60 },
    ])
    expect(second.edits?.map((e) => [e.externalId, e.text])).toEqual([
      [dana, 'Klout dropped my score again (edited)'],
    ])
    expect(second.warnings).toEqual([])
    const cursor = second.cursor as { recent: string[]; known: string[][] }
    expect(cursor.recent).toEqual([bot, dana])
    // Still known (replies to it keep their link); its edit is remembered, in place.
    expect(cursor.known.map((k) => k[1])).toEqual([dana, kwame, bot])
    expect(cursor.known[0]![2]).toBe('2026-08-25T14:28:00.000Z')

    // Read again, unchanged: no second edit.
    const third = await poll(source({}, second.cursor))
    expect(third.edits).toEqual([])
    expect(third.deletes).toEqual([])
    expect(third.engagement).toHaveLength(2)
  })

  it('without the batch endpoint, reads the 5 newest one by one (404 is deleted) and tries the batch a day later', async () => {
    statuses.batch = false
    const first = await poll(source())
    statuses.statuses.delete('117156564172800005') // the bot's status
    const second = await poll(source({}, first.cursor))
    expect(batches()).toHaveLength(1)
    expect(singles()).toEqual([
      '/api/v1/statuses/117156564172800005',
      '/api/v1/statuses/117156543725568034',
      '/api/v1/statuses/117156518756352211',
    ])
    expect(second.deletes?.map((d) => d.externalId)).toEqual([
      'https://bots.example/users/klout_status/statuses/117156564172800022',
    ])
    expect(second.engagement).toHaveLength(2)
    expect(second.cursor).toMatchObject({ noBatchUntil: NOW + 24 * 3600_000 })

    fake.requests.length = 0
    await poll(source({}, second.cursor))
    expect(batches()).toHaveLength(0)
    expect(singles()).toHaveLength(2)

    // Five at most a poll.
    const many = Array.from({ length: 8 }, (_, i) => [`${900 + i}`, `https://old.example/${i}`])
    fake.requests.length = 0
    const bounded = await poll(
      source(
        {},
        {
          ...(second.cursor as object),
          known: many.map(([id, uri]) => [id, uri, null]),
          recent: many.map(([, uri]) => uri),
        },
      ),
    )
    expect(singles()).toHaveLength(5)
    expect(bounded.deletes).toHaveLength(5)
  })

  it('a failed recheck keeps the new statuses and says why; a 429 on it waits for the reset', async () => {
    const old = {
      streams: {},
      known: [['1', 'https://old.example/1', null]],
      recent: ['https://old.example/1'],
    }
    fake.extra.unshift((req) =>
      req.path === '/api/v1/statuses'
        ? { status: 502, headers: { 'content-type': 'text/html' }, body: '<h1>Bad gateway</h1>' }
        : undefined,
    )
    const failed = await poll(source({}, old))
    expect(failed.records.filter((r) => r.ok)).toHaveLength(3)
    expect(failed.deletes).toEqual([])
    expect(failed.warnings).toEqual([
      expect.stringMatching(/recheck .* failed: Mastodon answered 502/),
    ])
    expect((failed.cursor as { recent: string[] }).recent).toHaveLength(4)
    expect(failed.nextPollAt).toBeUndefined()

    fake.extra[0] = (req) =>
      req.path === '/api/v1/statuses'
        ? {
            status: 429,
            headers: {
              'content-type': 'application/json',
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': '2026-08-25T14:35:00.000000Z',
            },
            body: '{"error":"Too many requests"}',
          }
        : undefined
    const limited = await poll(source({}, old))
    expect(limited.records.filter((r) => r.ok)).toHaveLength(3)
    expect(limited.warnings).toEqual([expect.stringMatching(/429/)])
    expect(limited.nextPollAt).toBe(Date.parse('2026-08-25T14:35:00Z'))
  })

  it('asks to come back at once when its page budget ran out on a full page', async () => {
    // The recorded page holds three statuses: a full page of three, and a budget of one page.
    const budgetSpent = await poll(source({ maxPagesPerPoll: 1 }))
    expect(budgetSpent.records).toHaveLength(3)
    expect(budgetSpent.nextPollAt).toBe(NOW)
    const caughtUp = await poll(source({ maxPagesPerPoll: 1 }, budgetSpent.cursor))
    expect(caughtUp.records).toHaveLength(0)
    expect(caughtUp.nextPollAt).toBeUndefined() // an empty page: caught up
  })

  it('waits for the reset when the quota is nearly spent', async () => {
    fake.extra.unshift(() => ({
      status: 200,
      headers: { 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '2026-08-25T14:35:00.123Z' },
      body: '[]',
    }))
    expect((await poll(source())).nextPollAt).toBeUndefined() // an empty page says nothing
    fake.extra.unshift(() => ({
      status: 200,
      headers: { 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '2026-08-25T14:35:00.123Z' },
      body: fs.readFileSync(path.join(FIXTURES, PAGE1), 'utf8'),
    }))
    const result = await poll(source())
    expect(result.nextPollAt).toBe(Date.parse('2026-08-25T14:35:00.123Z'))
    expect(fake.requests.at(-1)?.query.get('min_id')).not.toBe(NEWEST) // it stopped paging
  })
})
