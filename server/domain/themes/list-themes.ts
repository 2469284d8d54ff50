import type { ThemeView } from '../../../shared/schemas/themes.js'
import type { Queryable } from '../../db/client.js'
import {
  listLiveThemes,
  readThemeRollups,
  topThemeComplainers,
  type ThemeRecord,
} from '../../db/repositories/themes.js'
import { previousPeriod, type ThemePeriod } from './theme-range.js'
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
  input: { brandId: string; period: ThemePeriod; withHidden: boolean },
): Promise<Array<{ theme: ThemeRecord; figures: ThemeFigures }>> {
  const { brandId, period } = input
  const themes = (await listLiveThemes(q, brandId)).filter((t) => input.withHidden || !t.hidden)
  const themeIds = themes.map((t) => t.id)
  const before = previousPeriod(period)
  const current = await readThemeRollups(q, {
    brandId,
    grain: period.grain,
    ...span(period),
    themeIds,
  })
  const previous = await readThemeRollups(q, {
    brandId,
    grain: before.grain,
    ...span(before),
    themeIds,
  })
  const complainers = await topThemeComplainers(q, themeIds, period)
  const listed = themes.map((theme) => {
    const points = current.filter((p) => p.themeId === theme.id)
    const volume = sum(points)
    const previousVolume = sum(previous.filter((p) => p.themeId === theme.id))
    const figures: ThemeFigures = {
      volume,
      previousVolume,
      trend: themeTrend({ volume, previousVolume, bornInPeriod: bornIn(theme, period) }),
      points: points.map((p) => ({ at: p.bucket.toISOString(), count: p.count })),
      topComplainers: complainers.filter((c) => c.themeId === theme.id),
    }
    return { theme, figures }
  })
  return listed.sort(
    (a, b) => b.figures.volume - a.figures.volume || a.theme.name.localeCompare(b.theme.name),
  )
}

const span = (p: ThemePeriod) => ({ from: p.from, to: p.to })
const sum = (points: Array<{ count: number }>) => points.reduce((n, p) => n + p.count, 0)
const bornIn = (theme: ThemeRecord, p: ThemePeriod) =>
  theme.createdAt.getTime() >= p.from.getTime() && theme.createdAt.getTime() < p.to.getTime()
