import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import { sourceRow } from '../support/source-row.js'
import { createTestContext, type TestContext } from '../support/context.js'
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
    expect(fake.requests.map((r) => r.query.get('min_id'))).toEqual([NEWEST])
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
