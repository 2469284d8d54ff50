import { eq, sql } from 'drizzle-orm'
import type { AppContext } from '../../context.js'
import { getBrand, type BrandRow } from '../../db/repositories/brands.js'
import { brands } from '../../db/schema.js'
import { recordAudit } from '../audit/record-audit.js'

/**
 * Archives a brand (`archived: true`) or restores it, audited in the same transaction. An
 * archived brand listens to nothing: its polled sources skip their turns and its webhooks are
 * refused, so a restore resumes them where they stood. Everything it collected stays, and
 * every brand page still reads it; only the brand picker leaves it out. Doing it twice is a
 * no-op that records nothing.
 */
export async function setBrandArchived(
  ctx: AppContext,
  input: { brandId: string; archived: boolean; actorId: string | null; ip: string | null },
): Promise<BrandRow> {
  return ctx.db.transaction(async (tx) => {
    const before = await getBrand(tx, input.brandId)
    if (!!before.archivedAt === input.archived) return before
    const [after] = await tx
      .update(brands)
      .set({ archivedAt: input.archived ? sql`now()` : null })
      .where(eq(brands.id, input.brandId))
      .returning()
    await recordAudit(tx, {
      actorId: input.actorId,
      action: input.archived ? 'brand.archived' : 'brand.restored',
      subjectType: 'brand',
      subjectId: input.brandId,
      after: { name: after!.name, slug: after!.slug },
      ip: input.ip,
    })
    return after!
  })
}
