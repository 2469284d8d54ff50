import { sql } from 'drizzle-orm'
import type { TrendBreakdown, TrendGrain } from '../../../shared/schemas/trends.js'
import { networkName } from '../../../shared/scoring/reach.js'
import type { TrendPeriod } from '../../../shared/trend-range.js'
import type { Queryable } from '../../db/client.js'
import { readRollups, sumRollups } from '../../db/repositories/rollups.js'
import { queryRows } from '../../db/rows.js'
import { presentCounts, zeroFilledPoints } from './trend-points.js'

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
 * The top networks, languages and themes of a period by posts (ties by key), each with its
 * own zero-filled series: totals per key first, then the buckets of the top keys only.
 */
export async function readBreakdowns(
  q: Queryable,
  input: { brandId: string; grain: TrendGrain; period: TrendPeriod },
): Promise<TrendBreakdown[]> {
  const perDimension = await Promise.all(
    DIMENSIONS.map(async (dimension) => {
      const base = { brandId: input.brandId, grain: input.grain, dimension, ...input.period }
      const sums = (await sumRollups(q, base)).filter((s) => s.posts > 0)
      const themes =
        dimension === 'theme'
          ? await visibleThemeNames(
              q,
              input.brandId,
              sums.map((s) => s.key),
            )
          : null
      const top = sums
        .filter((s) => !themes || themes.has(s.key))
        .sort((a, b) => b.posts - a.posts || (a.key < b.key ? -1 : 1))
        .slice(0, BREAKDOWN_TOP)
      if (!top.length) return []
      const rows = await readRollups(q, { ...base, keys: top.map((s) => s.key) })
      return top.map((sum): TrendBreakdown => ({
        dimension,
        key: sum.key,
        label:
          dimension === 'network'
            ? networkName(sum.key)
            : dimension === 'language'
              ? languageName(sum.key)
              : themes!.get(sum.key)!,
        totals: presentCounts(sum),
        points: zeroFilledPoints(
          rows.filter((r) => r.key === sum.key),
          input.period,
          input.grain,
        ),
      }))
    }),
  )
  return perDimension.flat()
}
