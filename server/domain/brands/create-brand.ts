import { sql } from 'drizzle-orm'
import { slugFromName, type CreateBrandBody } from '../../../shared/schemas/brands.js'
import type { z } from 'zod'
import type { AppContext } from '../../context.js'
import type { Queryable } from '../../db/client.js'
import { findBrandByName, findBrandBySlug, type BrandRow } from '../../db/repositories/brands.js'
import { brands } from '../../db/schema.js'
import { AppError } from '../../lib/app-error.js'
import { recordAudit } from '../audit/record-audit.js'

/**
 * Brand names and slugs are checked, then written, under one transaction-scoped lock: two
 * admins creating "Acme" at once get one brand and one 409, not two brands of one name.
 */
export const lockBrandNames = (q: Queryable) =>
  q.execute(sql`select pg_advisory_xact_lock(hashtext('firebreak:brand-names'))`)

/** 409 when another brand already has this name (case and outer spaces aside). */
export async function assertBrandNameFree(q: Queryable, name: string, exceptId?: string) {
  const holder = await findBrandByName(q, name, exceptId)
  if (holder)
    throw new AppError(
      'conflict',
      `A brand named "${holder.name}" already exists${holder.archivedAt ? ' (archived)' : ''}; choose another name`,
    )
}

/** The name's slug, or the first of `slug-2`, `slug-3`… that no brand has yet. */
async function freeSlug(q: Queryable, name: string): Promise<string> {
  const base = slugFromName(name)
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`
    if (!(await findBrandBySlug(q, slug))) return slug
  }
}

/**
 * Creates a brand (admins): a unique name, a slug derived from it (its public address, which
 * a later rename keeps), the terms it listens for and its response targets, with its audit row
 * in the same transaction. It listens once a source feeds it.
 */
export async function createBrand(
  ctx: AppContext,
  input: z.output<typeof CreateBrandBody> & { actorId: string | null; ip: string | null },
): Promise<BrandRow> {
  return ctx.db.transaction(async (tx) => {
    await lockBrandNames(tx)
    await assertBrandNameFree(tx, input.name)
    const [row] = await tx
      .insert(brands)
      .values({
        slug: await freeSlug(tx, input.name),
        name: input.name,
        trackedTerms: [...new Set(input.trackedTerms)],
        excludedTerms: [...new Set(input.excludedTerms)],
        languages: input.languages,
        slaTargets: input.slaTargets ?? null,
      })
      .returning()
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'brand.created',
      subjectType: 'brand',
      subjectId: row!.id,
      after: {
        name: row!.name,
        slug: row!.slug,
        trackedTerms: row!.trackedTerms,
        excludedTerms: row!.excludedTerms,
        languages: row!.languages,
        slaTargets: row!.slaTargets,
      },
      ip: input.ip,
    })
    return row!
  })
}
