import crypto from 'node:crypto'
import { and, eq, isNotNull } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { compileBrandRules } from '../../shared/brand-rules.js'
import { getSource, type SourceRow } from '../../server/db/repositories/sources.js'
import { authors, complaints, posts, rejectedPayloads, sources } from '../../server/db/schema.js'
import { upsertSource } from '../../server/domain/sources/sources.js'
import { startWorkers } from '../../workers/main.js'
import { blueskyJetstreamConnector } from '../../workers/sources/jetstream.js'
import { startStreamRunner, type StreamRunner } from '../../workers/sources/stream-runner.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { eventually } from '../support/eventually.js'
import {
  compressJetstreamFrame,
  FakeJetstream,
  jetstreamFixture,
  rebaseFrames,
  syntheticPostFrames,
  syntheticUri,
  timeUsOf,
} from '../support/fake-jetstream.js'
import { makeBrand } from '../support/factories.js'
import { FixtureServer } from '../support/fixture-server.js'

let t: TestContext
let jetstream: FakeJetstream
let runner: StreamRunner | null = null
/** The AppView the authors' followers are read from (its recorded getProfiles answer). */
let appView: FixtureServer

beforeAll(async () => {
  t = await createTestContext({ SSRF_ALLOWLIST: '127.0.0.1' })
  appView = await new FixtureServer('bluesky').start()
})
afterEach(async () => {
  await runner?.close()
  runner = null
  await jetstream?.close()
  // One stream source at a time: the runner holds every enabled one in this database.
  await t.ctx.db.update(sources).set({ enabled: false })
})
afterAll(async () => {
  await appView?.close()
  await t?.close()
})

/** A brand tracking `term`, a Jetstream source on a fresh fake replaying `frames`. */
async function setup(frames: Array<string | Buffer>, term = 'Klout', config = {}) {
  jetstream = await new FakeJetstream().start()
  jetstream.frames = frames
  const brand = await makeBrand(t.ctx, term)
  const source = await upsertSource(t.ctx.db, {
    id: `jetstream-${crypto.randomBytes(4).toString('hex')}`,
    brandId: brand.id,
    kind: 'bluesky-jetstream',
    name: 'Bluesky firehose',
    config: { url: jetstream.url, appViewUrl: appView.url, ...config },
  })
  return { brand, source }
}

const start = () =>
  startStreamRunner(t.ctx, {
    reconcileMs: 60_000,
    flushMs: 20,
    backoff: { baseMs: 10, maxMs: 50 },
  })

const maxTimeUs = (frames: string[]) =>
  Math.max(...frames.map(timeUsOf).filter((x): x is number => x !== null))

/** Resolves once the source's stored cursor covers `timeUs`. */
const caughtUp = (source: SourceRow, timeUs: number) =>
  eventually(`cursor at ${timeUs}`, async () => {
    const row = await getSource(t.ctx.db, source.id)
    return ((row.cursor as { timeUs?: number } | null)?.timeUs ?? 0) >= timeUs
  })

const storedIds = async (source: SourceRow) =>
  (
    await t.ctx.db
      .select({ externalId: posts.externalId })
      .from(posts)
      .where(eq(posts.sourceId, source.id))
  ).map((r) => r.externalId)

