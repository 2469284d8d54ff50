import type { ThemeList, ThemeTrend } from '../../../../shared/schemas/themes.js'
import { Link } from '../../ui/Link.js'
import { themeHref } from '../alerts/links.js'
import { Sparkline } from './Sparkline.js'

const TREND_TEXT: Record<ThemeTrend, string> = {
  rising: 'Rising',
  steady: 'Steady',
  fading: 'Fading',
  new: 'New',
}

/** What complaints are about: the top themes of the period with their trend, each a filter. */
export function TopThemes({ list, brandSlug }: { list: ThemeList; brandSlug: string }) {
  const themes = list.data
    .filter((t) => !t.hidden)
    .sort((a, b) => b.volume - a.volume)
    .slice(0, 8)
  return (
    <section className="dash-card" aria-labelledby="themes-title" data-testid="dash-themes">
      <h2 id="themes-title">What people complain about</h2>
      {themes.length === 0 ? (
        <p className="muted">No themes found in this period yet.</p>
      ) : (
        <table className="dash-table">
          <thead>
            <tr>
              <th scope="col">Theme</th>
              <th scope="col" className="num">
                Complaints
              </th>
              <th scope="col" className="num">
                Period before
              </th>
              <th scope="col">Trend</th>
            </tr>
          </thead>
          <tbody>
            {themes.map((t) => (
              <tr key={t.id} data-testid="dash-theme">
                <th scope="row">
                  <Link
                    to={themeHref(brandSlug, t.id)}
                    title="Open the inbox filtered by this theme"
                  >
                    {t.name}
                  </Link>
                </th>
                <td className="num">{t.volume}</td>
                <td className="num">{t.previousVolume}</td>
                <td className="theme-trend">
                  <Sparkline points={t.points} from={list.period.from} to={list.period.to} />
                  <span className={`trend-badge trend-${t.trend}`}>{TREND_TEXT[t.trend]}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
