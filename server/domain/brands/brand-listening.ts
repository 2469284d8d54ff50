import { eq } from 'drizzle-orm'
import type { BrandListening } from '../../../shared/schemas/brands.js'
import type { Queryable } from '../../db/client.js'
import { getBrand } from '../../db/repositories/brands.js'
import { sources } from '../../db/schema.js'

/**
 * Whether anything still feeds a brand: an archived brand listens to nothing; otherwise it
 * listens while one enabled source has not played to its end (a webhook never ends). 404 for
 * an unknown brand.
 */
export async function describeListening(q: Queryable, brandId: string): Promise<BrandListening> {
  const brand = await getBrand(q, brandId)
  const rows = await q
    .select({ kind: sources.kind, cursor: sources.cursor, enabled: sources.enabled })
    .from(sources)
    .where(eq(sources.brandId, brandId))
  const enabled = rows.filter((s) => s.enabled)
  const ended = (s: { cursor: unknown }) => (s.cursor as { done?: unknown } | null)?.done === true
  const demo = rows.some((s) => s.kind === 'demo' && ended(s))
  if (brand.archivedAt) return { state: 'archived', demo }
  if (!enabled.length) return { state: 'no-source', demo }
  return { state: enabled.every(ended) ? 'ended' : 'listening', demo }
}
