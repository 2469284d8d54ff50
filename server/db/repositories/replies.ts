import { asc, eq } from 'drizzle-orm'
import type { Queryable } from '../client.js'
import { replies, users } from '../schema.js'

export type ReplyRow = typeof replies.$inferSelect
/** A reply with the name of who wrote it, as the API presents it. */
export type ReplyRecord = ReplyRow & { createdByName: string | null }

const withAuthor = (q: Queryable) =>
  q
    .select({ reply: replies, createdByName: users.name })
    .from(replies)
    .leftJoin(users, eq(users.id, replies.createdBy))

/** The replies of a complaint's thread, oldest first. */
export async function loadReplies(q: Queryable, complaintId: string): Promise<ReplyRecord[]> {
  const rows = await withAuthor(q)
    .where(eq(replies.complaintId, complaintId))
    .orderBy(asc(replies.createdAt), asc(replies.id))
  return rows.map((r) => ({ ...r.reply, createdByName: r.createdByName }))
}

export async function loadReply(q: Queryable, id: string): Promise<ReplyRecord | null> {
  const [row] = await withAuthor(q).where(eq(replies.id, id))
  return row ? { ...row.reply, createdByName: row.createdByName } : null
}
