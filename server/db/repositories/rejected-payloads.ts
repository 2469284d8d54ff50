import { and, desc, eq, lt, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import type { ListRejectionsQuery } from '../../../shared/schemas/rejections.js'
import type { Queryable } from '../client.js'
import { rejectedPayloads } from '../schema.js'

export type RejectedPayloadRow = typeof rejectedPayloads.$inferSelect

/** Payloads set aside, newest first, `query.limit` of them before `query.before`. */
export function listRejectedPayloads(
  q: Queryable,
  query: z.infer<typeof ListRejectionsQuery>,
): Promise<RejectedPayloadRow[]> {
  const filters: SQL[] = []
  if (query.channel) filters.push(eq(rejectedPayloads.channel, query.channel))
  if (query.before) filters.push(lt(rejectedPayloads.id, query.before))
  return q
    .select()
    .from(rejectedPayloads)
    .where(and(...filters))
    .orderBy(desc(rejectedPayloads.id))
    .limit(query.limit)
}
