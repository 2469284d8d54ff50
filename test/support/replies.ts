import crypto from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { ReplyNetwork } from '../../shared/replies.js'
import type { AppContext } from '../../server/context.js'
import { loadReply } from '../../server/db/repositories/replies.js'
import { complaints, posts } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { putReplyAccount } from '../../server/domain/replies/reply-accounts.js'
import { eventually } from './eventually.js'
import { makeBrand, makePost } from './factories.js'
import type { FakeNetwork } from './fake-networks.js'
import { waitForAnalysis } from './wait.js'

/** Credentials each fake network accepts. */
export const FAKE_CREDENTIALS: Record<ReplyNetwork, Record<string, string>> = {
  bluesky: { identifier: 'kredo.bsky.example', appPassword: 'app-pass-1234' },
  mastodon: { accessToken: 'masto-token' },
  x: { accessToken: 'x-token' },
  reddit: { accessToken: 'reddit-token' },
}

/** A post's id as its network writes it. */
function externalIdOn(network: ReplyNetwork): string {
  const id = crypto.randomBytes(6).toString('hex')
  if (network === 'bluesky') return `at://did:plc:${id}/app.bsky.feed.post/${id}`
  if (network === 'reddit') return `t3_${id}`
  return String(1_000_000_000 + crypto.randomInt(1_000_000_000))
}

/**
 * A brand with one analysed complaint on `network` (its lead post by a complainer), and, when
 * a fake is given, a reply account pointing at it. Needs workers running (analysis).
 */
export async function complaintOn(
  ctx: AppContext,
  network: ReplyNetwork,
  options: { fake?: FakeNetwork; adminId: string },
) {
  const brand = await makeBrand(ctx)
  const lead = makePost({ network, externalId: externalIdOn(network), url: null })
  const ingested = await ingestPosts(ctx, { brandId: brand.id, channel: 'import', posts: [lead] })
  await waitForAnalysis(ctx, ingested.outboxIds)
  const [complaint] = await ctx.db.select().from(complaints).where(eq(complaints.brandId, brand.id))
  const [leadPost] = await ctx.db.select().from(posts).where(eq(posts.id, complaint!.leadPostId))
  if (options.fake) {
    await putReplyAccount(ctx, {
      brandId: brand.id,
      network,
      body: {
        handle: network === 'x' ? 'kredo' : 'kredo.bsky.example',
        baseUrl: options.fake.url,
        credentials: FAKE_CREDENTIALS[network],
      },
      actorId: options.adminId,
      ip: null,
    })
  }
  return { brand, complaint: complaint!, lead: leadPost! }
}

/** Resolves once a reply reached one of `states` (the worker records it after the network answers). */
/**
 * States of a reply that was let through (not held): the API reads the reply back after its
 * commit, and the delivery worker polling every 50 ms may already have claimed or sent it.
 */
export const LET_THROUGH = ['queued', 'sending', 'sent']

export function replyReaches(
  ctx: AppContext,
  replyId: string,
  states: string[],
  timeoutMs = 30_000,
) {
  return eventually(
    `reply ${replyId} to be ${states.join(' or ')}`,
    async () => {
      const reply = await loadReply(ctx.db, replyId)
      return reply && states.includes(reply.state) ? reply : null
    },
    { timeoutMs, everyMs: 50 },
  )
}
