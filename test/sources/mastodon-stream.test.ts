import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getSource } from '../../server/db/repositories/sources.js'
import { complaints, posts, rejectedPayloads, sources } from '../../server/db/schema.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { startStreamRunner, type StreamRunner } from '../../workers/sources/stream-runner.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { eventually } from '../support/eventually.js'
import {
  FakeMastodonStream,
  sseEvents,
  tagTimeline,
  wsFrame,
  type FixtureStatus,
} from '../support/fake-mastodon.js'
import { makeBrand } from '../support/factories.js'
import { FakeMastodonStatuses } from '../support/fake-mastodon-statuses.js'
import { FIXTURES, FixtureServer } from '../support/fixture-server.js'

const TOKEN = 'token-of-klout-watch'
const PAGE = JSON.parse(
  fs.readFileSync(path.join(FIXTURES, 'mastodon/timelines_tag_klout.page1.assembled.json'), 'utf8'),
) as FixtureStatus[]
const byId = (id: string) => PAGE.find((s) => s.id === id)!
const DANA = byId('117156518756352211')
const KWAME = byId('117156543725568034')
/** The recorded stream: update Dana, update Kwame, update Dana's second, edit Kwame, delete it. */
const EVENTS = sseEvents('hashtag_klout.assembled.sse')
const DANA_SECOND = 'https://social.example/users/dana/statuses/117156607557632026'
/** The Snowflake id of 13:30 on the day of the fixtures: the source starts before them. */
const START = {
  streams: {
    'tag:klout': (BigInt(Date.parse('2026-08-25T13:30:00Z')) << 16n).toString(),
    'tag:kloutscore': (BigInt(Date.parse('2026-08-25T13:30:00Z')) << 16n).toString(),
  },
  known: [],
}

/** A status said while the reader was away, newer than everything recorded. */
const LATER: FixtureStatus = {
  ...DANA,
  id: '117156700000000000',
  uri: 'https://social.example/users/dana/statuses/117156700000000017',
  url: 'https://social.example/@dana/117156700000000017',
  created_at: '2026-08-25T14:50:00.000Z',
  content: '<p>Still nothing from Klout. Three days without an answer. #Klout</p>',
}

let t: TestContext
let rest: FixtureServer
let stream: FakeMastodonStream
let timeline: FixtureStatus[] = []
/** What the instance answers when the catch-up reads stored statuses again (deletes, counts). */
const lookup = new FakeMastodonStatuses()
lookup.statuses.set(LATER.id, LATER)
let runner: StreamRunner | null = null
let workers: WorkersHandle | null = null

beforeAll(async () => {
  t = await createTestContext({ SSRF_ALLOWLIST: '127.0.0.1' })
  rest = await new FixtureServer('mastodon').start()
  rest.extra.push(
    tagTimeline('klout', () => timeline),
    tagTimeline('kloutscore', () => []),
    lookup.route,
  )
})
afterEach(async () => {
  await runner?.close()
  await workers?.close()
  runner = workers = null
  await stream?.close()
  rest.faults = []
  // One stream source at a time: the runner holds every enabled one in this database.
  await t.ctx.db.update(sources).set({ enabled: false })
})
afterAll(async () => {
  await rest?.close()
  await t?.close()
})

async function setup(statuses: FixtureStatus[], token = TOKEN, config = {}) {
  timeline = [...statuses]
  stream = await new FakeMastodonStream(TOKEN).start()
  const brand = await makeBrand(t.ctx, 'Klout')
  const id = `src_mstream_${crypto.randomBytes(4).toString('hex')}`
  await t.ctx.db.insert(sources).values({
    id,
    brandId: brand.id,
    kind: 'mastodon-stream',
    name: 'Mastodon live',
    config: {
      instance: rest.url,
      hashtags: ['klout', 'KloutScore'],
      streamingUrl: stream.url,
      ...config,
    },
    secretsCiphertext: t.ctx.secrets.seal(JSON.stringify({ token })),
    cursor: START,
  })
  return { brand, sourceId: id }
}

const startRunner = () =>
  startStreamRunner(t.ctx, { reconcileMs: 60_000, flushMs: 20, backoff: { baseMs: 10, maxMs: 50 } })

const stored = (sourceId: string) =>
  t.ctx.db
    .select({ externalId: posts.externalId, text: posts.text, deletedAt: posts.deletedAt })
    .from(posts)
    .where(eq(posts.sourceId, sourceId))

const storedIds = async (sourceId: string) => (await stored(sourceId)).map((p) => p.externalId)

const send = (events: typeof EVENTS) => {
  for (const e of events) stream.send(wsFrame('klout', e.event, e.data))
}

