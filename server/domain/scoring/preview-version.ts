import type {
  PreviewBody,
  PreviewMove,
  PreviewResult,
} from '../../../shared/schemas/scoring-config.js'
import { scorePost } from '../../../shared/scoring/score.js'
import { scoreInput } from '../../../shared/scoring/score-input.js'
import type { Queryable } from '../../db/client.js'
import { getBrand } from '../../db/repositories/brands.js'
import {
  loadPreviewComplaints,
  type PreviewComplaint,
} from '../../db/repositories/scoring-facts.js'
import { currentScoringVersion, getScoringVersion } from '../../db/repositories/scoring-versions.js'

/** Most complaints a preview shadow-scores (the newest of the period). */
export const PREVIEW_LIMIT = 20_000
/** Movers listed each way. */
const MOVERS = 15

/**
 * Shadow run: ranks the period's open complaints under the version in effect and under the
 * proposed one, both scored from the same stored facts at the same instant `now` (as a rescore
 * scores them), and reports who moves up or down, by how much, and what enters or leaves the
 * top. Writes nothing.
 */
export async function previewScoringVersion(
  q: Queryable,
  input: PreviewBody & { versionId: number },
  now: Date = new Date(),
): Promise<PreviewResult> {
  await getBrand(q, input.brandId)
  const version = await getScoringVersion(q, input.versionId)
  const baseline = await currentScoringVersion(q, now)
  const rows = await loadPreviewComplaints(q, { ...input, limit: PREVIEW_LIMIT })
  // One instant for both: a stored score was taken when the post was fresh, so comparing it
  // with one taken now would count recency and velocity fading as the new version's doing.
  const scoreAll = (v: typeof version) =>
    rank(rows, (r) => scorePost(scoreInput(r.facts), v, now).priority)
  const before = scoreAll(baseline)
  const after = scoreAll(version)
  const moves: PreviewMove[] = rows.map((r) => ({
    complaintId: r.complaintId,
    handle: r.handle,
    text: Array.from(r.text.slice(0, 400)).slice(0, 200).join(''),
    before: before.get(r.complaintId)!,
    after: after.get(r.complaintId)!,
  }))
  const delta = (m: PreviewMove) => m.before.rank - m.after.rank
  const inTop = (place: { rank: number }) => place.rank <= input.top
  return {
    versionId: version.row.id,
    baselineKey: baseline.key,
    key: version.key,
    complaints: rows.length,
    at: now.toISOString(),
    movedUp: moves
      .filter((m) => delta(m) > 0)
      .sort((a, b) => delta(b) - delta(a))
      .slice(0, MOVERS),
    movedDown: moves
      .filter((m) => delta(m) < 0)
      .sort((a, b) => delta(a) - delta(b))
      .slice(0, MOVERS),
    enteredTop: moves
      .filter((m) => inTop(m.after) && !inTop(m.before))
      .sort((a, b) => a.after.rank - b.after.rank),
    leftTop: moves
      .filter((m) => inTop(m.before) && !inTop(m.after))
      .sort((a, b) => a.before.rank - b.before.rank),
    top: input.top,
  }
}

/** Rank 1 = highest priority; ties keep id order so that a run is repeatable. */
function rank(rows: PreviewComplaint[], priority: (row: PreviewComplaint) => number) {
  const scored = rows
    .map((r) => ({ id: r.complaintId, priority: priority(r) }))
    .sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : 1))
  return new Map(scored.map((s, i) => [s.id, { priority: s.priority, rank: i + 1 }]))
}
