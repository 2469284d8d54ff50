import { describeRanking, type RankingDescription } from '../../../shared/scoring/describe.js'
import type { Queryable } from '../../db/client.js'
import { findBrandBySlug } from '../../db/repositories/brands.js'
import {
  currentScoringVersion,
  listScoringVersions,
} from '../../db/repositories/scoring-versions.js'
import { presentScoringVersion } from '../../presenters/scoring-version.js'

/** What a brand's public "How we rank" page shows: its name and the ranking in words. */
export interface PublicRanking {
  brandName: string
  ranking: RankingDescription
}

/**
 * A brand's "How we rank" page as anyone may read it, generated from the configuration in
 * effect and the changelog, exactly as the console's page; null unless the brand publishes it.
 * Nothing else is read: no complaint, author, user or credential.
 */
export async function loadPublicRanking(q: Queryable, slug: string): Promise<PublicRanking | null> {
  const brand = await findBrandBySlug(q, slug)
  if (!brand?.howWeRankPublic) return null
  const [rows, current] = await Promise.all([listScoringVersions(q), currentScoringVersion(q)])
  const ranking = describeRanking(rows.map((row) => presentScoringVersion(row, current.row.id)))
  return ranking && { brandName: brand.name, ranking }
}
