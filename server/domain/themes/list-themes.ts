import type { ThemeList, ThemeView } from '../../../shared/schemas/themes.js'
import type { Queryable } from '../../db/client.js'
import {
  listLiveThemes,
  readThemeRollups,
  topThemeComplainers,
  type ThemeRecord,
} from '../../db/repositories/themes.js'
import { presentTheme } from '../../presenters/theme.js'
import { previousPeriod, type ThemePeriod } from './theme-range.js'
import { themeTrend } from './theme-trend.js'

/**
 * A brand's themes over a period, busiest first: each with its volume in the period and in the
 * one before (from the rollups), its trend, its points and its most-reached complainers.
 * Hidden themes are left out unless `withHidden` (the theme editor lists them to unhide).
 */
export async function listThemes(
  q: Queryable,
  input: { brandId: string; period: ThemePeriod; withHidden: boolean; now: Date },
): Promise<ThemeList> {
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
  const views = themes.map((theme): ThemeView => {
    const points = current.filter((p) => p.themeId === theme.id)
    const volume = sum(points)
    const previousVolume = sum(previous.filter((p) => p.themeId === theme.id))
    return presentTheme(theme, {
      volume,
      previousVolume,
      trend: themeTrend({ volume, previousVolume, bornInPeriod: bornIn(theme, period) }),
      points: points.map((p) => ({ at: p.bucket.toISOString(), count: p.count })),
      topComplainers: complainers.filter((c) => c.themeId === theme.id),
    })
  })
  views.sort((a, b) => b.volume - a.volume || a.name.localeCompare(b.name))
  return {
    data: views,
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    asOf: input.now.toISOString(),
  }
}

const span = (p: ThemePeriod) => ({ from: p.from, to: p.to })
const sum = (points: Array<{ count: number }>) => points.reduce((n, p) => n + p.count, 0)
const bornIn = (theme: ThemeRecord, p: ThemePeriod) =>
  theme.createdAt.getTime() >= p.from.getTime() && theme.createdAt.getTime() < p.to.getTime()
