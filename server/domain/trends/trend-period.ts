import { sql } from 'drizzle-orm'
import type { TrendRangeQuery } from '../../../shared/schemas/trends.js'
import { resolveTrendRange, type ResolvedTrendRange } from '../../../shared/trend-range.js'
import type { Queryable } from '../../db/client.js'
import { queryRows } from '../../db/rows.js'
import { AppError } from '../../lib/app-error.js'
import { MINUTE_ROLLUP_DAYS } from '../../db/repositories/retention.js'

/**
 * What a dashboard range means for a brand at `now`, within how long the brand keeps its
 * rollups: a 404 for an unknown brand, a 400 naming the field for a range it refuses.
 */
export async function resolveBrandRange(
  q: Queryable,
  input: { brandId: string; query: TrendRangeQuery; now: Date },
): Promise<ResolvedTrendRange> {
  const [brand] = await queryRows<{ rollup_retention_days: number }>(
    q,
    sql`select rollup_retention_days from brands where id = ${input.brandId}::uuid`,
  )
  if (!brand) throw new AppError('not_found', 'Brand not found')
  const result = resolveTrendRange(input.query, input.now, {
    rollupDays: brand.rollup_retention_days,
    minuteDays: Math.min(MINUTE_ROLLUP_DAYS, brand.rollup_retention_days),
  })
  if (!result.ok) throw new AppError('invalid_request', result.issue.message, [result.issue])
  return result.range
}
