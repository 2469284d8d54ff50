import { eq } from 'drizzle-orm'
import type { AppContext } from '../../context.js'
import { getBrand, type BrandRow } from '../../db/repositories/brands.js'
import { brands } from '../../db/schema.js'
import { recordAudit } from '../audit/record-audit.js'

/** Changes a brand's settings, with its audit row in the same transaction. */
export async function updateBrand(
  ctx: AppContext,
  input: {
    brandId: string
    name?: string
    trackedTerms?: string[]
    excludedTerms?: string[]
    actorId: string
    ip: string | null
  },
): Promise<BrandRow> {
  const { brandId, actorId, ip, ...changes } = input
  return ctx.db.transaction(async (tx) => {
    const before = await getBrand(tx, brandId)
    const [after] = await tx.update(brands).set(changes).where(eq(brands.id, brandId)).returning()
    await recordAudit(tx, {
      actorId,
      action: 'brand.updated',
      subjectType: 'brand',
      subjectId: brandId,
      before: {
        name: before.name,
        trackedTerms: before.trackedTerms,
        excludedTerms: before.excludedTerms,
      },
      after: {
        name: after!.name,
        trackedTerms: after!.trackedTerms,
        excludedTerms: after!.excludedTerms,
      },
      ip,
    })
    return after!
  })
}
