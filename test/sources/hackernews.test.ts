import fs from 'node:fs'
import { and, count, eq } from 'drizzle-orm'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import { complaints, posts, sources } from '../../server/db/schema.js'
import { upsertSource } from '../../server/domain/sources/sources.js'
import { pollSource } from '../../workers/processors/poll-source.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { makeBrand } from '../support/factories.js'
import { sourceRow, makeDue } from '../support/source-row.js'
import { createTestContext, type TestContext } from '../support/context.js'
import {
  FIXTURES,
  FixtureServer,
  loadFixture,
  type SeenRequest,
} from '../support/fixture-server.js'
import { SourceError, type PollResult, type SourceIo } from '../../workers/sources/connector.js'
import { hackernewsConnector } from '../../workers/sources/hackernews.js'
import { sourceIo } from '../../workers/sources/source-io.js'

/** An hour after the fixtures' window opens: the start cursor asks for created_at_i>1787666400. */
const NOW = (1787666400 + 3600) * 1000
const BRAND = { trackedTerms: ['klout'], excludedTerms: [], languages: [] }
const EMPTY = loadFixture(
  'hackernews/search_by_date.empty.assembled.json',
  'hackernews/search_by_date.empty.assembled.json.headers.txt',
)

let t: TestContext
let server: FixtureServer
beforeAll(async () => {
  t = await createTestContext({ SSRF_ALLOWLIST: '127.0.0.1' })
})
afterAll(async () => {
  await t?.close()
})
afterEach(async () => {
  await server?.close()
})

function source(config: Record<string, unknown>, cursor: unknown = null): SourceRow {
  return sourceRow({
    id: 'src_hn',
    brandId: 'b',
    kind: 'hackernews',
    name: 'hn',
    enabled: true,
    // Deletion checks go to the fake too (its Firebase routes).
    config: { firebaseUrl: server.url, ...config },
    secretsCiphertext: null,
    cursor,
  })
}

const io = (src: SourceRow, timeoutMs?: number): SourceIo =>
  sourceIo(t.ctx, src, BRAND, { timeoutMs })

/** The recorded fixtures, and an empty answer for any later window (the fixtures have one). */
async function fixtures(): Promise<FixtureServer> {
  server = await new FixtureServer('hackernews').start()
  server.extra.push((req) =>
    req.path === '/api/v1/search_by_date' &&
    req.query.get('numericFilters') !== 'created_at_i>1787666400'
      ? EMPTY
      : undefined,
  )
  return server
}

/** The story route is recorded without paging keys; the comments with hitsPerPage=2. */
const config = () => ({ baseUrl: server.url, hitsPerPage: 2 })
const ids = (r: PollResult) => r.records.map((x) => (x.ok ? x.post.externalId : 'bad'))

