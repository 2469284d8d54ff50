import type { Queryable } from '../../db/client.js'
import { findBrandBySlug } from '../../db/repositories/brands.js'
import {
  currentScoringVersion,
  listScoringVersions,
  type PublicRankingSource,
} from '../../db/repositories/scoring-versions.js'

/**
 * What a brand's "How we rank" page may show anyone, the same versions the console's page
 * describes; null unless the brand publishes it. Nothing else is read: no complaint, author,
 * user or credential.
 */
export async function loadPublicRanking(
  q: Queryable,
  slug: string,
): Promise<PublicRankingSource | null> {
  const brand = await findBrandBySlug(q, slug)
  if (!brand?.howWeRankPublic) return null
  const [versions, current] = await Promise.all([listScoringVersions(q), currentScoringVersion(q)])
  return { brandName: brand.name, versions, currentId: current.row.id }
}
