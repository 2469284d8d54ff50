import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FixtureServer } from '../../test/support/fixture-server.js'
import { BlueskyProfiles } from './bluesky-profiles.js'
import { SourceError, type SourceIo } from './connector.js'

const NOW = Date.parse('2026-08-25T14:30:00Z')
let fake: FixtureServer

/** A plain fetch for the fake (the SSRF-guarded io is exercised by the connector tests). */
const fetchFake: SourceIo['fetch'] = async (url, init = {}) => {
  const res = await fetch(url, { method: init.method ?? 'GET', headers: init.headers })
  return { status: res.status, headers: res.headers, body: await res.text() }
}

/** getProfiles for made-up DIDs: `did:plc:nN` has N followers; n7 is verified. */
function answerSynthetic(req: { path: string; query: URLSearchParams }) {
  if (req.path !== '/xrpc/app.bsky.actor.getProfiles') return undefined
  const actors = req.query.getAll('actors').filter((a) => a.startsWith('did:plc:n'))
  if (actors.length === 0) return undefined
  const profiles = actors.map((did) => ({
    did,
    handle: `${did.slice(8)}.example`,
    followersCount: Number(did.slice(9)),
    ...(did === 'did:plc:n7' ? { verification: { verifiedStatus: 'valid' } } : {}),
  }))
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ profiles }),
  }
}

beforeAll(async () => {
  fake = await new FixtureServer('bluesky').start()
  fake.extra.push(answerSynthetic)
})
afterAll(() => fake?.close())
beforeEach(() => {
  fake.requests.length = 0
  fake.faults = []
})

const dids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `did:plc:n${from + i}`)

describe('BlueskyProfiles', () => {
  it('reads the recorded authors: followers, verification unknown when not given', async () => {
    const profiles = new BlueskyProfiles({ baseUrl: fake.url })
    const reach = await profiles.lookup(
      fetchFake,
      ['did:plc:pkysfswgeplinvtwul5iv2nz', 'did:plc:mrxcsr3aebqmlry2lmvpmdge'],
      NOW,
    )
    expect(reach.get('did:plc:pkysfswgeplinvtwul5iv2nz')).toEqual({
      followers: 55210,
      verified: null,
    })
    expect(reach.get('did:plc:mrxcsr3aebqmlry2lmvpmdge')).toEqual({ followers: 97, verified: null })
  })

  it('asks in batches of 25, then answers from its cache until the TTL passes', async () => {
    const profiles = new BlueskyProfiles({ baseUrl: fake.url, ttlMs: 60_000 })
    const reach = await profiles.lookup(fetchFake, [...dids(30), 'did:plc:n3'], NOW)
    expect(fake.requests.map((r) => r.query.getAll('actors').length)).toEqual([25, 5])
    expect(reach.get('did:plc:n29')).toEqual({ followers: 29, verified: null })
    expect(reach.get('did:plc:n7')).toEqual({ followers: 7, verified: true })

    fake.requests.length = 0
    await profiles.lookup(fetchFake, dids(30), NOW + 59_000)
    expect(fake.requests).toHaveLength(0)

    await profiles.lookup(fetchFake, dids(2), NOW + 61_000)
    expect(fake.requests.map((r) => r.query.getAll('actors'))).toEqual([dids(2)])
  })

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const profiles = new BlueskyProfiles({ baseUrl: fake.url, maxEntries: 3 })
    await profiles.lookup(fetchFake, dids(3), NOW)
    expect(profiles.peek('did:plc:n0', NOW)).toBeDefined() // n0 is now the most recent
    await profiles.lookup(fetchFake, dids(1, 3), NOW)
    expect(profiles.size).toBe(3)
    expect(profiles.peek('did:plc:n1', NOW)).toBeUndefined()
    expect(profiles.peek('did:plc:n0', NOW)).toBeDefined()
  })

  it('caches an account the AppView does not return as unknown reach', async () => {
    const profiles = new BlueskyProfiles({ baseUrl: fake.url })
    fake.extra.unshift(() => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"profiles":[{"did":"did:plc:odd","followersCount":"many"}]}',
    }))
    try {
      const reach = await profiles.lookup(fetchFake, ['did:plc:gone', 'did:plc:odd'], NOW)
      expect(reach.get('did:plc:gone')).toEqual({ followers: null, verified: null })
      expect(reach.get('did:plc:odd')).toEqual({ followers: null, verified: null })
      await profiles.lookup(fetchFake, ['did:plc:gone'], NOW)
      expect(fake.requests).toHaveLength(1)
    } finally {
      fake.extra.shift()
    }
  })

  it('a 429 fails with the retry time; nothing is cached', async () => {
    const profiles = new BlueskyProfiles({ baseUrl: fake.url })
    fake.faults.push({
      kind: 'status',
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '30' },
      body: '{"error":"RateLimitExceeded","message":"Rate Limit Exceeded"}',
    })
    const err = await profiles.lookup(fetchFake, dids(2), NOW).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SourceError)
    expect((err as SourceError).options).toMatchObject({ status: 429, retryAt: NOW + 30_000 })
    expect(profiles.size).toBe(0)
  })
})
