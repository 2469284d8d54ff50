import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AttemptOutcome, ClaimedReply } from '../../server/domain/replies/delivery-outbox.js'
import { createNetworkHttp } from '../../workers/delivery/network-http.js'
import { redditAdapter } from '../../workers/delivery/reddit.js'
import { xAdapter } from '../../workers/delivery/x.js'
import { FakeReddit, FakeX } from '../support/fake-networks.js'

// The adapters against the fakes, with no database: what a resumed attempt finds on a busy
// account, whose earlier post is no longer on the first page of its posts.
const x = new FakeX()
const reddit = new FakeReddit()
const http = createNetworkHttp({ allowlist: ['127.0.0.1'], timeoutMs: 5000 })

beforeAll(async () => {
  await Promise.all([x.start(), reddit.start()])
})
afterAll(async () => {
  await Promise.all([x.close(), reddit.close()])
})

/** A claim as the outbox hands it to a worker: only what the adapters read is real. */
function claim(
  network: 'x' | 'reddit',
  baseUrl: string,
  text: string,
  parent: string,
  attempt = 1,
): ClaimedReply {
  return {
    reply: {
      id: crypto.randomUUID(),
      network,
      text,
      idempotencyKey: crypto.randomUUID(),
      createdAt: new Date(),
    },
    account: { network, handle: 'kredo', externalId: null, baseUrl },
    parent: { externalId: parent, url: null, inReplyTo: null },
    resumed: attempt > 1,
    previousAttemptAt: attempt > 1 ? new Date() : null,
    attempt,
  } as unknown as ClaimedReply
}

async function deliver(network: 'x' | 'reddit', c: ClaimedReply): Promise<AttemptOutcome> {
  const input = { claim: c, http, retryBaseMs: 100 }
  return network === 'x'
    ? xAdapter.deliver({ ...input, credentials: { accessToken: 'x-token' } })
    : redditAdapter.deliver({ ...input, credentials: { accessToken: 'reddit-token' } })
}

describe('a resumed attempt on a busy account', () => {
  it.each([
    ['x', () => x, '1000000001'],
    ['reddit', () => reddit, 't3_busy01'],
  ] as const)(
    'on %s finds its post 250 posts back, pages through, and never posts again',
    async (network, fake, parent) => {
      const text = `Sorry & sorry <again> (${network})`
      const first = claim(network, fake().url, text, parent)
      fake().next({ drop: true })
      await expect(deliver(network, first)).rejects.toThrow()
      expect(fake().posts.filter((p) => p.text === text)).toHaveLength(1)
      // The account keeps replying to others meanwhile.
      for (let i = 0; i < 250; i++) {
        const other = await deliver(
          network,
          claim(network, fake().url, `other ${i}`, `${parent}${i}`),
        )
        expect(other.kind).toBe('sent')
      }
      const resumed = await deliver(network, { ...first, resumed: true, attempt: 2 })
      const published = fake().posts.filter((p) => p.text === text)
      expect(published).toHaveLength(1)
      expect(resumed).toEqual({
        kind: 'sent',
        externalId: published[0]!.id,
        url: published[0]!.url,
      })
    },
  )

  it('on Reddit, an account whose comments cannot be read makes the reply unknown', async () => {
    const first = claim('reddit', reddit.url, 'Blind', 't3_blind1')
    reddit.next({ drop: true })
    await expect(deliver('reddit', first)).rejects.toThrow()
    reddit.listingFails = 403
    try {
      const outcome = await deliver('reddit', { ...first, resumed: true, attempt: 2 })
      expect(outcome).toMatchObject({ kind: 'unknown' })
    } finally {
      reddit.listingFails = null
    }
    reddit.listingFails = 503
    try {
      const outcome = await deliver('reddit', { ...first, resumed: true, attempt: 2 })
      expect(outcome).toMatchObject({ kind: 'uncertain' })
    } finally {
      reddit.listingFails = null
    }
    expect(reddit.posts.filter((p) => p.text === 'Blind')).toHaveLength(1)
  })

  it('on Reddit, a 5xx after posting is looked for before any retry', async () => {
    const c = claim('reddit', reddit.url, 'Five hundred', 't3_five01')
    reddit.next({ status: 500 })
    expect(await deliver('reddit', c)).toMatchObject({ kind: 'uncertain' })
    // The fake's 500 published nothing: the look finds nothing, and the comment is made once.
    const again = await deliver('reddit', { ...c, resumed: true, attempt: 2 })
    expect(again.kind).toBe('sent')
    expect(reddit.posts.filter((p) => p.text === 'Five hundred')).toHaveLength(1)
  })
})
