import type { ThemeList, ThemeView } from '../../shared/schemas/themes.js'
import type { ThemeRecord } from '../db/repositories/themes.js'

/** What a period says of a theme: its volumes, trend, points and top complainers. */
export type ThemeFigures = Pick<
  ThemeView,
  'volume' | 'previousVolume' | 'trend' | 'points' | 'topComplainers'
>

/** A theme with its figures over a period (what listThemes returns). */
export interface ThemeInPeriod {
  theme: ThemeRecord
  figures: ThemeFigures
}

/** A stored theme with its figures for a period → the view the dashboard and the editor read. */
export function presentTheme({ theme, figures }: ThemeInPeriod): ThemeView {
  return {
    id: theme.id,
    brandId: theme.brandId,
    name: theme.name,
    phrases: theme.phrases,
    named: theme.namedBy !== null,
    hidden: theme.hidden,
    volume: figures.volume,
    previousVolume: figures.previousVolume,
    trend: figures.trend,
    points: figures.points,
    topComplainers: figures.topComplainers.map((c) => ({
      authorId: c.authorId,
      handle: c.handle,
      network: c.network,
      followers: c.followers,
    })),
  }
}

/** A brand's themes over a period, as GET /api/brands/:brandId/themes answers. */
export const presentThemeList = (
  themes: ThemeInPeriod[],
  period: { from: Date; to: Date },
  asOf: Date,
): ThemeList => ({
  data: themes.map(presentTheme),
  period: { from: period.from.toISOString(), to: period.to.toISOString() },
  asOf: asOf.toISOString(),
})
