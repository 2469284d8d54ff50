import crypto from 'node:crypto'
import type { NormalizedPost, NormalizedPostInput } from '../../shared/schemas/posts.js'
import { NormalizedPostSchema } from '../../shared/schemas/posts.js'
import type { AppContext } from '../../server/context.js'
import { ensureBrand, type BrandRow } from '../../server/db/repositories/brands.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { createWebhookSource } from '../../server/domain/sources/sources.js'
import { waitForAnalysis } from './wait.js'

const uid = () => crypto.randomBytes(6).toString('hex')

/** A brand of its own for each test, so tests never see each other's data. */
export function makeBrand(
  ctx: AppContext,
  name = 'Kredo',
  excludedTerms: string[] = [],
): Promise<BrandRow> {
  return ensureBrand(ctx.db, {
    slug: `${name.toLowerCase()}-${uid()}`,
    name,
    trackedTerms: [name.toLowerCase()],
    excludedTerms,
  })
}

/** A post as a producer would write it, with a unique id unless one is given. */
export function postInput(overrides: Partial<NormalizedPostInput> = {}): NormalizedPostInput {
  const id = uid()
  return {
    network: 'bluesky',
    externalId: `at://did:plc:${id}/app.bsky.feed.post/${id}`,
    url: `https://bsky.app/profile/someone.example/post/${id}`,
    text: 'My Kredo score dropped from 69 to 35 overnight and support will not answer. Terrible.',
    lang: 'en',
    postedAt: new Date().toISOString(),
    author: {
      externalId: `did:plc:${id}`,
      handle: `user${id}.example`,
      displayName: 'Someone',
      followers: 1200,
    },
    engagement: { likes: 10, replies: 2, shares: 1 },
    ...overrides,
  }
}

export const makePost = (overrides: Partial<NormalizedPostInput> = {}): NormalizedPost =>
  NormalizedPostSchema.parse(postInput(overrides))

export function makeWebhookSource(ctx: AppContext, brandId: string, secret?: string) {
  return createWebhookSource(ctx, { brandId, name: 'Test webhook', secret, actorId: null })
}

/**
 * Two complaints that a scoring change ranks differently: a loud one (five million followers,
 * heavy engagement, mild words) and a quiet one (no reach, but legal threats). Stored and
 * analysed before it returns.
 */
export async function ingestLoudAndQuiet(ctx: AppContext, brandId: string, handleSuffix = '') {
  const ingested = await ingestPosts(ctx, {
    brandId,
    channel: 'import',
    posts: [
      makePost({
        threadId: 'loud',
        text: 'Kredo changed my score again, not happy about it. Fix it.',
        author: { externalId: 'l', handle: `loud${handleSuffix}`, followers: 5_000_000 },
        engagement: { likes: 20_000, replies: 3_000, shares: 4_000 },
      }),
      makePost({
        threadId: 'quiet',
        text: 'Kredo rewrote my history. Terrible, awful. My lawyer will sue.',
        author: { externalId: 'q', handle: `quiet${handleSuffix}`, followers: 0 },
        engagement: { likes: 0, replies: 0, shares: 0 },
      }),
    ],
  })
  await waitForAnalysis(ctx, ingested.outboxIds)
}
