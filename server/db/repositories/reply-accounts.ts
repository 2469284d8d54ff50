import { and, eq } from 'drizzle-orm'
import type { Queryable } from '../client.js'
import { replyAccounts } from '../schema.js'

export type ReplyAccountRow = typeof replyAccounts.$inferSelect

/** A brand's reply accounts, one per network at most. */
export function listReplyAccounts(q: Queryable, brandId: string): Promise<ReplyAccountRow[]> {
  return q
    .select()
    .from(replyAccounts)
    .where(eq(replyAccounts.brandId, brandId))
    .orderBy(replyAccounts.network)
}

export async function findReplyAccount(
  q: Queryable,
  brandId: string,
  network: string,
): Promise<ReplyAccountRow | null> {
  const [row] = await q
    .select()
    .from(replyAccounts)
    .where(and(eq(replyAccounts.brandId, brandId), eq(replyAccounts.network, network)))
  return row ?? null
}
