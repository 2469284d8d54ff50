import { eq, sql } from 'drizzle-orm'
import type { DraftChanged } from '../../../shared/schemas/drafts.js'
import type { Db, Queryable } from '../../db/client.js'
import { deleteDraft, type DraftRow } from '../../db/repositories/reply-drafts.js'
import { complaints, replyDrafts, users } from '../../db/schema.js'
import { AppError } from '../../lib/app-error.js'

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