describe('hackernews connector', () => {
  it('pages stories and comments, maps them, and resumes from its cursor', async () => {
    await fixtures()
    const src = source(config())
    const first = await hackernewsConnector.poll(src, NOW, io(src))
    expect(ids(first).sort()).toEqual(['49310422', '49310871', '49311230', '49311502', '49311977'])
    const comment = first.records.find((r) => r.ok && r.post.externalId === '49311502')
    expect(comment).toMatchObject({
      ok: true,
      post: {
        network: 'hackernews',
        url: 'https://news.ycombinator.com/item?id=49311502',
        threadId: '49310422',
        inReplyTo: '49310422',
        author: { handle: 'drn_ops' },
      },
    })
    // HTML entities and links become text.
    if (comment?.ok) {
      expect(comment.post.text).toContain('"activity decay now applies after 24h of inactivity"')
      expect(comment.post.text).not.toContain('<a ')
    }
    const story = first.records.find((r) => r.ok && r.post.externalId === '49310422')
    expect(story).toMatchObject({ post: { engagement: { likes: 87, replies: 4 } } })
    const pages = server.requests.filter((r) => r.query.get('tags') === 'comment')
    expect(pages.map((r) => r.query.get('page'))).toEqual(['0', '1'])
    expect(first.cursor).toMatchObject({
      comment: { since: 1787672952, seen: ['49311977'] },
      story: { since: 1787668886, seen: ['49310422'] },
    })

    // Duplicates: the next poll asks again for the newest second and yields nothing new.
    server.extra.unshift((req) =>
      req.query.get('tags') === 'comment'
        ? loadFixture('hackernews/search_by_date.comments_klout.page0.assembled.json')
        : undefined,
    )
    const again = source(config(), first.cursor)
    const second = await hackernewsConnector.poll(again, NOW + 60_000, io(again))
    expect(second.records).toEqual([])
    expect(second.cursor).toMatchObject({
      story: (first.cursor as { story: unknown }).story,
      comment: (first.cursor as { comment: unknown }).comment,
    })
    // Meanwhile the first stored items were checked on Firebase: one has been deleted.
    expect(second.deletes).toEqual([{ network: 'hackernews', externalId: '49311977' }])
    const checks = server.requests.filter((r) => r.path.startsWith('/v0/item/'))
    expect(checks.map((r) => r.path)).toEqual(['/v0/item/49310422.json', '/v0/item/49311977.json'])
    expect((second.cursor as { watch: string[] }).watch).not.toContain('49311977')
  })

  it('fails the poll on 429 with the Retry-After time, on 500, and on malformed JSON', async () => {
    await fixtures()
    const src = source(config())
    server.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '30' } })
    const limited = await hackernewsConnector.poll(src, NOW, io(src)).catch((e: unknown) => e)
    expect(limited).toBeInstanceOf(SourceError)
    expect((limited as SourceError).options).toMatchObject({ status: 429, retryAt: NOW + 30_000 })

    server.scenario = 'rate_limited'
    const recorded = await hackernewsConnector.poll(src, NOW, io(src)).catch((e: unknown) => e)
    expect((recorded as SourceError).options).toMatchObject({ status: 429 })
    server.scenario = null

    server.faults.push({ kind: 'status', status: 500 })
    const failed = await hackernewsConnector.poll(src, NOW, io(src)).catch((e: unknown) => e)
    expect((failed as SourceError).options.status).toBe(500)

    server.faults.push({ kind: 'malformed' })
    const bad = await hackernewsConnector.poll(src, NOW, io(src)).catch((e: unknown) => e)
    expect(bad).toBeInstanceOf(SourceError)
    expect((bad as Error).message).toMatch(/malformed JSON/)
  })

  it('fails a slow answer within the timeout', async () => {
    await fixtures()
    const src = source(config())
    server.faults.push({ kind: 'slow', ms: 1000 })
    const slow = await hackernewsConnector.poll(src, NOW, io(src, 100)).catch((e: unknown) => e)
    expect(slow).toBeInstanceOf(SourceError)
    expect((slow as Error).message).toMatch(/no answer within/)
  })

  it('turns deleted and dead hits into deletes and sets drifted items aside', async () => {
    server = await new FixtureServer('hackernews').start()
    const drift = JSON.parse(
      fs.readFileSync(
        path.join(FIXTURES, 'hackernews/format_drift/search.stories_legacy_format.real.json'),
        'utf8',
      ),
    ) as { hits: Array<Record<string, unknown>> }
    const legacy = JSON.parse(
      fs.readFileSync(
        path.join(FIXTURES, 'hackernews/format_drift/comment_hit_legacy_format.real.json'),
        'utf8',
      ),
    ) as Record<string, unknown>
    const partial = JSON.parse(
      fs.readFileSync(
        path.join(FIXTURES, 'hackernews/format_drift/comment_hit_current_format_partial.real.json'),
        'utf8',
      ),
    ) as Record<string, unknown>
    const deleted = JSON.parse(
      fs.readFileSync(
        path.join(FIXTURES, 'hackernews/firebase_item_deleted.assembled.json'),
        'utf8',
      ),
    ) as { id: number; time: number }
    const at = 1787667000
    const hits = [
      // Legacy hits (every field present, null) about the brand are kept.
      { ...legacy, comment_text: 'Klout ' + String(legacy.comment_text), created_at_i: at + 5 },
      ...drift.hits.map((h, i) => ({
        ...h,
        title: `Klout ${String(h.title)}`,
        created_at_i: at + i,
      })),
      // A hit without its text is set aside? It has no text: it does not match and is dropped.
      { ...partial, created_at_i: at + 6 },
      { objectID: '77', created_at_i: 'soon', author: 'x' },
      // Milliseconds where seconds belong: set aside, and the cursor stays in this century.
      { objectID: '79', created_at_i: at * 1000, author: 'z', comment_text: 'Klout in ms' },
      { objectID: String(deleted.id), created_at_i: deleted.time, deleted: true },
      { objectID: '78', created_at_i: at + 7, dead: true, author: 'y', comment_text: 'Klout' },
    ]
    const page = (req: SeenRequest) => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        req.query.get('tags') === 'comment'
          ? { hits, nbHits: hits.length, nbPages: 1, hitsPerPage: 100, page: 0 }
          : { hits: [], nbHits: 0, nbPages: 0, hitsPerPage: 100, page: 0 },
      ),
    })
    server.extra.push(page)
    const src = source({ baseUrl: server.url })
    const result = await hackernewsConnector.poll(src, NOW, io(src))
    expect(result.deletes).toEqual([
      { network: 'hackernews', externalId: '49311977' },
      { network: 'hackernews', externalId: '78' },
    ])
    const good = result.records.filter((r) => r.ok)
    expect(good.length).toBe(1 + drift.hits.length)
    const bad = result.records.filter((r) => !r.ok)
    expect(bad).toHaveLength(2)
    expect(bad[0]).toMatchObject({ issues: [{ path: 'created_at_i' }] })
    expect(bad[1]).toMatchObject({ issues: [{ path: 'postedAt' }] })
    expect(result.cursor).toMatchObject({ comment: { since: deleted.time - 1 } })
  })
})

