import { and, eq, sql } from 'drizzle-orm'
import type { Queryable } from '../client.js'
import { authors, complaints, posts, users } from '../schema.js'
import { anyOf } from '../unnest.js'

/**
 * What analysis and scoring read about a post, and what its view shows; with the adviser's
 * pick of its thread, which every post of a picked thread scores.
 */
export function loadPostsForAnalysis(q: Queryable, ids: number[]) {
  return q
    .select({
      id: posts.id,
      brandId: posts.brandId,
      network: posts.network,
      externalId: posts.externalId,
      url: posts.url,
      threadKey: posts.threadKey,
      text: posts.text,
      lang: posts.lang,
      postedAt: posts.postedAt,
      ingestedAt: posts.ingestedAt,
      deletedAt: posts.deletedAt,
      likes: posts.likes,
      replies: posts.replies,
      shares: posts.shares,
      authorId: posts.authorId,
      handle: authors.handle,
      displayName: authors.displayName,
      followers: authors.followers,
      pickedAt: complaints.pickedAt,
      pickedByName: users.name,
      pickReason: complaints.pickReason,
    })
    .from(posts)
    .innerJoin(authors, eq(authors.id, posts.authorId))
    .leftJoin(
      complaints,
      and(
        eq(complaints.brandId, posts.brandId),
        eq(complaints.network, posts.network),
        eq(complaints.threadKey, posts.threadKey),
      ),
    )
    .leftJoin(users, eq(users.id, complaints.pickedBy))
    .where(sql`${posts.id} = ${anyOf(ids, 'bigint')}`)
    .orderBy(posts.id)
}
export type PostForAnalysis = Awaited<ReturnType<typeof loadPostsForAnalysis>>[number]
