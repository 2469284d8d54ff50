import { eq, sql } from 'drizzle-orm'
import type { ScoringConfig } from '../../../shared/schemas/scoring-config.js'
import type { AppContext } from '../../context.js'
import type { ScoringVersionRow } from '../../db/repositories/scoring-versions.js'
import { scoringVersions } from '../../db/schema.js'
import { recordAudit } from '../audit/record-audit.js'

/**
 * Proposes a scoring configuration: creates the draft version (the next number) or replaces
 * the open draft's config. Published versions are never changed. One audit row per save.
 */
export async function saveScoringDraft(
  ctx: AppContext,
  input: { config: ScoringConfig; actorId: string; ip: string | null },
): Promise<ScoringVersionRow> {
  return ctx.db.transaction(async (tx) => {
    // Serialises concurrent proposals: the draft and the next number are decided under it.
    await tx.execute(sql`lock table scoring_versions in share row exclusive mode`)
    const [draft] = await tx
      .select()
      .from(scoringVersions)
      .where(eq(scoringVersions.status, 'draft'))
    let row: ScoringVersionRow
    if (draft) {
      ;[row] = (await tx
        .update(scoringVersions)
        .set({ config: input.config, createdBy: input.actorId })
        .where(eq(scoringVersions.id, draft.id))
        .returning()) as [ScoringVersionRow]
    } else {
      const [{ next }] = (await tx
        .select({ next: sql<number>`coalesce(max(${scoringVersions.number}), 0)::int + 1` })
        .from(scoringVersions)) as [{ next: number }]
      ;[row] = (await tx
        .insert(scoringVersions)
        .values({
          number: next,
          key: `priority-${next}`,
          status: 'draft',
          config: input.config,
          createdBy: input.actorId,
        })
        .returning()) as [ScoringVersionRow]
    }
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'scoring.draft_saved',
      subjectType: 'scoring_version',
      subjectId: row.key,
      before: draft ? { config: draft.config } : null,
      after: { config: row.config },
      ip: input.ip,
    })
    return row
  })
}
