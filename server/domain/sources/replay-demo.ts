import { and, eq, sql } from 'drizzle-orm'
import type { AppContext } from '../../context.js'
import { getBrand } from '../../db/repositories/brands.js'
import { sources } from '../../db/schema.js'
import { AppError } from '../../lib/app-error.js'
import { recordAudit } from '../audit/record-audit.js'

/**
 * Plays a brand's demo again, from the top, as a new backlash: the next seed of the generator
 * writes other posts by other people (the same ones again would all be duplicates, and history
 * is not rewritten). The worker schedules it at its next maintenance pass, within seconds.
 */
export async function replayDemo(
  ctx: AppContext,
  input: { brandId: string; actorId: string; ip: string | null },
): Promise<{ sourceId: string; seed: number }> {
  const brand = await getBrand(ctx.db, input.brandId)
  if (brand.archivedAt)
    throw new AppError('conflict', `${brand.name} is archived: restore it first`)
  return ctx.db.transaction(async (tx) => {
    const [demo] = await tx
      .select()
      .from(sources)
      .where(and(eq(sources.brandId, input.brandId), eq(sources.kind, 'demo')))
      .for('update')
    if (!demo) throw new AppError('not_found', `${brand.name} has no demo to replay`)
    if (demo.enabled && (demo.cursor as { done?: unknown } | null)?.done !== true)
      throw new AppError('conflict', 'The demo is still playing')
    const config = demo.config as { seed: number; speed: number }
    const seed = config.seed + 1
    await tx
      .update(sources)
      .set({
        config: { ...config, seed },
        cursor: null,
        enabled: true,
        failures: 0,
        nextPollAt: null,
        circuitOpenUntil: null,
        updatedAt: sql`now()`,
      })
      .where(eq(sources.id, demo.id))
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'demo.replayed',
      subjectType: 'source',
      subjectId: demo.id,
      before: { seed: config.seed },
      after: { seed },
      ip: input.ip,
    })
    return { sourceId: demo.id, seed }
  })
}
