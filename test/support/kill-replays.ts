import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { AppContext } from '../../server/context.js'
import type { BrandRow } from '../../server/db/repositories/brands.js'
import { sources } from '../../server/db/schema.js'
import { rssConnector } from '../../workers/sources/rss.js'
import { sourceIo } from '../../workers/sources/source-io.js'
import { FakeBlueskySearch, KLOUT_POST_URIS } from './fake-bluesky-search.js'
import { FakeJetstream, syntheticPostFrames, syntheticUri } from './fake-jetstream.js'
import { FakeMastodonStatuses } from './fake-mastodon-statuses.js'
import { FakeMastodonStream, tagTimeline, wsFrame, type FixtureStatus } from './fake-mastodon.js'
import { FakeReddit, KLOUT_COMMENTS, KLOUT_LINKS } from './fake-reddit.js'
import { makeBrand } from './factories.js'
import { FIXTURES, FixtureServer, loadFixture, type SeenRequest } from './fixture-server.js'
import { sourceRow } from './source-row.js'

/**
 * One source of each connector kind replaying a fake network slowly enough to be killed
 * mid-way (small pages, few pages per poll, a delay on every answer), and the external ids
 * the whole replay must leave stored: exactly these, once each.
 */
export interface KillReplay {
  kind: string
  sourceId: string
  expected: string[]
  /** Polled through the scheduler (the test keeps it due); false for a held stream. */
  polled: boolean
  close(): Promise<void>
}

interface ReplayOptions {
  /** Every HTTP answer of the fakes waits this long. */
  delayMs: number
  /** The Jetstream fake waits this long between frames. */
  paceMs: number
}

const mins = (at: string) => Date.parse(at)

async function insertSource(
  ctx: AppContext,
  kind: string,
  brandTerm: string,
  config: Record<string, unknown>,
  cursor: unknown = null,
  secrets: Record<string, string> | null = null,
): Promise<{ id: string; brand: BrandRow }> {
  const brand = await makeBrand(ctx, brandTerm)
  const id = `src_kill_${kind.replace(/\W/g, '')}_${crypto.randomBytes(3).toString('hex')}`
  await ctx.db.insert(sources).values({
    id,
    brandId: brand.id,
    kind,
    name: `${kind} (kill replay)`,
    config,
    cursor,
    secretsCiphertext: secrets ? ctx.secrets.seal(JSON.stringify(secrets)) : null,
  })
  return { id, brand }
}

async function rssReplay(ctx: AppContext, { delayMs }: ReplayOptions): Promise<KillReplay> {
  const fake = await new FixtureServer('rss').start()
  const config = { url: `${fake.url}/feed/`, intervalSeconds: 10 }
  const { id: sourceId, brand } = await insertSource(ctx, 'rss', 'Klout', config)
  // The feed's items about the brand, as the connector reads them (one answer, no paging).
  const row = sourceRow({ id: sourceId, brandId: brand.id, kind: 'rss', config })
  const read = await rssConnector.poll(row, Date.now(), sourceIo(ctx, row, brand))
  const expected = read.records.flatMap((r) => (r.ok ? [r.post.externalId] : []))
  fake.delayMs = delayMs
  return { kind: 'rss', sourceId, expected, polled: true, close: () => fake.close() }
}

/**
 * An Algolia index of `count` Klout comments a minute apart, up to now: more than one window
 * of the connector's, so that it narrows and commits window after window, poll after poll.
 */
function algoliaIndex(count: number) {
  const from = Math.floor(Date.now() / 1000) - count * 60
  const empty = loadFixture(
    'hackernews/search_by_date.empty.assembled.json',
    'hackernews/search_by_date.empty.assembled.json.headers.txt',
  )
  const all = Array.from({ length: count }, (_, i) => ({
    objectID: String(200000 + i),
    created_at_i: from + i * 60,
    author: `u${i % 7}`,
    comment_text: `Klout comment ${i}`,
    story_id: 1,
    parent_id: 1,
  }))
  const answer = (req: SeenRequest) => {
    if (req.path !== '/api/v1/search_by_date') return undefined
    if (req.query.get('tags') !== 'comment') return empty
    const filters = (req.query.get('numericFilters') ?? '').split(',')
    const hits = all
      .filter((h) =>
        filters.every((f) => {
          const m = /^created_at_i(>|<=)(\d+)$/.exec(f)
          if (!m) return true
          return m[1] === '>' ? h.created_at_i > Number(m[2]) : h.created_at_i <= Number(m[2])
        }),
      )
      .sort((a, b) => b.created_at_i - a.created_at_i)
    const per = Number(req.query.get('hitsPerPage') ?? 20)
    const page = Number(req.query.get('page') ?? 0)
    const body = {
      hits: hits.slice(page * per, (page + 1) * per),
      nbHits: hits.length,
      nbPages: Math.ceil(hits.length / per),
      hitsPerPage: per,
      page,
    }
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }
  }
  return { answer, ids: all.map((h) => h.objectID) }
}

