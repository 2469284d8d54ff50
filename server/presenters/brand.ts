import type { BrandView } from '../../shared/schemas/brands.js'
import { approvalRuleOf, type BrandRow } from '../db/repositories/brands.js'

export function presentBrand(row: BrandRow): BrandView {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    trackedTerms: row.trackedTerms,
    excludedTerms: row.excludedTerms,
    languages: row.languages,
    seq: row.eventSeq,
    howWeRankPublic: row.howWeRankPublic,
    autoAssign: { enabled: row.autoAssign, cap: row.assignCap },
    replyApproval: approvalRuleOf(row),
    postRetentionDays: row.postRetentionDays,
    rollupRetentionDays: row.rollupRetentionDays,
    archivedAt: row.archivedAt?.toISOString() ?? null,
  }
}
