import { createContext, useContext, type ReactNode } from 'react'
import type { AlertView } from '../../../../shared/schemas/alerts.js'
import type { BrandView } from '../../../../shared/schemas/brands.js'
import { clockTime } from '../../lib/format.js'
import { AlertIcon } from '../../ui/icons.js'
import { Link } from '../../ui/Link.js'
import { multiple } from '../dashboard/chartData.js'
import { alertHref, windowHref } from './links.js'
import { useAlerts } from './useAlerts.js'
import './alerts.css'

const BannerBrand = createContext<BrandView | null>(null)

/** Puts a brand's alert banner in the shell of every page inside it. */
export function AlertBannerScope({ brand, children }: { brand: BrandView; children: ReactNode }) {
  return <BannerBrand.Provider value={brand}>{children}</BannerBrand.Provider>
}

const RANK = { high: 3, medium: 2, low: 1 } as const
const SERIES_TEXT = { volume: 'Mentions', complaints: 'Complaints' } as const

/** The alert to show first: open before acknowledged, then the most severe, then the newest. */
function headline(alerts: readonly AlertView[]): AlertView | null {
  return (
    [...alerts].sort(
      (a, b) =>
        Number(b.state === 'open') - Number(a.state === 'open') ||
        RANK[b.severity] - RANK[a.severity] ||
        Date.parse(b.at) - Date.parse(a.at),
    )[0] ?? null
  )
}

/** The shell's banner for the brand in scope (nothing outside a brand's pages). */
export function ShellAlertBanner() {
  const brand = useContext(BannerBrand)
  return brand ? <AlertBanner brand={brand} /> : null
}

/**
 * A brand's active spike alert across the top of every page, live: how far above the expected
 * level, since when, and the two ways in (the alert, the queue of that window).
 */
function AlertBanner({ brand }: { brand: BrandView }) {
  const { data } = useAlerts(brand.id, 'active')
  const alert = headline(data ?? [])
  if (!alert) return null
  const others = (data?.length ?? 1) - 1
  return (
    <section
      className={`alert-banner alert-banner-${alert.severity} no-print`}
      role="alert"
      aria-label="Spike alert"
      data-testid="alert-banner"
    >
      <AlertIcon />
      <p className="alert-banner-text">
        <strong>
          {SERIES_TEXT[alert.series]} spike
          {alert.expected >= 0.5 ? `: ${multiple(alert)} the expected level` : ''}
        </strong>{' '}
        <span className={`severity severity-${alert.severity}`}>{alert.severity}</span>{' '}
        {Math.round(alert.observed)} {alert.series === 'complaints' ? 'complaints' : 'posts'} in 5
        minutes where {alert.expected < 0.5 ? 'almost none' : `about ${Math.round(alert.expected)}`}{' '}
        were expected, since {clockTime(alert.window.from)}
        {alert.state === 'acknowledged' && alert.acknowledged?.by
          ? `; ${alert.acknowledged.by.name} is on it`
          : ''}
        {others > 0 ? ` (and ${others} more)` : ''}.
      </p>
      <span className="alert-banner-links">
        <Link to={alertHref(brand.slug, alert.id)} data-testid="alert-banner-see">
          See alert
        </Link>
        <Link
          to={windowHref(brand.slug, alert.window)}
          className="btn btn-sm btn-primary"
          data-testid="alert-banner-queue"
        >
          Open the queue filtered to this
        </Link>
      </span>
    </section>
  )
}
