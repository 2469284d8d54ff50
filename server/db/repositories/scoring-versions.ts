import { and, desc, eq, lte, sql } from 'drizzle-orm'
import { ScoringConfigSchema, type ScoringConfig } from '../../../shared/schemas/scoring-config.js'
import { AppError } from '../../lib/app-error.js'
import type { Queryable } from '../client.js'
import { scoringVersions } from '../schema.js'

export type ScoringVersionRow = typeof scoringVersions.$inferSelect

/** A version with its config parsed: stored JSON is a boundary too. */
export interface ScoringVersion {
  row: ScoringVersionRow
  key: string
  config: ScoringConfig
}

const withConfig = (row: ScoringVersionRow): ScoringVersion => ({
  row,
  key: row.key,
  config: ScoringConfigSchema.parse(row.config),
})

/** Every version, newest first. */
export async function listScoringVersions(q: Queryable): Promise<ScoringVersionRow[]> {
  return q.select().from(scoringVersions).orderBy(desc(scoringVersions.number))
}

export async function getScoringVersion(q: Queryable, id: number): Promise<ScoringVersion> {
  const [row] = await q.select().from(scoringVersions).where(eq(scoringVersions.id, id))
  if (!row) throw new AppError('not_found', 'Scoring version not found')
  return withConfig(row)
}

export async function findScoringVersionByKey(
  q: Queryable,
  key: string,
): Promise<ScoringVersion | null> {
  const [row] = await q.select().from(scoringVersions).where(eq(scoringVersions.key, key))
  return row ? withConfig(row) : null
}

/** The version new scores are written under at `at`: the newest published one in effect. */
export async function currentScoringVersion(
  q: Queryable,
  at: Date = new Date(),
): Promise<ScoringVersion> {
  const [row] = await q
    .select()
    .from(scoringVersions)
    .where(
      and(
        eq(scoringVersions.status, 'published'),
        lte(scoringVersions.effectiveAt, sql`${at.toISOString()}::timestamptz`),
      ),
    )
    .orderBy(desc(scoringVersions.effectiveAt), desc(scoringVersions.number))
    .limit(1)
  if (!row) throw new Error('no published scoring version is in effect (migration 0002 seeds one)')
  return withConfig(row)
}

/** What a brand's public "How we rank" page is made of: its name and the scoring versions. */
export interface PublicRankingSource {
  brandName: string
  versions: ScoringVersionRow[]
  /** The version new scores are written under. */
  currentId: number
}