describe('mastodon live stream', () => {
  it('catches up over REST, then reads the stream: new statuses, an edit and a delete, into complaints', async () => {
    const { brand, sourceId } = await setup([DANA, KWAME])
    workers = await startWorkers(t.ctx)
    await eventually('caught up over REST', async () => (await storedIds(sourceId)).length === 2, {
      timeoutMs: 15_000,
    })
    await eventually('stream open', async () => stream.open === 1)
    // One connection: the first hashtag in the URL, the others subscribed once open.
    expect(stream.connections[0]!.query.get('tag')).toBe('klout')
    expect(stream.connections[0]!.subscribed).toEqual(['KloutScore'])

    send(EVENTS.slice(0, 4)) // Dana and Kwame again, Dana's second, Kwame's edit
    await eventually('the new status and the edit', async () => {
      const rows = await stored(sourceId)
      return rows.length === 3 && rows.some((r) => r.text.includes('post every single day'))
    })
    send(EVENTS.slice(4)) // the delete of Dana's second, by its local id
    // Deleted, and its words gone with it.
    await eventually('the delete', async () =>
      (await stored(sourceId)).some(
        (r) => r.externalId === DANA_SECOND && r.deletedAt !== null && r.text === '',
      ),
    )
    expect((await storedIds(sourceId)).sort()).toEqual([DANA.uri, KWAME.uri, DANA_SECOND].sort())

    // The stream moved the REST cursor on: a reconnect reads from Dana's second, not again.
    const row = await getSource(t.ctx.db, sourceId)
    expect((row.cursor as typeof START).streams['tag:klout']).toBe('117156607557632009')

    await eventually(
      'the complaints ranked',
      async () =>
        (await t.ctx.db.select().from(complaints).where(eq(complaints.brandId, brand.id))).length >
        0,
      { timeoutMs: 20_000 },
    )
  })

  it('a stream dropped mid-way and duplicate deliveries: what was said meanwhile is read over REST, each status once', async () => {
    const { sourceId } = await setup([DANA])
    stream.duplicate = true
    runner = startRunner()
    await eventually('caught up', async () => (await storedIds(sourceId)).length === 1)
    await eventually('stream open', async () => stream.open === 1)
    send(EVENTS.slice(0, 2)) // Dana (twice), Kwame (twice)
    await eventually('Kwame from the stream', async () => (await storedIds(sourceId)).length === 2)

    stream.dropAll()
    timeline.push(KWAME, LATER)
    stream.send(wsFrame('klout', 'update', JSON.stringify(LATER))) // sent to no one
    await eventually(
      'reconnected',
      async () => stream.connections.length === 2 && stream.open === 1,
    )
    await eventually('the status said while away', async () =>
      (await storedIds(sourceId)).includes(LATER.uri),
    )
    send([{ event: 'update', data: JSON.stringify(LATER) }]) // the live tail repeats it
    await new Promise((resolve) => setTimeout(resolve, 200))
    const ids = await storedIds(sourceId)
    expect(ids.sort()).toEqual([DANA.uri, KWAME.uri, LATER.uri].sort())
  })

  it('reads a backlog longer than one poll before any frame: a streamed status never skips it', async () => {
    // One status a page, one page a poll: the catch-up takes several polls, while a newer
    // status is streamed at once (its id would move the cursor past the backlog).
    const { sourceId } = await setup([DANA, KWAME], TOKEN, { pageSize: 1, maxPagesPerPoll: 1 })
    runner = startRunner()
    await eventually('stream open', async () => stream.open === 1)
    stream.send(wsFrame('klout', 'update', JSON.stringify(LATER)))
    await eventually(
      'the backlog and the streamed status',
      async () => (await storedIds(sourceId)).length === 3,
    )
    expect((await storedIds(sourceId)).sort()).toEqual([DANA.uri, KWAME.uri, LATER.uri].sort())
  })

  it('a bad frame is set aside with its reason; the statuses beside it are stored', async () => {
    const { sourceId } = await setup([])
    runner = startRunner()
    await eventually('stream open', async () => stream.open === 1)
    stream.send('{"stream":["hashtag","klout"],"event":"update","payload":"{not json')
    stream.send(wsFrame('klout', 'update', JSON.stringify({ ...KWAME, content: 42 })))
    send(EVENTS.slice(0, 1))
    await eventually('Dana stored', async () => (await storedIds(sourceId)).length === 1)
    await eventually('two set aside', async () => {
      const rows = await t.ctx.db
        .select()
        .from(rejectedPayloads)
        .where(eq(rejectedPayloads.sourceId, sourceId))
      return rows.length === 2
    })
    const reasons = (
      await t.ctx.db.select().from(rejectedPayloads).where(eq(rejectedPayloads.sourceId, sourceId))
    ).map((r) => r.reason)
    expect(reasons.join(' | ')).toMatch(/malformed JSON/)
    expect(reasons.join(' | ')).toMatch(/payload\.content/)
  })

  it('REST faults during the catch-up (429 with Retry-After, 500, malformed JSON, slow) delay the stream, never lose what it missed', async () => {
    const { sourceId } = await setup([DANA, KWAME])
    rest.faults.push(
      {
        kind: 'status',
        status: 429,
        headers: { 'retry-after': '1' },
        body: '{"error":"Too many requests"}',
      },
      { kind: 'status', status: 500, body: '{"error":"internal"}' },
      { kind: 'malformed' },
      { kind: 'slow', ms: 300 },
    )
    const began = Date.now()
    runner = startRunner()
    await eventually('the 429 said', async () =>
      /429 Too many requests/.test((await getSource(t.ctx.db, sourceId)).lastError ?? ''),
    )
    await eventually('caught up in the end', async () => (await storedIds(sourceId)).length === 2, {
      timeoutMs: 15_000,
    })
    // Retry-After: 1 was honoured before the second connect.
    expect(Date.now() - began).toBeGreaterThanOrEqual(1000)
    expect(rest.faults).toHaveLength(0)
  })

  it('a refused handshake (no valid token) is said in the health and not hammered', async () => {
    const { sourceId } = await setup([DANA], 'a-revoked-token')
    runner = startRunner()
    await eventually('refusal said', async () =>
      /refused: HTTP 401/.test((await getSource(t.ctx.db, sourceId)).lastError ?? ''),
    )
    await new Promise((resolve) => setTimeout(resolve, 500))
    // With a 10-50 ms backoff a hammering loop would have tried dozens of times.
    expect(stream.refused).toBe(1)
  })
})
