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
 * reading their posts of the period, so that the fewest rows are read. The walk passes over
 * about `TOP_COMPLAINERS x authors / volume` authors for a theme (its volume from the
 * rollups), WALK_MARGIN times that to be safe, and goes as deep as its deepest theme needs:
 * the themes that need least join it first, as long as the deeper walk reads fewer rows than
 * the posts of the themes it takes on (a step of the walk and a post read cost about the same:
 * two lookups by key).
 */
async function complainerWalks(
  q: Queryable,
  themeIds: string[],
  volumes: Map<string, number>,
): Promise<ThemeWalks> {
  if (!themeIds.length) return { by_reach: { themeIds: [], depth: 0 }, by_arrival: [] }
  const authors = await estimatedAuthors(q)
  const themes = themeIds
    .map((id) => {
      const volume = volumes.get(id) ?? 0
      return {
        id,
        volume,
        depth: Math.ceil((WALK_MARGIN * TOP_COMPLAINERS * authors) / Math.max(volume, 1)),
      }
    })
    .sort((a, b) => a.depth - b.depth)
  // Walking for the first k themes costs depth[k - 1]; reading the rest costs their posts.
  let best = { k: 0, cost: themes.reduce((n, t) => n + t.volume, 0) }
  let rest = best.cost
  themes.forEach((t, i) => {
    rest -= t.volume
    if (t.depth + rest < best.cost) best = { k: i + 1, cost: t.depth + rest }
  })
  const walked = themes.slice(0, best.k)
  return {
    by_reach: { themeIds: walked.map((t) => t.id), depth: walked.at(-1)?.depth ?? 0 },
    by_arrival: themes.slice(best.k).map((t) => t.id),
  }
}

const bornIn = (theme: ThemeRecord, p: TrendPeriod) =>
  theme.createdAt.getTime() >= p.from.getTime() && theme.createdAt.getTime() < p.to.getTime()
