import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadReply } from '../../server/db/repositories/replies.js'
import { createReply } from '../../server/domain/replies/post-reply.js'
import { makeUser } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import {
  FakeBluesky,
  FakeMastodon,
  FakeReddit,
  FakeX,
  type FakeNetwork,
} from '../support/fake-networks.js'
import { processEnv, spawnFirebreak } from '../support/processes.js'
import { complaintOn, replyReaches } from '../support/replies.js'

let t: TestContext
let env: Record<string, string>
const fakes = {
  bluesky: new FakeBluesky(),
  mastodon: new FakeMastodon(),
  x: new FakeX(),
  reddit: new FakeReddit(),
}

beforeAll(async () => {
  await Promise.all(Object.values(fakes).map((f) => f.start()))
  env = await processEnv({
    SSRF_ALLOWLIST: '127.0.0.1',
    REPLY_POLL_MS: '50',
    // A short lease, so the restarted worker takes over the dead one's reply quickly.
    REPLY_LEASE_MS: '2000',
    REPLY_RETRY_BASE_MS: '100',
    JOB_LOCK_MS: '2000',
  })
  t = await createTestContext(env)
})
afterAll(async () => {
  await t?.close()
  await Promise.all(Object.values(fakes).map((f) => f.close()))
})

describe('a worker SIGKILLed after the network accepted a reply, before the database recorded it', () => {
  it.each(['bluesky', 'mastodon', 'x', 'reddit'] as const)(
    'leaves exactly one post on %s, and the reply ends sent with its URL',
    async (network) => {
      const fake: FakeNetwork = fakes[network]
      const admin = await makeUser(t.ctx, 'admin')
      const agent = await makeUser(t.ctx, 'agent')
      const first = await spawnFirebreak(['--role', 'worker'], env)
      let second: Awaited<ReturnType<typeof spawnFirebreak>> | null = null
      try {
        const { complaint } = await complaintOn(t.ctx, network, { fake, adminId: admin.id })
        const hold = fake.holdNext()
        const text = `Sorry about your score, we are fixing it (${network})`
        const { reply } = await createReply(t.ctx, {
          complaintId: complaint.id,
          body: { text },
          actorId: agent.id,
          ip: null,
        })
        await hold.accepted
        expect(await first.stop('SIGKILL')).toBe(null)
        hold.release()
        // The network has the post; the database only knows an attempt started.
        expect(fake.posts.filter((p) => p.text === text)).toHaveLength(1)
        expect((await loadReply(t.ctx.db, reply.id))!.state).toBe('sending')

        second = await spawnFirebreak(['--role', 'worker'], env)
        const sent = await replyReaches(t.ctx, reply.id, ['sent'], 30_000)
        const published = fake.posts.filter((p) => p.text === text)
        expect(published).toHaveLength(1)
        expect(sent.url).toBe(published[0]!.url)
        expect(sent.externalId).toBe(published[0]!.id)
        expect(sent.attempts).toBe(2)
      } finally {
        await first.stop('SIGKILL')
        await second?.stop()
      }
    },
    90_000,
  )
})
