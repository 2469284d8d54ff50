import { eq } from 'drizzle-orm'
import { AppError } from '../../lib/app-error.js'
import type { Queryable } from '../client.js'
import { sources } from '../schema.js'

export type SourceRow = typeof sources.$inferSelect

export async function getSource(q: Queryable, id: string): Promise<SourceRow> {
  const [row] = await q.select().from(sources).where(eq(sources.id, id))
  if (!row) throw new AppError('not_found', `Source ${id} not found`)
  return row
}
