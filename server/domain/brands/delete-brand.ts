import { eq, sql } from 'drizzle-orm'
import type { AppContext } from '../../context.js'
import { getBrand } from '../../db/repositories/brands.js'
import { brands } from '../../db/schema.js'
import { AppError } from '../../lib/app-error.js'
import { recordAudit } from '../audit/record-audit.js'

/**
 * A brand's own settings, which go with it: where it listens, how it replies and alerts, and
 * the workers' bookkeeping about it. Deleted child tables first. Anything else that names the
 * brand is history (posts, complaints, replies sent in its name, promises, alerts, rollups…):
 * its foreign keys refuse the delete, so the brand stays archived with it.
 */
const SETTINGS_TABLES = [
  'canned_responses',
  'reply_accounts',
  'alert_webhooks',
  'assignment_turns',
  'spike_detectors',
  'theme_progress',
  'sources',
] as const

/** PostgreSQL's foreign key violation: a row still names the one deleted. */
const FOREIGN_KEY_VIOLATION = '23503'

/**
 * Deletes an archived brand whose name the admin typed again, in one transaction with its
 * settings and its audit row. A brand that collected anything is refused (409, naming what
 * holds it), and nothing is deleted: history is not deleted from a console, archiving keeps
 * it out of the way. What can go is a brand made by mistake, or one that never listened.
 */
export async function deleteBrand(
  ctx: AppContext,
  input: { brandId: string; confirmName: string; actorId: string | null; ip: string | null },
): Promise<void> {
  const brand = await getBrand(ctx.db, input.brandId)
  if (!brand.archivedAt)
    throw new AppError('conflict', `Archive ${brand.name} first: only an archived brand is deleted`)
  if (input.confirmName.trim().toLowerCase() !== brand.name.trim().toLowerCase())
    throw new AppError('invalid_request', `Type the brand's name, ${brand.name}, to delete it`, [
      { path: 'confirmName', message: `must be the brand's name, ${brand.name}` },
    ])
  try {
    await ctx.db.transaction(async (tx) => {
      for (const table of SETTINGS_TABLES)
        await tx.execute(sql`delete from ${sql.identifier(table)} where brand_id = ${brand.id}`)
      const deleted = await tx.delete(brands).where(eq(brands.id, brand.id)).returning()
      if (!deleted.length) throw new AppError('not_found', 'Brand not found')
      await recordAudit(tx, {
        actorId: input.actorId,
        action: 'brand.deleted',
        subjectType: 'brand',
        subjectId: brand.id,
        before: {
          name: brand.name,
          slug: brand.slug,
          trackedTerms: brand.trackedTerms,
          excludedTerms: brand.excludedTerms,
        },
        ip: input.ip,
      })
    })
  } catch (err) {
    const cause = ((err as { cause?: unknown }).cause ?? err) as { code?: string; table?: string }
    if (cause.code !== FOREIGN_KEY_VIOLATION) throw err
    const what = cause.table ? cause.table.replaceAll('_', ' ') : 'collected data'
    throw new AppError(
      'conflict',
      `${brand.name} holds ${what}; it stays archived with its data (only a brand that never collected anything is deleted)`,
    )
  }
}
