import { eq, sql } from 'drizzle-orm'
import type { Queryable } from '../client.js'
import { authors, posts } from '../schema.js'
import { anyOf } from '../unnest.js'

/** What analysis and scoring read about a post, and what its view shows. */
export function loadPostsForAnalysis(q: Queryable, ids: number[]) {
  return q
    .select({
      id: posts.id,
      brandId: posts.brandId,
      source: posts.source,
      externalId: posts.externalId,
      url: posts.url,
      threadKey: posts.threadKey,
      text: posts.text,
      lang: posts.lang,
      postedAt: posts.postedAt,
      deletedAt: posts.deletedAt,
      likes: posts.likes,
      replies: posts.replies,
      shares: posts.shares,
      authorId: posts.authorId,
      handle: authors.handle,
      displayName: authors.displayName,
      followers: authors.followers,
    })
    .from(posts)
    .innerJoin(authors, eq(authors.id, posts.authorId))
    .where(sql`${posts.id} = ${anyOf(ids, 'bigint')}`)
    .orderBy(posts.id)
}
export type PostForAnalysis = Awaited<ReturnType<typeof loadPostsForAnalysis>>[number]
