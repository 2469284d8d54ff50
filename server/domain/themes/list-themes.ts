import type { ThemeView } from '../../../shared/schemas/themes.js'
import type { Queryable } from '../../db/client.js'
import { readRollups, sumRollups } from '../../db/repositories/rollups.js'
import { cheaperWalk, estimatedAuthors } from '../../db/repositories/period-complainers.js'
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
 * Each theme's complainers are read by the walk that passes fewer rows for its volume in the
 * period (the rollups' count): the same choice as the dashboard's top complainers.
 */
async function complainerWalks(
  q: Queryable,
  themeIds: string[],
  volumes: Map<string, number>,
): Promise<ThemeWalks> {
  const walks: ThemeWalks = { by_reach: [], by_arrival: [] }
  if (!themeIds.length) return walks
  const authors = await estimatedAuthors(q)
  for (const id of themeIds) {
    const complaints = volumes.get(id) ?? 0
    walks[cheaperWalk({ limit: TOP_COMPLAINERS, complaints, authors })].push(id)
  }
  return walks
}

const bornIn = (theme: ThemeRecord, p: TrendPeriod) =>
  theme.createdAt.getTime() >= p.from.getTime() && theme.createdAt.getTime() < p.to.getTime()
