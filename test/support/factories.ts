import crypto from 'node:crypto'
import type { NormalizedPost, NormalizedPostInput } from '../../shared/schemas/posts.js'
import { NormalizedPostSchema } from '../../shared/schemas/posts.js'
import type { AppContext } from '../../server/context.js'
import { ensureBrand, type BrandRow } from '../../server/db/repositories/brands.js'
import { createWebhookSource } from '../../server/domain/sources/sources.js'

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
    source: 'bluesky',
    externalId: `at://did:plc:${id}/app.bsky.feed.post/${id}`,
    url: `https://bsky.app/profile/someone.example/post/${id}`,
    text: 'My Kredo score dropped from 69 to 35 overnight and support will not answer. Terrible.',
    lang: 'en',
    createdAt: new Date().toISOString(),
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
