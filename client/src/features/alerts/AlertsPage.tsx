import { can } from '../../../../shared/roles.js'
import { toApiError } from '../../lib/http.js'
import { useLocation } from '../../lib/router.js'
import { ErrorPanel } from '../../ui/ErrorPanel.js'
import { FilterBar, FilterSelect, filterBy } from '../../ui/FilterBar.js'
import { PageHeader } from '../../ui/PageHeader.js'
import { SkeletonRows } from '../../ui/Skeleton.js'
import { AppShell, type BrandPageProps } from '../shell/AppShell.js'
import type { AlertFilter } from './alertsApi.js'
import { AlertItem } from './AlertItem.js'
import { useAlerts } from './useAlerts.js'
import './alerts.css'

const FILTERS = ['all'] as const

/** A brand's spike alerts, active ones by default (`?state=all` for every one), live. */
export function AlertsPage({ user, brand, switcher }: BrandPageProps) {
  const { search } = useLocation()
  const filter: AlertFilter = search.get('state') === 'all' ? 'all' : 'active'
  const alerts = useAlerts(brand.id, filter)
  return (
    <AppShell user={user} brand={switcher}>
      <PageHeader title="Alerts">
        Firebreak watches mentions and complaints in 5-minute buckets and raises an alert when they
        rise well above what the time of day and week would lead it to expect.
      </PageHeader>
      <FilterBar label="Filter alerts">
        <FilterSelect
          label="Show"
          value={filter === 'all' ? 'all' : undefined}
          all="Active (open or acknowledged)"
          options={FILTERS}
          optionLabel={() => 'All, resolved too'}
          onChange={(v) => filterBy({ state: v || null })}
          testId="alerts-filter"
        />
      </FilterBar>
      {alerts.isPending && <SkeletonRows />}
      {alerts.error && (
        <ErrorPanel
          title="Could not load the alerts"
          error={toApiError(alerts.error)}
          onRetry={() => void alerts.refetch()}
        />
      )}
      {alerts.data && alerts.data.length === 0 && (
        <p className="alerts-empty">
          {filter === 'active'
            ? 'No active alerts: volume is where the detector expects it.'
            : 'No alerts yet.'}
        </p>
      )}
      {alerts.data && alerts.data.length > 0 && (
        <ul className="alert-list" data-testid="alerts">
          {alerts.data.map((a) => (
            <AlertItem
              key={a.id}
              alert={a}
              brandSlug={brand.slug}
              canAcknowledge={can(user.role, 'alert.acknowledge')}
              canResolve={can(user.role, 'alert.manage')}
            />
          ))}
        </ul>
      )}
    </AppShell>
  )
}
