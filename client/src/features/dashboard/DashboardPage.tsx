import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import { can } from '../../../../shared/roles.js'
import { absoluteTime } from '../../lib/format.js'
import { toApiError } from '../../lib/http.js'
import { Button } from '../../ui/Button.js'
import { ErrorPanel } from '../../ui/ErrorPanel.js'
import { PageHeader } from '../../ui/PageHeader.js'
import { SkeletonRows } from '../../ui/Skeleton.js'
import { useAlerts } from '../alerts/useAlerts.js'
import { AnnouncementsCard } from '../announcements/AnnouncementsCard.js'
import { announcementsApi, announcementsKey } from '../announcements/announcementsApi.js'
import { AppShell, type BrandPageProps } from '../shell/AppShell.js'
import { TrendCharts } from './TrendCharts.js'
import { dashboardApi, dashboardKey, exportHref } from './dashboardApi.js'
import { rangeKey, useDashboardRange } from './dashboardRange.js'
import { Headline, PrintHeader, SectionErrors } from './DashboardParts.js'
import { KpiCards } from './KpiCards.js'
import { RangePicker } from './RangePicker.js'
import { TopComplainers } from './TopComplainers.js'
import { TopThemes } from './TopThemes.js'
import { useLiveRefresh } from './useLiveRefresh.js'
import './dashboard.css'
import './print.css'

/** Read again on this timer too: a quiet brand's "last 24 hours" still moves. */
const REFRESH_MS = 60_000

/** One of the dashboard's reads of the range; the last answer stays on screen while the next loads. */
function useRangeQuery<T>(
  key: readonly unknown[],
  what: string,
  load: (signal: AbortSignal) => Promise<T>,
) {
  return useQuery({
    queryKey: [...key, what],
    queryFn: ({ signal }) => load(signal),
    refetchInterval: REFRESH_MS,
    placeholderData: (previous) => previous,
  })
}

/**
 * Leadership's view of a brand: how big the backlash is and where it is going, what people are
 * angry about, who with reach is angry, whether we answer them, and what changed when we spoke.
 * Live: the brand's pushes refresh it (at most every 5 seconds), and a timer besides.
 */
export function DashboardPage({ user, brand, switcher }: BrandPageProps) {
  const range = useDashboardRange()
  const key = [...dashboardKey(brand.id), rangeKey(range)]
  const trends = useRangeQuery(key, 'trends', (s) => dashboardApi.trends(brand.id, range, s))
  const kpis = useRangeQuery(key, 'kpis', (s) => dashboardApi.kpis(brand.id, range, s))
  const themes = useRangeQuery(key, 'themes', (s) => dashboardApi.themes(brand.id, range, s))
  const complainers = useRangeQuery(key, 'complainers', (s) =>
    dashboardApi.complainers(brand.id, range, s),
  )
  const announcements = useQuery({
    queryKey: announcementsKey(brand.id),
    queryFn: ({ signal }) => announcementsApi.list(brand.id, signal),
    refetchInterval: REFRESH_MS,
  })
  const alerts = useAlerts(brand.id, 'all')

  const client = useQueryClient()
  const refresh = useCallback(
    () => void client.invalidateQueries({ queryKey: dashboardKey(brand.id) }),
    [client, brand.id],
  )
  useLiveRefresh(refresh)

  return (
    <AppShell user={user} brand={switcher}>
      <PrintHeader brandName={brand.name} trends={trends.data} range={range} />
      <PageHeader
        title="Dashboard"
        actions={
          <span className="dash-actions no-print">
            <a
              className="btn btn-sm btn-secondary"
              href={exportHref(brand.id, 'rollups', range)}
              download
            >
              Rollups CSV
            </a>
            <a
              className="btn btn-sm btn-secondary"
              href={exportHref(brand.id, 'complaints', range)}
              download
            >
              Complaints CSV
            </a>
            <Button
              size="sm"
              variant="primary"
              onClick={() => window.print()}
              data-testid="dash-print"
            >
              Print report
            </Button>
          </span>
        }
      >
        {brand.name}: how big it is, where it is going, what people are angry about, and how we
        answer.
      </PageHeader>
      <RangePicker key={rangeKey(range)} range={range} />
      {trends.error && !trends.data && (
        <ErrorPanel
          title="Could not load the trends"
          error={toApiError(trends.error)}
          onRetry={() => void trends.refetch()}
        />
      )}
      {trends.isPending && <SkeletonRows count={6} />}
      {trends.data && (
        <SectionErrors
          failed={[
            ['the response figures', kpis.error],
            ['the themes', themes.error],
            ['the top complainers', complainers.error],
            ['the announcements', announcements.error],
          ]}
        />
      )}
      {trends.data && (
        <div className="dash-grid" data-testid="dashboard">
          <Headline trends={trends.data} />
          <TrendCharts
            trends={trends.data}
            announcements={announcements.data ?? []}
            alerts={alerts.data ?? []}
          />
          {kpis.data && <KpiCards view={kpis.data} />}
          {themes.data && <TopThemes list={themes.data} brandSlug={brand.slug} />}
          {complainers.data && (
            <TopComplainers complainers={complainers.data} brandSlug={brand.slug} />
          )}
          {announcements.data && (
            <AnnouncementsCard
              brandId={brand.id}
              announcements={announcements.data}
              canManage={can(user.role, 'announcement.manage')}
            />
          )}
          <p className="dash-asof">Figures as of {absoluteTime(trends.data.asOf)}.</p>
        </div>
      )}
    </AppShell>
  )
}