/** A fake index of `count` Klout comments, answering like Algolia with its 1,000-hit cap. */
function bigIndex(count: number, from: number, perSecond: number, deepest = Infinity) {
  const all = Array.from({ length: count }, (_, i) => ({
    objectID: String(100000 + i),
    created_at_i: from + Math.floor(i / perSecond),
    author: `u${i % 7}`,
    comment_text: `Klout comment ${i}`,
    story_id: 1,
    parent_id: 1,
  }))
  return (req: SeenRequest) => {
    if (req.path !== '/api/v1/search_by_date') return undefined
    if (req.query.get('tags') !== 'comment') return EMPTY
    const filters = (req.query.get('numericFilters') ?? '').split(',')
    let hits = all.filter((h) =>
      filters.every((f) => {
        const m = /^created_at_i(>|<=)(\d+)$/.exec(f)
        if (!m) return true
        return m[1] === '>' ? h.created_at_i > Number(m[2]) : h.created_at_i <= Number(m[2])
      }),
    )
    hits = hits.sort((a, b) => b.created_at_i - a.created_at_i)
    const per = Number(req.query.get('hitsPerPage') ?? 20)
    const pageNo = Number(req.query.get('page') ?? 0)
    if ((pageNo + 1) * per > 1000 || pageNo >= deepest)
      return loadFixture('hackernews/error_400_pagination_limit.assembled.json', undefined, 400)
    const nbPages = Math.min(Math.ceil(hits.length / per), Math.floor(1000 / per))
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        hits: hits.slice(pageNo * per, (pageNo + 1) * per),
        nbHits: hits.length,
        nbPages,
        hitsPerPage: per,
        page: pageNo,
      }),
    }
  }
}

describe('hackernews connector over the 1,000-hit cap', () => {
  it('narrows the time window, oldest first, and misses nothing', async () => {
    server = await new FixtureServer('hackernews').start()
    server.extra.push(bigIndex(2500, 1787667000, 3))
    let cursor: unknown = null
    const seen: string[] = []
    for (let i = 0; i < 50; i++) {
      const src = source({ baseUrl: server.url, hitsPerPage: 100, maxRequestsPerPoll: 8 }, cursor)
      const result = await hackernewsConnector.poll(src, NOW, io(src))
      seen.push(...ids(result))
      cursor = result.cursor
      if (result.nextPollAt !== NOW) break
    }
    expect(new Set(seen).size).toBe(2500)
    expect(server.requests.some((r) => (r.query.get('numericFilters') ?? '').includes('<='))).toBe(
      true,
    )
  })
})

async function storedIds(brandId: string): Promise<string[]> {
  const rows = await t.ctx.db
    .select({ id: posts.externalId })
    .from(posts)
    .where(and(eq(posts.brandId, brandId), eq(posts.network, 'hackernews')))
  return rows.map((r) => r.id)
}

