import { sql } from 'drizzle-orm'
import type { TrendDimension, TrendsQuery, TrendsView } from '../../../shared/schemas/trends.js'
import type { TrendPeriod } from '../../../shared/trend-range.js'
import type { Queryable } from '../../db/client.js'
import { readRollups } from '../../db/repositories/rollups.js'
import { queryRows } from '../../db/rows.js'
import { AppError } from '../../lib/app-error.js'
import { readBreakdowns } from './breakdown.js'
import { resolveBrandRange } from './trend-period.js'
import { totalsOf, zeroFilledPoints } from './trend-points.js'

interface SeriesFilter {
  dimension: TrendDimension
  key: string
}

/**
 * Which series the query reads: the brand's total, or one network, language or theme it has
 * seen (a 400 naming the field otherwise: an unknown key would read as a silent flat line).
 */
async function seriesFilter(
  q: Queryable,
  brandId: string,
  query: TrendsQuery,
): Promise<SeriesFilter> {
  const given = (['network', 'language', 'theme'] as const).filter((f) => query[f] !== undefined)
  if (given.length > 1) {
    const field = given[1]!
    throw new AppError('invalid_request', 'Filter by one of network, language or theme', [
      { path: field, message: `${given.join(' and ')} given: filter by one of them` },
    ])
  }
  const dimension = given[0]
  if (!dimension) return { dimension: 'all', key: '' }
  const key = query[dimension]!
  const [known] =
    dimension === 'theme'
      ? await queryRows(
          q,
          sql`select 1 from themes where id = ${key}::uuid and brand_id = ${brandId}::uuid`,
        )
      : // Any grain will do: every counted post has a row in each; day has the fewest.
        await queryRows(
          q,
          sql`select 1 from rollups where brand_id = ${brandId}::uuid and grain = 'day'
              and dimension = ${dimension} and key = ${key} limit 1`,
        )
  if (!known) {
    const message =
      dimension === 'theme'
        ? `This brand has no theme ${key}`
        : `This brand has no ${dimension} '${key}'`
    throw new AppError('invalid_request', message, [{ path: dimension, message }])
  }
  return { dimension, key }
}

/**
 * A brand's trends over a dashboard range: every bucket of the period (zero where empty), the
 * totals, the top networks, languages and themes, and the previous period when asked. Reads
 * the rollups only.
 */
export async function readTrends(
  q: Queryable,
  input: { brandId: string; query: TrendsQuery; now: Date },
): Promise<TrendsView> {
  const range = await resolveBrandRange(q, input)
  const filter = await seriesFilter(q, input.brandId, input.query)
  const series = async (period: TrendPeriod) => {
    const rows = await readRollups(q, {
      brandId: input.brandId,
      grain: range.grain,
      dimension: filter.dimension,
      keys: [filter.key],
      ...period,
    })
    return { totals: totalsOf(rows), points: zeroFilledPoints(rows, period, range.grain) }
  }
  const [current, breakdown, previous] = await Promise.all([
    series(range),
    readBreakdowns(q, { brandId: input.brandId, grain: range.grain, period: range }),
    range.previous ? series(range.previous) : null,
  ])
  const iso = (p: TrendPeriod) => ({ from: p.from.toISOString(), to: p.to.toISOString() })
  return {
    brandId: input.brandId,
    grain: range.grain,
    period: iso(range),
    ...current,
    breakdown,
    previous: previous && range.previous ? { period: iso(range.previous), ...previous } : null,
    asOf: input.now.toISOString(),
  }
}
