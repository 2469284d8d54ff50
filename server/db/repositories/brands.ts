import { asc, eq } from 'drizzle-orm'
import type { Queryable } from '../client.js'
import { brands } from '../schema.js'
import { AppError } from '../../lib/app-error.js'

export type BrandRow = typeof brands.$inferSelect

export function listBrands(q: Queryable): Promise<BrandRow[]> {
  return q.select().from(brands).orderBy(asc(brands.createdAt), asc(brands.slug))
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