describe('hackernews connector refused a deep page', () => {
  it('narrows on the 400 pagination-limit answer and misses nothing', async () => {
    server = await new FixtureServer('hackernews').start()
    // Page 3 and beyond are refused although nbPages promised 5.
    server.extra.push(bigIndex(500, 1787667000, 2, 3))
    let cursor: unknown = null
    const seen: string[] = []
    for (let i = 0; i < 20; i++) {
      const src = source({ baseUrl: server.url, hitsPerPage: 100 }, cursor)
      const result = await hackernewsConnector.poll(src, NOW, io(src))
      seen.push(...ids(result))
      cursor = result.cursor
      if (result.nextPollAt !== NOW) break
    }
    expect(new Set(seen).size).toBe(500)
    expect(server.requests.some((r) => r.query.get('page') === '3')).toBe(true)
  })
})

describe('hackernews source end to end', () => {
  it('polls the fixtures through pollSource until caught up, and analyses them into complaints', async () => {
    await fixtures()
    const brand = await makeBrand(t.ctx, 'Klout')
    const id = `src_hn_${brand.id.slice(0, 8)}`
    await upsertSource(t.ctx.db, {
      id,
      brandId: brand.id,
      kind: 'hackernews',
      name: 'Hacker News',
      config: { baseUrl: server.url, firebaseUrl: server.url, hitsPerPage: 2 },
    })
    // The fixtures' window: the poller's clock is today, the recorded hits are older.
    const since = { since: 1787666400, seen: [] }
    await t.ctx.db
      .update(sources)
      .set({ cursor: { story: since, comment: since } })
      .where(eq(sources.id, id))
    let inserted = 0
    for (let i = 0; i < 5; i++) {
      await makeDue(t.ctx, id)
      const n = await pollSource(t.ctx, { sourceId: id })
      inserted += n
      if (n === 0) break
    }
    expect(inserted).toBe(5)
    expect((await storedIds(brand.id)).sort()).toEqual([
      '49310422',
      '49310871',
      '49311230',
      '49311502',
      '49311977',
    ])

    const workers: WorkersHandle = await startWorkers(t.ctx)
    try {
      const deadline = Date.now() + 20_000
      let found = 0
      while (Date.now() < deadline) {
        const [row] = await t.ctx.db
          .select({ n: count() })
          .from(complaints)
          .where(eq(complaints.brandId, brand.id))
        found = row?.n ?? 0
        if (found > 0) break
        await new Promise((r) => setTimeout(r, 200))
      }
      expect(found).toBeGreaterThan(0)
    } finally {
      await workers.close()
    }
  })

  it('stores exactly the index after polls that crash at random points', async () => {
    server = await new FixtureServer('hackernews').start()
    const from = Math.floor(Date.now() / 1000) - 1800
    const index = bigIndex(400, from, 2)
    let countdown = 0
    server.extra.push((req) => {
      // A crash mid-poll: the network breaks at a random request, nothing of the poll commits.
      if (countdown > 0 && --countdown === 0)
        return { status: 503, headers: { 'content-type': 'application/json' }, body: '{}' }
      return index(req)
    })
    const brand = await makeBrand(t.ctx, 'Klout')
    const id = `src_hnr_${brand.id.slice(0, 8)}`
    await upsertSource(t.ctx.db, {
      id,
      brandId: brand.id,
      kind: 'hackernews',
      name: 'Hacker News',
      config: {
        baseUrl: server.url,
        firebaseUrl: server.url,
        hitsPerPage: 20,
        maxRequestsPerPoll: 6,
      },
    })
    let seed = 20261204
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    let clean = 0
    let failed = 0
    for (let i = 0; i < 300 && clean < 2; i++) {
      const crash = random() < 0.4
      countdown = crash ? 1 + Math.floor(random() * 6) : 0
      if (crash && random() < 0.3) server.faults.push({ kind: 'reset' })
      await makeDue(t.ctx, id)
      const n = await pollSource(t.ctx, { sourceId: id })
      // A failed poll keeps the cursor and says why in the source's health.
      const [row] = await t.ctx.db.select().from(sources).where(eq(sources.id, id))
      if (row!.failures > 0) failed++
      clean = n === 0 && row!.failures === 0 && !crash ? clean + 1 : n === 0 ? clean : 0
    }
    expect(failed).toBeGreaterThan(3)
    const stored = await storedIds(brand.id)
    expect(stored).toHaveLength(400)
    expect(new Set(stored).size).toBe(400)
  })
})
