import { useCallback, useDeferredValue, useMemo, useState } from 'react'
import { can } from '../../../../shared/roles.js'
import type { Network } from '../../lib/format.js'
import { Button } from '../../ui/Button.js'
import { ErrorPanel } from '../../ui/ErrorPanel.js'
import { Notice } from '../../ui/Notice.js'
import { Panel } from '../../ui/Panel.js'
import { SkeletonRows } from '../../ui/Skeleton.js'
import { ScoringAnnouncement } from '../scoring/ScoringAnnouncement.js'
import { ListeningNote } from '../brands/ListeningNote.js'
import { AppShell, type BrandPageProps } from '../shell/AppShell.js'
import { Announcer } from './Announcer.js'
import { ComplaintList } from './ComplaintList.js'
import { ConnectionStatus } from './ConnectionStatus.js'
import { FeedStats } from './FeedStats.js'
import { FeedToolbar } from './FeedToolbar.js'
import { filterRows, networkOptions } from './filters.js'
import type { HoldReason } from './feedStore.js'
import { useComplaintFeed } from './useComplaintFeed.js'
import './ComplaintConsole.css'

/** The console of one brand: header, filters, and the live ranked list. */
export function ComplaintConsole({ user, brand, switcher }: BrandPageProps) {
  const { feed, store } = useComplaintFeed(brand.id)
  const [query, setQuery] = useState('')
  const [networkKey, setNetworkKey] = useState<Network['key'] | null>(null)
  const deferredQuery = useDeferredValue(query)

  const networks = useMemo(() => networkOptions(feed.rows), [feed.rows])
  const visible = useMemo(
    () => filterRows(feed.rows, deferredQuery, networkKey),
    [feed.rows, deferredQuery, networkKey],
  )
  const onHold = useCallback(
    (reason: HoldReason, on: boolean, releaseAfterMs?: number) =>
      store.setHold(reason, on, releaseAfterMs),
    [store],
  )
  const filtered = deferredQuery.trim() !== '' || networkKey !== null

  return (
    <AppShell
      user={user}
      brand={switcher}
      status={
        <>
          <FeedStats
            total={feed.total}
            eventsPerMinute={feed.eventsPerMinute}
            lastSeq={feed.lastSeq}
          />
          <ConnectionStatus connection={feed.connection} lastUpdateAt={feed.lastUpdateAt} />
          <ListeningNote brandId={brand.id} canReplay={can(user.role, 'source.manage')} />
        </>
      }
    >
      <h1 className="visually-hidden">Open complaints about {brand.name}, by priority</h1>
      <FeedToolbar
        query={query}
        onQuery={setQuery}
        networks={networks}
        networkKey={networkKey}
        onNetwork={setNetworkKey}
        total={feed.rows.length}
        shown={visible.length}
        ready={feed.phase === 'ready'}
        holds={feed.holds}
        pendingNew={feed.pendingNew}
        pendingMoved={feed.pendingMoved}
        onPause={(paused) => store.setHold('paused', paused)}
        onApply={store.applyRanking}
      />

      <ScoringAnnouncement
        scoring={feed.scoring}
        brandSlug={brand.slug}
        onDismiss={store.dismissScoring}
      />

      {feed.syncError && feed.phase === 'ready' && (
        <Notice
          tone="warn"
          actions={
            <Button size="sm" variant="ghost" onClick={store.retry}>
              Retry now
            </Button>
          }
        >
          Sync is behind: {feed.syncError.message} Retrying automatically; shown data may be out of
          date.
        </Notice>
      )}

      {feed.phase === 'loading' && (
        <div aria-busy="true" aria-label="Loading complaints">
          <SkeletonRows />
        </div>
      )}

      {feed.phase === 'error' && feed.error && (
        <ErrorPanel title="Could not load complaints" error={feed.error} onRetry={store.retry} />
      )}

      {feed.phase === 'ready' && feed.rows.length === 0 && (
        <Panel icon={<span className="listening" aria-hidden="true" />} title="Listening…">
          <p>Complaints about {brand.name} appear here as they are scored.</p>
        </Panel>
      )}

      {feed.phase === 'ready' && feed.rows.length > 0 && visible.length === 0 && filtered && (
        <Panel
          title="No loaded complaint matches"
          actions={
            <Button
              onClick={() => {
                setQuery('')
                setNetworkKey(null)
              }}
            >
              Clear filters
            </Button>
          }
        >
          <p>The filter searches the {feed.rows.length} complaints in view.</p>
        </Panel>
      )}

      {feed.phase === 'ready' && visible.length > 0 && (
        <ComplaintList
          rows={visible}
          changes={feed.changes}
          orderVersion={feed.orderVersion}
          onHold={onHold}
          label={`Complaints about ${brand.name}, highest priority first`}
          canPick={can(user.role, 'thread.pick')}
          onPickChanged={store.sync}
        />
      )}

      <Announcer alerts={feed.highAlerts} />
    </AppShell>
  )
}
