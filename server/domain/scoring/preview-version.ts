import type {
  PreviewBody,
  PreviewMove,
  PreviewResult,
} from '../../../shared/schemas/scoring-config.js'
import { priorityAt } from '../../../shared/scoring/ranking.js'
import { scorePost } from '../../../shared/scoring/score.js'
import type { Queryable } from '../../db/client.js'
import { getBrand } from '../../db/repositories/brands.js'
import {
  loadPreviewRows,
  storedScoreInput,
  type PreviewRow,
} from '../../db/repositories/rescore-posts.js'
import {
  currentScoringVersion,
  getScoringVersion,
  type ScoringVersion,
} from '../../db/repositories/scoring-versions.js'

/** Most complaints a preview shadow-scores (the newest of the period). */
export const PREVIEW_LIMIT = 20_000
/** Movers listed each way. */
const MOVERS = 15

/**
 * Shadow run: ranks the period's open complaints as stored now, and as the version would rank
 * them if published now (scored exactly as its rescore will score them), and reports who
 * moves up or down, by how much, and what enters or leaves the top. Writes nothing.
 */
export async function previewScoringVersion(
  q: Queryable,
  input: PreviewBody & { versionId: number },
  now: Date = new Date(),
): Promise<PreviewResult> {
  await getBrand(q, input.brandId)
  const version = await getScoringVersion(q, input.versionId)
  const baseline = await currentScoringVersion(q, now)
  const rows = await loadPreviewRows(q, { ...input, limit: PREVIEW_LIMIT })
  const before = rank(rows, (r) =>
    r.waiting_since && Number(r.waiting_rate) > 0
      ? priorityAt(Number(r.base_priority), Number(r.waiting_rate), r.waiting_since, now)
      : Number(r.stored_priority),
  )
  const after = rank(rows, (r) => shadowScore(r, version, now))
  const moves: PreviewMove[] = rows.map((r) => ({
    complaintId: r.complaint_id,
    handle: r.handle,
    text: Array.from(r.text.slice(0, 400)).slice(0, 200).join(''),
    before: before.get(r.complaint_id)!,
    after: after.get(r.complaint_id)!,
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

function shadowScore(row: PreviewRow, version: ScoringVersion, now: Date): number {
  return scorePost(storedScoreInput(row), version, now).priority
}

/** Rank 1 = highest priority; ties keep id order so that a run is repeatable. */
function rank(rows: PreviewRow[], priority: (row: PreviewRow) => number) {
  const scored = rows
    .map((r) => ({ id: r.complaint_id, priority: priority(r) }))
    .sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : 1))
  return new Map(scored.map((s, i) => [s.id, { priority: s.priority, rank: i + 1 }]))
}
