import { and, asc, eq, sql } from 'drizzle-orm'
import type { DraftChanged } from '../../../shared/schemas/drafts.js'
import type { Db, Queryable } from '../../db/client.js'
import { queryRows } from '../../db/rows.js'
import { complaints, replyDrafts, users } from '../../db/schema.js'
import { AppError } from '../../lib/app-error.js'

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

async function authorName(q: Queryable, userId: string): Promise<string> {
  const [row] = await q.select({ name: users.name }).from(users).where(eq(users.id, userId))
  return row?.name ?? 'a former user'
}

/**
 * Saves one's draft of a reply as one types (the last write wins: one author, one draft per
 * complaint); an empty text deletes it. Answers the saved draft (null once deleted) and what
 * to push to the team.
 */
export async function saveDraft(
  db: Db,
  input: { complaintId: string; actorId: string; text: string },
): Promise<{ draft: DraftRow | null; changed: DraftChanged | null }> {
  const [complaint] = await db
    .select({ brandId: complaints.brandId })
    .from(complaints)
    .where(eq(complaints.id, input.complaintId))
  if (!complaint) throw new AppError('not_found', 'Complaint not found')
  const author = { id: input.actorId, name: await authorName(db, input.actorId) }
  if (!input.text.trim()) {
    const gone = await deleteDraft(db, input.complaintId, input.actorId)
    return {
      draft: null,
      changed: gone
        ? { brandId: complaint.brandId, complaintId: input.complaintId, author, updatedAt: null }
        : null,
    }
  }
  const [draft] = await db
    .insert(replyDrafts)
    .values({
      complaintId: input.complaintId,
      authorId: input.actorId,
      brandId: complaint.brandId,
      text: input.text,
    })
    .onConflictDoUpdate({
      target: [replyDrafts.complaintId, replyDrafts.authorId],
      set: { text: input.text, updatedAt: sql`now()` },
    })
    .returning()
  return {
    draft: draft!,
    changed: {
      brandId: complaint.brandId,
      complaintId: input.complaintId,
      author,
      updatedAt: draft!.updatedAt.toISOString(),
    },
  }
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
