import { asc, eq } from 'drizzle-orm'
import { AppError } from '../../lib/app-error.js'
import type { Queryable } from '../client.js'
import { sources } from '../schema.js'

export type SourceRow = typeof sources.$inferSelect

export async function getSource(q: Queryable, id: string): Promise<SourceRow> {
  const [row] = await q.select().from(sources).where(eq(sources.id, id))
  if (!row) throw new AppError('not_found', `Source ${id} not found`)
  return row
}

/** A brand's configured sources, oldest first. */
export function listSources(q: Queryable, brandId: string): Promise<SourceRow[]> {
  return q
    .select()
    .from(sources)
    .where(eq(sources.brandId, brandId))
    .orderBy(asc(sources.createdAt))
}
