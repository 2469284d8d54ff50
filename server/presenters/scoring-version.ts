import type { RescoreProgress, ScoringVersionView } from '../../shared/schemas/scoring-config.js'
import { ScoringConfigSchema } from '../../shared/schemas/scoring-config.js'
import type { ScoringVersionRow } from '../db/repositories/scoring-versions.js'

const iso = (value: Date | null) => (value ? value.toISOString() : null)

/** Rescore progress of a version row. */
export function presentRescore(row: ScoringVersionRow): RescoreProgress {
  return {
    versionId: row.id,
    key: row.key,
    state: row.rescoreState as RescoreProgress['state'],
    done: row.rescoreDone,
    total: row.rescoreTotal,
    startedAt: iso(row.rescoreStartedAt),
    finishedAt: iso(row.rescoreFinishedAt),
  }
}

/** Row to view; `currentId` is the version new scores are written under. */
export function presentScoringVersion(
  row: ScoringVersionRow,
  currentId: number | null,
): ScoringVersionView {
  return {
    id: row.id,
    number: row.number,
    key: row.key,
    status: row.status as ScoringVersionView['status'],
    config: ScoringConfigSchema.parse(row.config),
    changelog: row.changelog,
    effectiveAt: iso(row.effectiveAt),
    createdBy: row.createdBy,
    publishedBy: row.publishedBy,
    createdAt: row.createdAt.toISOString(),
    publishedAt: iso(row.publishedAt),
    isCurrent: row.id === currentId,
    rescore: presentRescore(row),
  }
}
