import { and, asc, eq } from 'drizzle-orm'
import type { Queryable } from '../client.js'
import { cannedResponses, users } from '../schema.js'

export type CannedResponseRecord = typeof cannedResponses.$inferSelect & {
  updatedByName: string | null
}

const columns = {
  id: cannedResponses.id,
  brandId: cannedResponses.brandId,
  title: cannedResponses.title,
  body: cannedResponses.body,
  shortcut: cannedResponses.shortcut,
  createdBy: cannedResponses.createdBy,
  updatedBy: cannedResponses.updatedBy,
  createdAt: cannedResponses.createdAt,
  updatedAt: cannedResponses.updatedAt,
  updatedByName: users.name,
}

/** A brand's canned responses by title, with who changed each last. */
export async function listCannedResponses(
  q: Queryable,
  brandId: string,
): Promise<CannedResponseRecord[]> {
  return q
    .select(columns)
    .from(cannedResponses)
    .leftJoin(users, eq(users.id, cannedResponses.updatedBy))
    .where(eq(cannedResponses.brandId, brandId))
    .orderBy(asc(cannedResponses.title), asc(cannedResponses.id))
}

export async function loadCannedResponse(
  q: Queryable,
  id: string,
): Promise<CannedResponseRecord | undefined> {
  const [row] = await q
    .select(columns)
    .from(cannedResponses)
    .leftJoin(users, eq(users.id, cannedResponses.updatedBy))
    .where(eq(cannedResponses.id, id))
  return row
}

/** The canned response of the brand holding a shortcut, if any. */
export async function findCannedByShortcut(
  q: Queryable,
  brandId: string,
  shortcut: string,
): Promise<{ id: string; title: string } | undefined> {
  const [row] = await q
    .select({ id: cannedResponses.id, title: cannedResponses.title })
    .from(cannedResponses)
    .where(and(eq(cannedResponses.brandId, brandId), eq(cannedResponses.shortcut, shortcut)))
  return row
}