async function hackernewsReplay(ctx: AppContext, { delayMs }: ReplayOptions): Promise<KillReplay> {
  const fake = await new FixtureServer('hackernews').start()
  const index = algoliaIndex(40)
  fake.extra.push(index.answer)
  fake.delayMs = delayMs
  const { id: sourceId } = await insertSource(ctx, 'hackernews', 'Klout', {
    baseUrl: fake.url,
    firebaseUrl: fake.url,
    hitsPerPage: 5,
    maxRequestsPerPoll: 5,
    deleteChecksPerPoll: 0,
    intervalSeconds: 10,
  })
  return {
    kind: 'hackernews',
    sourceId,
    expected: index.ids,
    polled: true,
    close: () => fake.close(),
  }
}

async function redditReplay(ctx: AppContext, { delayMs }: ReplayOptions): Promise<KillReplay> {
  const fake = await new FakeReddit().start()
  fake.delayMs = delayMs
  // The recorded things are from 2026-08-25 13:52–14:44; the source starts at 13:30.
  const from = mins('2026-08-25T13:30:00Z') / 1000
  const listing = { newest: null, newestAt: from, sweep: null }
  const { id: sourceId } = await insertSource(
    ctx,
    'reddit',
    'Klout',
    {
      baseUrl: fake.url,
      authBaseUrl: fake.url,
      pageSize: 2,
      maxPages: 1,
      subreddits: ['KloutUsers'],
      intervalSeconds: 10,
    },
    { listings: { search: listing, 'r/kloutusers': listing }, recent: [] },
    { clientId: fake.clientId, clientSecret: fake.clientSecret },
  )
  const expected = [...KLOUT_LINKS, ...KLOUT_COMMENTS]
  return { kind: 'reddit', sourceId, expected, polled: true, close: () => fake.close() }
}

async function xReplay(ctx: AppContext, { delayMs }: ReplayOptions): Promise<KillReplay> {
  const fake = await new FixtureServer('x').start()
  fake.delayMs = delayMs
  const { id: sourceId } = await insertSource(
    ctx,
    'x',
    'Klout',
    {
      baseUrl: fake.url,
      query: 'klout',
      includeRetweets: true,
      maxResults: 10,
      maxPagesPerPoll: 1,
      intervalSeconds: 10,
    },
    null,
    { bearerToken: 'AAAA-test' },
  )
  // The fixture tweets the brand rules keep (the others only mention the @KloutSupport handle).
  const expected = ['2092251976430588023', '2092265435952136332', '2092268397130764435']
  return { kind: 'x', sourceId, expected, polled: true, close: () => fake.close() }
}

async function mastodonReplay(ctx: AppContext, { delayMs }: ReplayOptions): Promise<KillReplay> {
  const page = recordedTimeline()
  const fake = await new FixtureServer('mastodon').start()
  fake.extra.push(
    tagTimeline('klout', () => page),
    new FakeMastodonStatuses().route,
  )
  fake.delayMs = delayMs
  // The Snowflake id of 13:30 on the day of the fixtures: the source starts before them.
  const start = (BigInt(mins('2026-08-25T13:30:00Z')) << 16n).toString()
  const { id: sourceId } = await insertSource(
    ctx,
    'mastodon',
    'Klout',
    {
      instance: fake.url,
      hashtags: ['klout'],
      pageSize: 1,
      maxPagesPerPoll: 2,
      intervalSeconds: 10,
    },
    { streams: { 'tag:klout': start }, known: [] },
  )
  const expected = page.map((s) => s.uri)
  return { kind: 'mastodon', sourceId, expected, polled: true, close: () => fake.close() }
}

const recordedTimeline = () =>
  JSON.parse(
    fs.readFileSync(
      path.join(FIXTURES, 'mastodon/timelines_tag_klout.page1.assembled.json'),
      'utf8',
    ),
  ) as FixtureStatus[]