describe('the bluesky-jetstream stream', () => {
  it('stores the matched posts, applies the delete and the deactivation, keeps the max time_us', async () => {
    const frames = rebaseFrames(jetstreamFixture('klout_stream.assembled.jsonl'))
    const { source } = await setup(frames)
    runner = start()
    await runner.reconcile()
    expect(runner.held()).toEqual([source.id])
    await caughtUp(source, maxTimeUs(frames))
    const rows = await t.ctx.db
      .select({ externalId: posts.externalId, deletedAt: posts.deletedAt, text: posts.text })
      .from(posts)
      .where(eq(posts.sourceId, source.id))
    expect(rows).toHaveLength(5)
    const deleted = rows.filter((r) => r.deletedAt).map((r) => r.externalId)
    expect(deleted.sort()).toEqual([
      // the deleted reply
      'at://did:plc:7exwn6qiqetcuru7haifpnvv/app.bsky.feed.post/3mtvygl4y5k2b',
      // the deactivated account's post
      'at://did:plc:mrxcsr3aebqmlry2lmvpmdge/app.bsky.feed.post/3mtvziauyec2b',
    ])
    const [conn] = jetstream.connections
    expect(conn!.get('wantedCollections')).toBe('app.bsky.feed.post')
  })

  it('stores the highest time_us of an out-of-order delivery', async () => {
    const frames = rebaseFrames(jetstreamFixture('firehose_window_unfiltered.real.jsonl'))
    const { source } = await setup(frames, 'the')
    const last = timeUsOf(frames.at(-1)!)!
    expect(last).toBeLessThan(maxTimeUs(frames))
    runner = start()
    await runner.reconcile()
    await caughtUp(source, maxTimeUs(frames))
    const row = await getSource(t.ctx.db, source.id)
    expect(row.cursor).toEqual({ timeUs: maxTimeUs(frames) })
  })

  it('resumes a dropped stream from the cursor minus 5 s: no gap, no duplicate', async () => {
    const frames = syntheticPostFrames(300, { matchEvery: 3 })
    const { source } = await setup(frames, 'Kredo')
    jetstream.drops = [100, 50, 120]
    runner = start()
    await runner.reconcile()
    await caughtUp(source, maxTimeUs(frames))
    expect(jetstream.connections.length).toBeGreaterThanOrEqual(4)
    // Each reconnect asked from 5 s before the highest time_us stored by then.
    const cursors = jetstream.connections.slice(1).map((q) => Number(q.get('cursor')))
    for (const c of cursors) expect(c + 5_000_000).toBeLessThanOrEqual(maxTimeUs(frames))
    expect(new Set(cursors).size).toBeGreaterThan(1)
    const expected = Array.from({ length: 300 }, (_, i) => i)
      .filter((i) => i % 3 === 0)
      .map(syntheticUri)
    const ids = await storedIds(source)
    expect(ids.sort()).toEqual(expected.sort())
  })

  it('stores a post delivered twice once', async () => {
    const frames = syntheticPostFrames(60)
    const { source } = await setup(frames, 'Kredo')
    jetstream.duplicate = true
    runner = start()
    await runner.reconcile()
    await caughtUp(source, maxTimeUs(frames))
    const ids = await storedIds(source)
    expect(ids).toHaveLength(60)
    expect(new Set(ids).size).toBe(60)
  })

  it('sets malformed frames aside with their reasons; the posts beside them are stored', async () => {
    const good = syntheticPostFrames(10)
    const frames = [
      good[0]!,
      '{"did":"did:plc:broken","time_us":',
      good[1]!,
      JSON.stringify({ did: 'did:plc:x', time_us: timeUsOf(good[1]!), kind: 'commit' }),
      ...good.slice(2),
    ]
    const { source } = await setup(frames, 'Kredo')
    runner = start()
    await runner.reconcile()
    await caughtUp(source, maxTimeUs(good))
    expect(await storedIds(source)).toHaveLength(10)
    const rejected = await t.ctx.db
      .select({ reason: rejectedPayloads.reason, channel: rejectedPayloads.channel })
      .from(rejectedPayloads)
      .where(eq(rejectedPayloads.sourceId, source.id))
    expect(rejected).toHaveLength(2)
    expect(rejected.map((r) => r.reason).join('\n')).toMatch(/malformed JSON/)
    expect(rejected.map((r) => r.reason).join('\n')).toMatch(/commit/)
  })

  it('reads a compressed stream (compress=true) into the same posts as the plain one', async () => {
    const frames = [
      ...rebaseFrames(jetstreamFixture('klout_stream.assembled.jsonl')),
      ...rebaseFrames(jetstreamFixture('posts_stream.real.jsonl')),
    ]
    // A corrupt compressed frame among them is set aside; the frames after it flow on.
    const corrupt = Buffer.from(compressJetstreamFrame(frames[0]!))
    corrupt[corrupt.length - 20]! ^= 0xff
    /** Streams `sent` into a new source until caught up: its posts, and what it set aside. */
    const stream = async (sent: Array<string | Buffer>, config: { compress?: boolean }) => {
      const { source } = await setup(sent, 'the', config)
      runner = start()
      await runner.reconcile()
      await caughtUp(source, maxTimeUs(frames))
      await runner.close()
      runner = null
      const [conn] = jetstream.connections
      const binary = jetstream.binaryFramesSent
      await jetstream.close()
      await t.ctx.db.update(sources).set({ enabled: false }).where(eq(sources.id, source.id))
      const stored = await t.ctx.db
        .select({ externalId: posts.externalId, text: posts.text, deletedAt: posts.deletedAt })
        .from(posts)
        .where(eq(posts.sourceId, source.id))
      const rejected = await t.ctx.db
        .select({ reason: rejectedPayloads.reason, raw: rejectedPayloads.payload })
        .from(rejectedPayloads)
        .where(eq(rejectedPayloads.sourceId, source.id))
      const found = stored
        .map((p) => ({ ...p, deleted: p.deletedAt !== null, deletedAt: undefined }))
        .sort((a, b) => a.externalId.localeCompare(b.externalId))
      return { found, rejected, binary, compressAsked: conn!.get('compress') }
    }
    const plain = await stream(frames, {})
    const zstd = await stream([frames[0]!, corrupt, ...frames.slice(1)], { compress: true })
    expect(plain.compressAsked).toBeNull()
    expect(plain.binary).toBe(0)
    expect(zstd.compressAsked).toBe('true')
    expect(zstd.binary).toBeGreaterThanOrEqual(frames.length + 1)
    // Posts of both recordings, one of them deleted by a later frame.
    expect(plain.found.length).toBeGreaterThanOrEqual(5)
    expect(plain.found.some((p) => p.deleted)).toBe(true)
    expect(zstd.found).toEqual(plain.found)
    expect(plain.rejected).toEqual([])
    expect(zstd.rejected).toHaveLength(1)
    expect(zstd.rejected[0]!.reason).toMatch(/cannot decompress zstd frame: corrupt data/)
    expect(zstd.rejected[0]!.raw).toBe(`base64:${corrupt.toString('base64')}`)
  })

  it('holds a stream in one worker only: a second runner waits for the lease', async () => {
    const frames = syntheticPostFrames(30)
    const { source } = await setup(frames, 'Kredo')
    runner = start()
    await runner.reconcile()
    const second = start()
    try {
      await second.reconcile()
      expect(second.held()).toEqual([])
      await caughtUp(source, maxTimeUs(frames))
      await runner.close()
      runner = null
      await second.reconcile()
      expect(second.held()).toEqual([source.id])
    } finally {
      await second.close()
    }
    expect(await storedIds(source)).toHaveLength(30)
  })

  it('disconnects when its lease is lost, and takes the stream again once free', async () => {
    const frames = syntheticPostFrames(30)
    const { source } = await setup(frames, 'Kredo')
    runner = startStreamRunner(t.ctx, { reconcileMs: 60_000, flushMs: 20, leaseMs: 600 })
    await runner.reconcile()
    await caughtUp(source, maxTimeUs(frames))
    // Redis lost it (a restart without persistence, or another worker's clock): let go.
    await t.ctx.redis.del(`${t.ctx.config.queuePrefix}:lease:stream:${source.id}`)
    await eventually('the stream let go', () => runner!.held().length === 0)
    await runner.reconcile()
    expect(runner.held()).toEqual([source.id])
    await eventually('a second connection', () => jetstream.connections.length === 2)
    expect(await storedIds(source)).toHaveLength(30)
  })

  it('reconnects from the stored cursor when a batch cannot be stored: nothing lost', async () => {
    const frames = syntheticPostFrames(200, { stepUs: 10_000 })
    const { source } = await setup(frames, 'Kredo')
    jetstream.paceMs = 1
    let calls = 0
    runner = startStreamRunner(t.ctx, {
      reconcileMs: 60_000,
      flushMs: 20,
      backoff: { baseMs: 10, maxMs: 50 },
      // The profiles seam failing (the network away) fails the batch it was asked for.
      enrich: async (_source, found) => {
        if (++calls === 3) throw new Error('profiles unavailable')
        return found
      },
    })
    await runner.reconcile()
    await caughtUp(source, maxTimeUs(frames))
    expect(calls).toBeGreaterThan(3)
    expect(jetstream.connections.length).toBeGreaterThanOrEqual(2)
    expect((await storedIds(source)).sort()).toEqual(
      Array.from({ length: 200 }, (_, i) => syntheticUri(i)).sort(),
    )
  })

  it('closes the stream of a paused source; resumed, it reconnects from the stored cursor', async () => {
    const frames = syntheticPostFrames(30)
    const { source } = await setup(frames, 'Kredo')
    runner = start()
    await runner.reconcile()
    await caughtUp(source, maxTimeUs(frames))
    await t.ctx.db.update(sources).set({ enabled: false }).where(eq(sources.id, source.id))
    await runner.reconcile()
    expect(runner.held()).toEqual([])
    await t.ctx.db.update(sources).set({ enabled: true }).where(eq(sources.id, source.id))
    await runner.reconcile()
    expect(runner.held()).toEqual([source.id])
    await eventually('a second connection', () => jetstream.connections.length === 2)
    expect(Number(jetstream.connections[1]!.get('cursor'))).toBe(maxTimeUs(frames) - 5_000_000)
    // An edited URL reconnects there.
    const moved = await new FakeJetstream().start()
    try {
      moved.frames = frames
      await t.ctx.db
        .update(sources)
        .set({ config: { url: moved.url } })
        .where(eq(sources.id, source.id))
      await runner.reconcile()
      await eventually('a connection to the new URL', () => moved.connections.length === 1)
    } finally {
      await runner.close()
      runner = null
      await moved.close()
    }
    expect(await storedIds(source)).toHaveLength(30)
  })

  it('stores exactly the replayed set across restarts at random points', async () => {
    // 100 ms apart: a resume 5 s back replays 50 frames, so each run gets further.
    const frames = syntheticPostFrames(400, { matchEvery: 2, stepUs: 100_000 })
    const { source } = await setup(frames, 'Kredo')
    // 2 ms a frame: one run (stopped within 400 ms) reads at most 200 of the 400 frames, so
    // reaching the end takes at least three runs, whatever the random stops are.
    jetstream.paceMs = 2
    const target = maxTimeUs(frames)
    let restarts = 0
    for (;;) {
      runner = start()
      await runner.reconcile()
      // Stop at a random point: mid-frame, mid-flush, or before the first frame arrives.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 400))
      if (Math.random() < 0.3) jetstream.dropAll()
      await runner.close()
      runner = null
      restarts++
      const row = await getSource(t.ctx.db, source.id)
      if (((row.cursor as { timeUs?: number } | null)?.timeUs ?? 0) >= target) break
      expect(restarts).toBeLessThan(200)
    }
    expect(restarts).toBeGreaterThan(2)
    const expected = Array.from({ length: 400 }, (_, i) => i)
      .filter((i) => i % 2 === 0)
      .map(syntheticUri)
    expect((await storedIds(source)).sort()).toEqual(expected.sort())
  })

  it('runs under startWorkers: streamed posts become complaints', async () => {
    const frames = rebaseFrames(jetstreamFixture('klout_stream.assembled.jsonl'))
    const { brand, source } = await setup(frames)
    const workers = await startWorkers(t.ctx)
    try {
      await caughtUp(source, maxTimeUs(frames))
      // The first analysis loads the analyzer; on PGlite everything shares one connection.
      const found = await eventually(
        'complaints from the stream',
        async () => {
          const rows = await t.ctx.db
            .select({ id: complaints.id, network: complaints.network })
            .from(complaints)
            .where(eq(complaints.brandId, brand.id))
          return rows.length ? rows : null
        },
        { timeoutMs: 45_000 },
      )
      expect(found.every((c) => c.network === 'bluesky')).toBe(true)
      const deleted = await t.ctx.db
        .select({ id: posts.id })
        .from(posts)
        .where(and(eq(posts.sourceId, source.id), isNotNull(posts.deletedAt)))
      expect(deleted).toHaveLength(2)
      // The workers give the firehose's authors their reach from the AppView's profiles.
      const reached = await t.ctx.db
        .select({ handle: authors.handle, followers: authors.followers })
        .from(authors)
        .innerJoin(posts, eq(posts.authorId, authors.id))
        .where(eq(posts.sourceId, source.id))
      expect(reached.length).toBeGreaterThan(0)
      expect(reached.every((a) => a.followers !== null)).toBe(true)
      expect(Math.max(...reached.map((a) => a.followers!))).toBe(55_210)
    } finally {
      await workers.close()
    }
  }, 60_000)
})

describe('the rules of a stream', () => {
  it('are the brand rules', () => {
    // The runner compiles the brand's rules as sourceIo does; exclusions apply to a stream too.
    const rules = compileBrandRules({ trackedTerms: ['kredo'], excludedTerms: ['weather'] })
    const frame = syntheticPostFrames(1)[0]!.replace('support', 'weather')
    expect(blueskyJetstreamConnector.readFrame(frame, null, rules).event.type).toBe('skip')
  })
})
