import type pg from 'pg'
import type { ReplyNetwork } from '../../shared/replies.js'
import { hashPassword } from '../../server/auth/passwords.js'
import type { AppContext } from '../../server/context.js'
import { users } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { createReply } from '../../server/domain/replies/post-reply.js'
import { putReplyAccount } from '../../server/domain/replies/reply-accounts.js'
import { makePost } from '../support/factories.js'
import {
  FakeBluesky,
  FakeMastodon,
  FakeReddit,
  FakeX,
  type FakeNetwork,
} from '../support/fake-networks.js'
import { FAKE_CREDENTIALS } from '../support/replies.js'

export const CHAOS_NETWORKS = ['bluesky', 'mastodon', 'x', 'reddit'] as const
export type ChaosNetwork = (typeof CHAOS_NETWORKS)[number]
export type Fakes = Record<ChaosNetwork, FakeNetwork>

/** The handle FakeBluesky resolves: replies mentioning it must carry a mention facet. */
export const MENTIONED = 'ana.bsky.social'

/**
 * The four fake networks, each answering a post 250 ms after publishing it (the window in
 * which a killed worker leaves a published reply unrecorded), with a few 500s (nothing
 * published) and a few posts published whose connection is then dropped (answer lost).
 */
export async function startFakes(): Promise<Fakes> {
  const fakes: Fakes = {
    bluesky: new FakeBluesky(),
    mastodon: new FakeMastodon(),
    x: new FakeX(),
    reddit: new FakeReddit(),
  }
  for (const fake of Object.values(fakes)) {
    fake.answerDelayMs = 250
    fake.randomFaults = { error500: 0.02, drop: 0.02 }
  }
  await Promise.all(Object.values(fakes).map((f) => f.start()))
  return fakes
}

/** A parent post's id as its network writes it; X's and Mastodon's are older than any reply. */
function parentId(network: ChaosNetwork, i: number): string {
  const id = `chaos${i.toString(36).padStart(5, '0')}`
  if (network === 'bluesky') return `at://did:plc:${id}/app.bsky.feed.post/${id}`
  if (network === 'reddit') return `t3_${id}`
  return String(1_000_000_000 + i)
}

/** One complaint per reply to come, spread over the networks, stored for the workers to analyse. */
export async function ingestComplaints(
  ctx: AppContext,
  brandId: string,
  count: number,
): Promise<void> {
  const posts = Array.from({ length: count }, (_, i) => {
    const network = CHAOS_NETWORKS[i % CHAOS_NETWORKS.length]!
    return makePost({
      network,
      externalId: parentId(network, i),
      url: null,
      text: `My Kredo score dropped from 69 to ${20 + (i % 40)} overnight and support will not answer. Terrible.`,
      author: {
        externalId: `chaos-author-${i}`,
        handle: `complainer${i}.example`,
        displayName: `Complainer ${i}`,
        followers: 100 + i,
      },
    })
  })
  for (let at = 0; at < posts.length; at += 200)
    await ingestPosts(ctx, { brandId, channel: 'import', posts: posts.slice(at, at + 200) })
}

/** The brand's reply account on each fake, with the credentials it accepts, sealed. */
export async function addReplyAccounts(
  ctx: AppContext,
  brandId: string,
  fakes: Fakes,
  actorId: string,
): Promise<void> {
  for (const network of CHAOS_NETWORKS)
    await putReplyAccount(ctx, {
      brandId,
      network: network as ReplyNetwork,
      body: {
        handle: network === 'bluesky' ? 'kredo.bsky.example' : 'kredo',
        baseUrl: fakes[network].url,
        credentials: FAKE_CREDENTIALS[network],
      },
      actorId,
      ip: null,
    })
}

export async function makeAgent(ctx: AppContext): Promise<string> {
  const [agent] = await ctx.db
    .insert(users)
    .values({
      email: 'agent@chaos.example',
      name: 'Chaos agent',
      role: 'agent',
      passwordHash: await hashPassword('chaos-agent-password'),
    })
    .returning({ id: users.id })
  return agent!.id
}

/**
 * Each reply's text: unique, and hostile in the ways that matter to the check on the network
 * (X and Reddit escape & < >; a link makes X match by parent only), with mentions and emoji
 * for Bluesky's byte-offset facets.
 */
function replyText(network: string, n: number): string {
  const variants = [
    `Sorry about your score (#${n}), we are fixing it today.`,
    `Hi @${MENTIONED}, reply #${n}: we restored your history 🙏 details at https://kredo.example/status/${n}`,
    `Désolé pour le #${n} — fish & chips <3 on us, @nobody.bsky.social.`,
    `Reply #${n}: please DM us 😊`,
  ]
  return `${variants[n % variants.length]} [${network}]`
}

/** Queues a reply on every complaint of the brand, `parallel` at a time: the reply ids. */
export async function queueReplies(
  ctx: AppContext,
  pool: pg.Pool,
  brandId: string,
  actorId: string,
  parallel = 8,
): Promise<string[]> {
  const { rows } = await pool.query<{ id: string; network: string }>(
    'select id, network from complaints where brand_id = $1 order by id',
    [brandId],
  )
  const ids: string[] = []
  let next = 0
  const lane = async () => {
    while (next < rows.length) {
      const n = next++
      const complaint = rows[n]!
      const { reply } = await createReply(ctx, {
        complaintId: complaint.id,
        body: { text: replyText(complaint.network, n) },
        actorId,
        ip: null,
      })
      ids.push(reply.id)
    }
  }
  await Promise.all(Array.from({ length: parallel }, lane))
  return ids
}
