import { eq, inArray } from 'drizzle-orm'
import type { Queryable } from '../client.js'
import { authors, posts } from '../schema.js'

/** What analysis and scoring read about a post: its text, thread, engagement and reach. */
export function loadPostsForAnalysis(q: Queryable, ids: number[]) {
  return q
    .select({
      id: posts.id,
      brandId: posts.brandId,
      source: posts.source,
      threadKey: posts.threadKey,
      text: posts.text,
      lang: posts.lang,
      postedAt: posts.postedAt,
      likes: posts.likes,
      replies: posts.replies,
      shares: posts.shares,
      followers: authors.followers,
    })
    .from(posts)
    .innerJoin(authors, eq(authors.id, posts.authorId))
    .where(inArray(posts.id, ids))
    .orderBy(posts.id)
}
export type PostForAnalysis = Awaited<ReturnType<typeof loadPostsForAnalysis>>[number]
