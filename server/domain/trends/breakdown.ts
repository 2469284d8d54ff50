import { sql } from 'drizzle-orm'
import type { TrendBreakdown, TrendGrain } from '../../../shared/schemas/trends.js'
import { networkName } from '../../../shared/scoring/reach.js'
import { breakdownGrain, GRAIN_MS, type TrendPeriod } from '../../../shared/trend-range.js'
import type { Queryable } from '../../db/client.js'
import { readRollups, sumRollups, type RollupRow } from '../../db/repositories/rollups.js'
import { queryRows } from '../../db/rows.js'
import { totalsOf, zeroFilledPoints } from './trend-points.js'

/** How many lines each breakdown shows: more would not be told apart on a chart. */
export const BREAKDOWN_TOP = 8

type BreakdownDimension = TrendBreakdown['dimension']
const DIMENSIONS: BreakdownDimension[] = ['network', 'language', 'theme']
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' })

/** A language code as people read it; 'und' (the analyzer could not tell) is "Unknown". */
export function languageName(code: string): string {
  if (code === 'und') return 'Unknown'
  try {
    return languageNames.of(code) ?? code
  } catch {
    return code
  }
}

/**
 * The current names of a brand's themes among `ids`; hidden themes (an adviser took them off
 * the dashboard) and merged ones (they hold no posts now) are left out.
 */
export async function visibleThemeNames(
  q: Queryable,
  brandId: string,
  ids: string[],
): Promise<Map<string, string>> {
  if (!ids.length) return new Map()
  const rows = await queryRows<{ id: string; name: string }>(
    q,
    sql`select id::text as id, name from themes
        where brand_id = ${brandId}::uuid and id::text = any(${`{${ids.join(',')}}`}::text[])
          and not hidden and merged_into is null`,
  )
  return new Map(rows.map((r) => [r.id, r.name]))
}

/**
 * The keys a dimension has in a period, from its day buckets around it: reading those by the
 * primary key (brand, grain, dimension, key, bucket) without knowing the keys walks the
 * dimension's whole history, which is short at day grain and long at minute grain.
 */
async function keysIn(
  q: Queryable,
  input: { brandId: string; dimension: BreakdownDimension; period: TrendPeriod },
): Promise<string[]> {
  const day = GRAIN_MS.day
  const sums = await sumRollups(q, {
    brandId: input.brandId,
    grain: 'day',
    dimension: input.dimension,
    from: new Date(Math.floor(input.period.from.getTime() / day) * day),
    to: new Date(Math.ceil(input.period.to.getTime() / day) * day),
  })
  return sums.map((s) => s.key)
}

/**
 * The top networks, languages and themes of a period by posts (ties by key), each with its
 * own zero-filled series at the breakdown grain (its buckets, and so its totals, cover the
 * coarser buckets the period's edges fall in whole): the keys present around the period, then
 * one read of their buckets by the primary key, which serves the ranking and the series.
 */
export async function readBreakdowns(
  q: Queryable,
  input: { brandId: string; grain: TrendGrain; period: TrendPeriod },
): Promise<TrendBreakdown[]> {
  const grain = breakdownGrain(input.period, input.grain)
  // Buckets of the coarser grain that the period's edges fall inside are read whole.
  const period = {
    from: new Date(Math.floor(input.period.from.getTime() / GRAIN_MS[grain]) * GRAIN_MS[grain]),
    to: new Date(Math.ceil(input.period.to.getTime() / GRAIN_MS[grain]) * GRAIN_MS[grain]),
  }
  const perDimension = await Promise.all(
    DIMENSIONS.map(async (dimension) => {
      let keys = await keysIn(q, { brandId: input.brandId, dimension, period })
      const themes = dimension === 'theme' ? await visibleThemeNames(q, input.brandId, keys) : null
      if (themes) keys = keys.filter((k) => themes.has(k))
      if (!keys.length) return []
      const rows = await readRollups(q, {
        brandId: input.brandId,
        grain,
        dimension,
        keys,
        ...period,
      })
      const byKey = new Map<string, RollupRow[]>()
      for (const row of rows) {
        const list = byKey.get(row.key)
        if (list) list.push(row)
        else byKey.set(row.key, [row])
      }
      const ranked = [...byKey]
        .map(([key, keyRows]) => ({ key, keyRows, totals: totalsOf(keyRows) }))
        .sort((a, b) => b.totals.posts - a.totals.posts || (a.key < b.key ? -1 : 1))
        .slice(0, BREAKDOWN_TOP)
      return ranked.map(({ key, keyRows, totals }): TrendBreakdown => ({
        dimension,
        key,
        label:
          dimension === 'network'
            ? networkName(key)
            : dimension === 'language'
              ? languageName(key)
              : themes!.get(key)!,
        totals,
        grain,
        points: zeroFilledPoints(keyRows, period, grain),
      }))
    }),
  )
  return perDimension.flat()
}
