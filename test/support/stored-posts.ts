import { and, eq } from 'drizzle-orm'
import type { AppContext } from '../../server/context.js'
import { complaints, posts } from '../../server/db/schema.js'
import { eventually } from './eventually.js'

/** A source's stored post as a recheck changes it: deleted or not, and its counts. */
export async function storedPost(ctx: AppContext, sourceId: string, externalId: string) {
  const [row] = await ctx.db
    .select({
      id: posts.id,
      deletedAt: posts.deletedAt,
      likes: posts.likes,
      replies: posts.replies,
      shares: posts.shares,
    })
    .from(posts)
    .where(and(eq(posts.sourceId, sourceId), eq(posts.externalId, externalId)))
  if (!row) throw new Error(`no stored post ${externalId}`)
  return row
}

/** A complaint led by one of a source's posts (the workers made it), with that post's id. */
export async function complaintLedBy(ctx: AppContext, sourceId: string, brandId: string) {
  return eventually('a complaint led by a post of the source', async () => {
    const [row] = await ctx.db
      .select({
        id: complaints.id,
        postCount: complaints.postCount,
        externalId: posts.externalId,
        leadPostId: complaints.leadPostId,
      })
      .from(complaints)
      .innerJoin(posts, eq(posts.id, complaints.leadPostId))
      .where(and(eq(complaints.brandId, brandId), eq(posts.sourceId, sourceId)))
      .orderBy(complaints.id)
      .limit(1)
    return row
  })
}

/**
 * The complaint once its lead post was deleted, as markPostDeleted leaves it: one post fewer,
 * led by another post of its thread, or sunk to priority 0 when none is left.
 */
export async function complaintAfterDelete(ctx: AppContext, complaintId: string) {
  const [row] = await ctx.db
    .select({
      postCount: complaints.postCount,
      leadPostId: complaints.leadPostId,
      priority: complaints.priority,
    })
    .from(complaints)
    .where(eq(complaints.id, complaintId))
  return row!
}
