import type { ThemeView } from '../../../shared/schemas/themes.js'
import type { Queryable } from '../../db/client.js'
import { readRollups, sumRollups } from '../../db/repositories/rollups.js'
import { estimatedAuthors } from '../../db/repositories/period-complainers.js'
import {
  listLiveThemes,
  topThemeComplainers,
  type ThemeRecord,
  type ThemeWalks,
} from '../../db/repositories/themes.js'
import type { ResolvedTrendRange, TrendPeriod } from '../../../shared/trend-range.js'
import { themeTrend } from './theme-trend.js'

/** A theme's figures over a period (the view's fields beyond the stored theme). */
type ThemeFigures = Pick<
  ThemeView,
  'volume' | 'previousVolume' | 'trend' | 'points' | 'topComplainers'
>

/**
 * A brand's themes over a period, busiest first: each with its volume in the period and in the
 * one before (from the rollups), its trend, its points and its most-reached complainers.
 * Hidden themes are left out unless `withHidden` (the theme editor lists them to unhide).
 */
export async function listThemes(
  q: Queryable,
  input: { brandId: string; period: ResolvedTrendRange; withHidden: boolean },
): Promise<Array<{ theme: ThemeRecord; figures: ThemeFigures }>> {
  const { brandId, period } = input
  const themes = (await listLiveThemes(q, brandId)).filter((t) => input.withHidden || !t.hidden)
  const themeIds = themes.map((t) => t.id)
  // A theme's trend compares it with the period of the same length just before.
  const before = {
    from: new Date(2 * period.from.getTime() - period.to.getTime()),
    to: period.from,
  }
  // The rollups' theme dimension counts the posts in post_themes: complaint posts only.
  const range = (p: TrendPeriod) => ({
    brandId,
    grain: period.grain,
    dimension: 'theme' as const,
    from: p.from,
    to: p.to,
    keys: themeIds,
  })
  const current = themeIds.length ? await readRollups(q, range(period)) : []
  const previous = themeIds.length ? await sumRollups(q, range(before)) : []
  const volumes = new Map<string, number>()
  for (const p of current) volumes.set(p.key, (volumes.get(p.key) ?? 0) + p.complaints)
  const complainers = await topThemeComplainers(
    q,
    await complainerWalks(q, themeIds, volumes),
    period,
    TOP_COMPLAINERS,
  )
  const listed = themes.map((theme) => {
    const points = current.filter((p) => p.key === theme.id && p.complaints > 0)
    const volume = volumes.get(theme.id) ?? 0
    const previousVolume = previous.find((p) => p.key === theme.id)?.complaints ?? 0
    const figures: ThemeFigures = {
      volume,
      previousVolume,
      trend: themeTrend({ volume, previousVolume, bornInPeriod: bornIn(theme, period) }),
      points: points.map((p) => ({ at: p.bucket.toISOString(), count: p.complaints })),
      topComplainers: complainers.filter((c) => c.themeId === theme.id),
    }
    return { theme, figures }
  })
  return listed.sort(
    (a, b) => b.figures.volume - a.figures.volume || a.theme.name.localeCompare(b.theme.name),
  )
}

/** Complainers shown per theme. */
const TOP_COMPLAINERS = 5

/**
 * How many more authors than expected the reach walk passes over before it gives up on a
 * theme (the theme is then read by arrival): authors who complained more than once make its
 * complainers fewer than its volume.
 */
const WALK_MARGIN = 3

/**
 * Which themes' complainers are found by walking authors by reach (together) and which by
 * reading their posts of the period. Walking passes over about `TOP_COMPLAINERS x authors /
 * volume` authors for a theme (its volume from the rollups): a theme joins the walk when
 * WALK_MARGIN times that is fewer rows than its posts, and the walk goes as deep as its
 * deepest theme needs.
 */
async function complainerWalks(
  q: Queryable,
  themeIds: string[],
  volumes: Map<string, number>,
): Promise<ThemeWalks> {
  const walks: ThemeWalks = { by_reach: { themeIds: [], depth: 0 }, by_arrival: [] }
  if (!themeIds.length) return walks
  const authors = await estimatedAuthors(q)
  for (const id of themeIds) {
    const volume = volumes.get(id) ?? 0
    const depth = Math.ceil((WALK_MARGIN * TOP_COMPLAINERS * authors) / Math.max(volume, 1))
    if (depth < volume) {
      walks.by_reach.themeIds.push(id)
      walks.by_reach.depth = Math.max(walks.by_reach.depth, depth)
    } else walks.by_arrival.push(id)
  }
  return walks
}

const bornIn = (theme: ThemeRecord, p: TrendPeriod) =>
  theme.createdAt.getTime() >= p.from.getTime() && theme.createdAt.getTime() < p.to.getTime()
