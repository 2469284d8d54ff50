import type { ScoringVersionRow } from '../db/repositories/scoring-versions.js'
import { presentRescore, presentScoringVersion } from '../presenters/scoring-version.js'
import type { Publisher } from './publisher.js'

/** Tells every console how far a version's rescore has come. */
export function publishRescoreProgress(publisher: Publisher, row: ScoringVersionRow): void {
  publisher.broadcast('scoring.rescored', presentRescore(row))
}

/** Tells every console a version was published; `currentId` is the version now in effect. */
export function publishScoringPublished(
  publisher: Publisher,
  row: ScoringVersionRow,
  currentId: number | null,
): void {
  publisher.broadcast('scoring.published', presentScoringVersion(row, currentId))
}
