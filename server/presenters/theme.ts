import type { ThemeView } from '../../shared/schemas/themes.js'
import type { ThemeComplainer, ThemeRecord } from '../db/repositories/themes.js'

/** A stored theme with its figures for a period → the view the dashboard and the editor read. */
export function presentTheme(
  theme: ThemeRecord,
  figures: Pick<ThemeView, 'volume' | 'previousVolume' | 'trend' | 'points'> & {
    topComplainers: ThemeComplainer[]
  },
): ThemeView {
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