/**
 * A Mastodon instance where a status about the brand is published every `everyMs` once the
 * stream is first connected: sent to the open streaming connections, and on the hashtag
 * timeline from then on. A killed worker misses what was streamed while it was down; its
 * successor must read it over REST when it reconnects.
 */
async function mastodonStreamReplay(
  ctx: AppContext,
  { delayMs }: ReplayOptions,
): Promise<KillReplay> {
  const count = 80
  const everyMs = 150
  const model = recordedTimeline()[2]!
  const published: FixtureStatus[] = []
  const rest = await new FixtureServer('mastodon').start()
  const lookup = new FakeMastodonStatuses()
  rest.extra.push(
    tagTimeline('klout', () => published),
    lookup.route,
  )
  rest.delayMs = delayMs
  const stream = await new FakeMastodonStream('kill-replay-token').start()
  const uri = (i: number) => `https://social.example/users/dana/statuses/kill${i}`
  const timer = setInterval(() => {
    if (!stream.connections.length || published.length === count) return
    const i = published.length
    const status: FixtureStatus = {
      ...model,
      id: ((BigInt(Date.now()) << 16n) + BigInt(i)).toString(),
      uri: uri(i),
      url: uri(i),
      created_at: new Date().toISOString(),
      content: `<p>Klout still has not restored my score, day ${i}. #Klout</p>`,
    }
    published.push(status)
    lookup.statuses.set(status.id, status)
    stream.send(wsFrame('klout', 'update', JSON.stringify(status)))
  }, everyMs)
  const { id: sourceId } = await insertSource(
    ctx,
    'mastodon-stream',
    'Klout',
    { instance: rest.url, hashtags: ['klout'], streamingUrl: stream.url, pageSize: 5 },
    null,
    { token: 'kill-replay-token' },
  )
  return {
    kind: 'mastodon-stream',
    sourceId,
    expected: Array.from({ length: count }, (_, i) => uri(i)),
    polled: false,
    async close() {
      clearInterval(timer)
      await Promise.all([rest.close(), stream.close()])
    },
  }
}

async function blueskyReplay(ctx: AppContext, { delayMs }: ReplayOptions): Promise<KillReplay> {
  const fake = await new FakeBlueskySearch().start()
  fake.delayMs = delayMs
  const { id: sourceId } = await insertSource(
    ctx,
    'bluesky',
    'Klout',
    {
      service: fake.url,
      appViewUrl: fake.url,
      pageSize: 3,
      maxPagesPerPoll: 1,
      intervalSeconds: 10,
    },
    // The recorded posts are from 2026-08-25 14:02–14:24; the source starts just before them.
    { at: mins('2026-08-25T14:00:00Z'), uris: [] },
    { identifier: 'klout-watch.example.com', appPassword: fake.password },
  )
  const expected = [...KLOUT_POST_URIS]
  return { kind: 'bluesky', sourceId, expected, polled: true, close: () => fake.close() }
}

async function jetstreamReplay(ctx: AppContext, { paceMs }: ReplayOptions): Promise<KillReplay> {
  const count = 600
  const fake = await new FakeJetstream().start()
  // 50 ms of stream time apart: a reconnect's 5 s overlap re-reads a hundred frames, not all.
  fake.frames = syntheticPostFrames(count, {
    matchEvery: 3,
    stepUs: 50_000,
    startUs: (Date.now() - 600_000) * 1000,
  })
  fake.paceMs = paceMs
  const { id: sourceId } = await insertSource(ctx, 'bluesky-jetstream', 'Kredo', {
    url: fake.url,
    appViewUrl: null,
  })
  const expected = Array.from({ length: count }, (_, i) => i)
    .filter((i) => i % 3 === 0)
    .map(syntheticUri)
  return { kind: 'bluesky-jetstream', sourceId, expected, polled: false, close: () => fake.close() }
}

/** Every connector's replay, each on its own brand and fake network. */
export function startKillReplays(ctx: AppContext, options: ReplayOptions): Promise<KillReplay[]> {
  return Promise.all(
    [
      rssReplay,
      hackernewsReplay,
      redditReplay,
      xReplay,
      mastodonReplay,
      mastodonStreamReplay,
      blueskyReplay,
      jetstreamReplay,
    ].map((start) => start(ctx, options)),
  )
}
