import { inArray } from 'drizzle-orm'
import type { BrandTerms } from '../../../shared/schemas/brands.js'
import type { Queryable } from '../client.js'
import { brands } from '../schema.js'

/** The tracked and excluded terms of the given brands, by brand id. */
export async function loadBrandTerms(
  q: Queryable,
  ids: string[],
): Promise<Map<string, BrandTerms>> {
  if (!ids.length) return new Map()
  const rows = await q
    .select({
      id: brands.id,
      trackedTerms: brands.trackedTerms,
      excludedTerms: brands.excludedTerms,
    })
    .from(brands)
    .where(inArray(brands.id, ids))
  return new Map(rows.map(({ id, ...terms }) => [id, terms]))
}
