import { and, asc, eq, sql } from 'drizzle-orm'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'
import { replyDrafts, users } from '../schema.js'

export type DraftRow = typeof replyDrafts.$inferSelect

/** One's own draft on a complaint, if one is saved. */
export async function findDraft(
  q: Queryable,
  complaintId: string,
  authorId: string,
): Promise<DraftRow | undefined> {
  const [row] = await q
    .select()
    .from(replyDrafts)
    .where(and(eq(replyDrafts.complaintId, complaintId), eq(replyDrafts.authorId, authorId)))
  return row
}

/** Who has a draft on a complaint, oldest first, with their names (never the texts). */
export async function listDrafters(q: Queryable, complaintId: string) {
  return q
    .select({
      complaintId: replyDrafts.complaintId,
      authorId: replyDrafts.authorId,
      authorName: users.name,
      updatedAt: replyDrafts.updatedAt,
    })
    .from(replyDrafts)
    .innerJoin(users, eq(users.id, replyDrafts.authorId))
    .where(eq(replyDrafts.complaintId, complaintId))
    .orderBy(asc(replyDrafts.updatedAt))
}

/** Deletes one's draft (sent, or emptied); true when there was one. */
export async function deleteDraft(
  q: Queryable,
  complaintId: string,
  authorId: string,
): Promise<boolean> {
  const rows = await queryRows<{ complaint_id: string }>(
    q,
    sql`delete from reply_drafts where complaint_id = ${complaintId}::uuid
        and author_id = ${authorId}::uuid returning complaint_id`,
  )
  return rows.length > 0
}
