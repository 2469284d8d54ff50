import { eq } from 'drizzle-orm'
import type { AppContext } from '../../context.js'
import { getBrand, type BrandRow } from '../../db/repositories/brands.js'
import { brands } from '../../db/schema.js'
import { recordAudit } from '../audit/record-audit.js'
import { assertBrandNameFree, lockBrandNames } from './create-brand.js'

/**
 * Changes a brand's settings (publishing its "How we rank" page among them), with its audit
 * row in the same transaction. A new name must be free (409 otherwise).
 */
export async function updateBrand(
  ctx: AppContext,
  input: {
    brandId: string
    name?: string
    trackedTerms?: string[]
    excludedTerms?: string[]
    languages?: string[]
    howWeRankPublic?: boolean
    autoAssign?: { enabled: boolean; cap: number }
    /** Raw posts older than this many days are swept (null: kept); the rollups stay. */
    postRetentionDays?: number | null
    rollupRetentionDays?: number
    actorId: string
    ip: string | null
  },
): Promise<BrandRow> {
  const { brandId, actorId, ip, autoAssign, ...rest } = input
  const changes = {
    ...rest,
    ...(autoAssign ? { autoAssign: autoAssign.enabled, assignCap: autoAssign.cap } : {}),
  }
  return ctx.db.transaction(async (tx) => {
    const before = await getBrand(tx, brandId)
    // A rename keeps the slug: the brand's public address does not move under its readers.
    if (changes.name !== undefined) {
      await lockBrandNames(tx)
      await assertBrandNameFree(tx, changes.name, brandId)
    }
    const [after] = await tx.update(brands).set(changes).where(eq(brands.id, brandId)).returning()
    await recordAudit(tx, {
      actorId,
      action: 'brand.updated',
      subjectType: 'brand',
      subjectId: brandId,
      before: settingsOf(before),
      after: settingsOf(after!),
      ip,
    })
    return after!
  })
}

/** What the audit row records of a brand's settings, before and after. */
const settingsOf = (brand: BrandRow) => ({
  name: brand.name,
  trackedTerms: brand.trackedTerms,
  excludedTerms: brand.excludedTerms,
  languages: brand.languages,
  howWeRankPublic: brand.howWeRankPublic,
  autoAssign: { enabled: brand.autoAssign, cap: brand.assignCap },
  postRetentionDays: brand.postRetentionDays,
  rollupRetentionDays: brand.rollupRetentionDays,
})
