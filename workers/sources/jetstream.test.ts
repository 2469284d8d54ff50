import { describe, expect, it } from 'vitest'
import { compileBrandRules } from '../../shared/brand-rules.js'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import { jetstreamFixture, timeUsOf } from '../../test/support/fake-jetstream.js'
import { blueskyJetstreamConnector as jetstream, JETSTREAM_DEFAULT_URL } from './jetstream.js'
import type { StreamEvent } from './stream-connector.js'

const klout = compileBrandRules({ trackedTerms: ['klout'], excludedTerms: [] })

/** Every frame through readFrame, as the runner does: the events kept and the last cursor. */
function readAll(frames: string[], rules = klout, cursor: unknown = null) {
  const events: StreamEvent[] = []
  for (const frame of frames) {
    const read = jetstream.readFrame(frame, cursor, rules)
    cursor = read.cursor
    if (read.event.type !== 'skip') events.push(read.event)
  }
  return { events, cursor }
}

const source = (config: unknown) => ({ config }) as SourceRow

describe('bluesky-jetstream frames', () => {
  it('maps the Klout stream: creates to posts, the delete, the deactivated account', () => {
    const { events } = readAll(jetstreamFixture('klout_stream.assembled.jsonl'))
    const posts = events.flatMap((e) => (e.type === 'record' && e.record.ok ? [e.record.post] : []))
    expect(posts).toHaveLength(5)
    const [root, reply, , spanish] = posts
    expect(root).toMatchObject({
      network: 'bluesky',
      externalId: 'at://did:plc:xeklumh4upjv3methdr2ho26/app.bsky.feed.post/3mtvyaddzwk2b',
      url: 'https://bsky.app/profile/did:plc:xeklumh4upjv3methdr2ho26/post/3mtvyaddzwk2b',
      lang: 'en',
      inReplyTo: null,
      threadId: null,
      author: {
        externalId: 'did:plc:xeklumh4upjv3methdr2ho26',
        handle: 'did:plc:xeklumh4upjv3methdr2ho26',
        followers: null,
      },
    })
    expect(root!.postedAt.toISOString()).toBe('2026-08-25T14:02:11.418Z')
    expect(reply!.inReplyTo).toBe(root!.externalId)
    expect(reply!.threadId).toBe(root!.externalId)
    expect(spanish!.lang).toBe('es')
    expect(events.filter((e) => e.type === 'delete')).toEqual([
      {
        type: 'delete',
        deleted: {
          network: 'bluesky',
          externalId: 'at://did:plc:7exwn6qiqetcuru7haifpnvv/app.bsky.feed.post/3mtvygl4y5k2b',
        },
      },
    ])
    expect(events.filter((e) => e.type === 'authorGone')).toEqual([
      {
        type: 'authorGone',
        network: 'bluesky',
        authorExternalId: 'did:plc:mrxcsr3aebqmlry2lmvpmdge',
        status: 'deactivated',
      },
    ])
  })

  it('keeps only posts matching the brand, from an unfiltered firehose', () => {
    const frames = jetstreamFixture('firehose_window_unfiltered.real.jsonl')
    const everything = compileBrandRules({ trackedTerms: ['the'], excludedTerms: [] })
    const { events } = readAll(frames, everything)
    const kept = events.flatMap((e) => (e.type === 'record' && e.record.ok ? [e.record.post] : []))
    expect(kept.length).toBeGreaterThan(0)
    expect(kept.every((p) => /\bthe\b/i.test(p.text))).toBe(true)
    expect(kept.every((p) => p.externalId.includes('/app.bsky.feed.post/'))).toBe(true)
    // Likes, follows and reposts are not posts, whatever they say.
    expect(
      readAll(frames, compileBrandRules({ trackedTerms: [], excludedTerms: [] })).events,
    ).toEqual(events.filter((e) => e.type !== 'record'))
  })

  it('advances the cursor to the highest time_us seen, not the last', () => {
    const frames = jetstreamFixture('firehose_window_unfiltered.real.jsonl')
    const times = frames.map(timeUsOf) as number[]
    const inversions = times.filter((t, i) => i > 0 && t < times[i - 1]!).length
    expect(inversions).toBeGreaterThan(0)
    expect(times.at(-1)).toBeLessThan(Math.max(...times))
    expect(readAll(frames).cursor).toEqual({ timeUs: Math.max(...times) })
    // A cursor already past the frames stays where it is.
    const ahead = { timeUs: Math.max(...times) + 1 }
    expect(readAll(frames, klout, ahead).cursor).toEqual(ahead)
  })

  it('sets bad frames aside with their reasons and carries on', () => {
    const good = jetstreamFixture('klout_stream.assembled.jsonl')[0]!
    const noText = good.replace(/"text":"[^"]*"/, '"tekst":"x"')
    const noRkey = good.replace(/"rkey":"[^"]*",/, '')
    const badDate = good.replace(/"createdAt":"[^"]*"/, '"createdAt":"yesterday"')
    const frames = ['{"did":"did:plc:x","time_us":', '{"kind":"commit"}', noText, noRkey, badDate]
    const { events, cursor } = readAll([...frames, good])
    const rejected = events.flatMap((e) => (e.type === 'record' && !e.record.ok ? [e.record] : []))
    expect(rejected.map((r) => r.issues[0]!.path)).toEqual([
      '(frame)',
      'did',
      'commit.record.text',
      'commit.rkey',
      'postedAt',
    ])
    expect(rejected[0]!.issues[0]!.message).toMatch(/^malformed JSON/)
    expect(events.at(-1)).toMatchObject({ type: 'record', record: { ok: true } })
    expect(cursor).toEqual({ timeUs: timeUsOf(good) })
    // A frame that is not JSON leaves the cursor as it was.
    expect(jetstream.readFrame('garbage', { timeUs: 5 }, klout).cursor).toEqual({ timeUs: 5 })
    // A bad record about something else is skipped, not kept: it is not the brand's business.
    const elsewhere = badDate.replace(/Klout/g, 'Acme')
    expect(jetstream.readFrame(elsewhere, null, klout).event).toEqual({ type: 'skip' })
  })

  it('subscribes to posts, from five seconds before the cursor, or an hour back at first', () => {
    const now = Date.parse('2026-08-25T15:00:00Z')
    const resumed = new URL(jetstream.subscribeUrl(source({}), { timeUs: 1787666532230344 }, now))
    expect(resumed.origin + resumed.pathname).toBe(JETSTREAM_DEFAULT_URL)
    expect(resumed.searchParams.get('wantedCollections')).toBe('app.bsky.feed.post')
    expect(resumed.searchParams.get('cursor')).toBe(String(1787666532230344 - 5_000_000))
    const first = new URL(
      jetstream.subscribeUrl(source({ url: 'ws://127.0.0.1:9/subscribe' }), null, now),
    )
    expect(first.host).toBe('127.0.0.1:9')
    expect(first.searchParams.get('cursor')).toBe(String((now - 3_600_000) * 1000))
    // Compressed frames only when the source asks for them.
    expect(first.searchParams.has('compress')).toBe(false)
    const compressed = new URL(jetstream.subscribeUrl(source({ compress: true }), null, now))
    expect(compressed.searchParams.get('compress')).toBe('true')
    expect(() => jetstream.subscribeUrl(source({ url: 'https://x.example/' }), null, now)).toThrow()
  })
})
