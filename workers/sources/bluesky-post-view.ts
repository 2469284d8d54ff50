import { z } from 'zod'
import type { NormalizedPostInput } from '../../shared/schemas/posts.js'
import { isVerifiedOnBluesky } from './author-verified.js'
import type { BlueskyReach } from './bluesky-profiles.js'

const StrongRef = z.object({ uri: z.string().min(1) })

/**
 * An `app.bsky.feed.defs#postView` as searchPosts returns it: only the fields Firebreak reads,
 * the rest passes unchecked (the lexicon grows; new fields must not set posts aside).
 */
export const PostViewSchema = z.object({
  uri: z.string().regex(/^at:\/\/[^/]+\/app\.bsky\.feed\.post\/[^/]+$/, 'must be a post at-URI'),
  author: z.object({
    did: z.string().min(1),
    handle: z.string().min(1),
    displayName: z.string().nullish(),
    verification: z.object({ verifiedStatus: z.string().nullish() }).nullish(),
  }),
  record: z.object({
    text: z.string(),
    createdAt: z.string(),
    langs: z.array(z.string()).nullish(),
    reply: z.object({ root: StrongRef, parent: StrongRef }).nullish(),
  }),
  indexedAt: z.string(),
  likeCount: z.number().int().min(0).nullish(),
  replyCount: z.number().int().min(0).nullish(),
  repostCount: z.number().int().min(0).nullish(),
  quoteCount: z.number().int().min(0).nullish(),
})
export type PostView = z.infer<typeof PostViewSchema>

/**
 * When search places a post in time: the earlier of when it says it was written and when the
 * AppView saw it (a future-dated `createdAt` cannot jump ahead), as `since` filters on.
 */
export function sortAtOf(view: PostView): number {
  const created = Date.parse(view.record.createdAt)
  const indexed = Date.parse(view.indexedAt)
  if (Number.isNaN(created)) return indexed
  if (Number.isNaN(indexed)) return created
  return Math.min(created, indexed)
}

/** A postView as Firebreak's post shape (validated by the caller with toPostRecord). */
export function postFromView(view: PostView, reach: BlueskyReach | undefined): NormalizedPostInput {
  const rkey = view.uri.split('/').pop()!
  const { record, author } = view
  return {
    network: 'bluesky',
    externalId: view.uri,
    url: `https://bsky.app/profile/${author.handle}/post/${rkey}`,
    text: record.text,
    lang: record.langs?.[0] ?? null,
    postedAt: record.createdAt,
    author: {
      externalId: author.did,
      handle: author.handle,
      displayName: author.displayName || null,
      followers: reach?.followers ?? null,
      verified: reach?.verified ?? isVerifiedOnBluesky(author),
    },
    threadId: record.reply?.root.uri ?? view.uri,
    inReplyTo: record.reply?.parent.uri ?? null,
    engagement: {
      likes: view.likeCount ?? 0,
      replies: view.replyCount ?? 0,
      shares: (view.repostCount ?? 0) + (view.quoteCount ?? 0),
    },
  }
}
