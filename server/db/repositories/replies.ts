import { asc, eq } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Queryable } from '../client.js'
import { replies, users } from '../schema.js'

export type ReplyRow = typeof replies.$inferSelect
/** A reply with the names of who wrote, approved and sent it back, as the API presents it. */
export type ReplyRecord = ReplyRow & {
  createdByName: string | null
  approvedByName?: string | null
  returnedByName?: string | null
}

const approvers = alias(users, 'approvers')
const returners = alias(users, 'returners')

const withAuthor = (q: Queryable) =>
  q
    .select({
      reply: replies,
      createdByName: users.name,
      approvedByName: approvers.name,
      returnedByName: returners.name,
    })
    .from(replies)
    .leftJoin(users, eq(users.id, replies.createdBy))
    .leftJoin(approvers, eq(approvers.id, replies.approvedBy))
    .leftJoin(returners, eq(returners.id, replies.returnedBy))

/** The replies of a complaint's thread, oldest first. */
export async function loadReplies(q: Queryable, complaintId: string): Promise<ReplyRecord[]> {
  const rows = await withAuthor(q)
    .where(eq(replies.complaintId, complaintId))
    .orderBy(asc(replies.createdAt), asc(replies.id))
  return rows.map((r) => ({ ...r.reply, ...names(r) }))
}

export async function loadReply(q: Queryable, id: string): Promise<ReplyRecord | null> {
  const [row] = await withAuthor(q).where(eq(replies.id, id))
  return row ? { ...row.reply, ...names(row) } : null
}

const names = (r: {
  createdByName: string | null
  approvedByName: string | null
  returnedByName: string | null
}) => ({
  createdByName: r.createdByName,
  approvedByName: r.approvedByName,
  returnedByName: r.returnedByName,
})
