import { and, asc, eq, isNotNull, isNull, ne, sql, type SQL } from 'drizzle-orm'
import type { ApprovalRule } from '../../../shared/approval.js'
import type { Queryable } from '../client.js'
import { brands } from '../schema.js'
import { AppError } from '../../lib/app-error.js'

export type BrandRow = typeof brands.$inferSelect

/** Brands oldest first: those that listen, unless archived ones are asked for too or alone. */
export function listBrands(
  q: Queryable,
  archived: 'exclude' | 'include' | 'only' = 'include',
): Promise<BrandRow[]> {
  const where: Record<typeof archived, SQL | undefined> = {
    exclude: isNull(brands.archivedAt),
    include: undefined,
    only: isNotNull(brands.archivedAt),
  }
  return q
    .select()
    .from(brands)
    .where(where[archived])
    .orderBy(asc(brands.createdAt), asc(brands.slug))
}

/** Another brand with this name, compared as people read it (case and outer spaces aside). */
export async function findBrandByName(
  q: Queryable,
  name: string,
  exceptId?: string,
): Promise<BrandRow | undefined> {
  const [row] = await q
    .select()
    .from(brands)
    .where(
      and(
        sql`lower(${brands.name}) = lower(${name.trim()})`,
        exceptId ? ne(brands.id, exceptId) : undefined,
      ),
    )
  return row
}

/** Whether a brand is archived (it listens to nothing); false for an unknown brand. */
export async function isBrandArchived(q: Queryable, id: string): Promise<boolean> {
  const [row] = await q
    .select({ archivedAt: brands.archivedAt })
    .from(brands)
    .where(eq(brands.id, id))
  return !!row?.archivedAt
}

export async function getBrand(q: Queryable, id: string): Promise<BrandRow> {
  const [row] = await q.select().from(brands).where(eq(brands.id, id))
  if (!row) throw new AppError('not_found', 'Brand not found')
  return row
}

export async function findBrandBySlug(q: Queryable, slug: string): Promise<BrandRow | undefined> {
  const [row] = await q.select().from(brands).where(eq(brands.slug, slug))
  return row
}

/** Creates a brand if its slug is new; returns the stored brand either way. */
export async function ensureBrand(
  q: Queryable,
  input: { slug: string; name: string; trackedTerms: string[]; excludedTerms: string[] },
): Promise<BrandRow> {
  await q.insert(brands).values(input).onConflictDoNothing({ target: brands.slug })
  return (await findBrandBySlug(q, input.slug))!
}

/** The brand's approval rule from its columns (the CHECK keeps a threshold with its mode). */
export function approvalRuleOf(row: BrandRow): ApprovalRule {
  switch (row.approvalMode) {
    case 'above_priority':
      return { mode: 'above_priority', threshold: row.approvalThreshold ?? 0 }
    case 'agents':
      return { mode: 'agents', userIds: row.approvalUserIds }
    case 'all':
      return { mode: 'all' }
    default:
      return { mode: 'none' }
  }
}
