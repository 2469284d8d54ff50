import { and, eq, sql } from 'drizzle-orm'
import type { AppContext } from '../../context.js'
import {
  currentScoringVersion,
  getScoringVersion,
  type ScoringVersionRow,
} from '../../db/repositories/scoring-versions.js'
import { scoringVersions } from '../../db/schema.js'
import { AppError } from '../../lib/app-error.js'
import { recordScoringAnnouncements } from '../announcements/announcements.js'
import { recordAudit } from '../audit/record-audit.js'
import { enqueueRescore } from './enqueue-rescore.js'

/**
 * Publishes the draft with its changelog entry and effective time (now, or later). After the
 * commit, the rescore that adds the version's rows is enqueued to start at the effective time.
 * Returns the published row and the version now in effect, for the caller to present and to
 * tell every console (`scoring.published`).
 */
export async function publishScoringVersion(
  ctx: AppContext,
  input: {
    versionId: number
    changelog: string
    effectiveAt?: string
    actorId: string
    ip: string | null
  },
): Promise<{ row: ScoringVersionRow; currentId: number }> {
  const publishedAt = new Date()
  const effectiveAt = input.effectiveAt ? new Date(input.effectiveAt) : publishedAt
  const row = await ctx.db.transaction(async (tx) => {
    const version = await getScoringVersion(tx, input.versionId)
    if (version.row.status !== 'draft')
      throw new AppError('conflict', `${version.key} is already published; propose a new draft`)
    const [published] = await tx
      .update(scoringVersions)
      .set({
        status: 'published',
        changelog: input.changelog,
        effectiveAt,
        publishedAt: sql`now()`,
        publishedBy: input.actorId,
        rescoreState: 'pending',
      })
      .where(and(eq(scoringVersions.id, input.versionId), eq(scoringVersions.status, 'draft')))
      .returning()
    if (!published) throw new AppError('conflict', `${version.key} was published meanwhile`)
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'scoring.published',
      subjectType: 'scoring_version',
      subjectId: published.key,
      after: { changelog: input.changelog, effectiveAt: effectiveAt.toISOString() },
      ip: input.ip,
    })
    await recordScoringAnnouncements(
      tx,
      {
        id: published.id,
        key: published.key,
        changelog: input.changelog,
        effectiveAt,
        announcedAt: publishedAt,
      },
      input.actorId,
    )
    return published
  })
  await enqueueRescore(ctx, row, effectiveAt.getTime() - Date.now())
  const current = await currentScoringVersion(ctx.db)
  return { row, currentId: current.row.id }
}
