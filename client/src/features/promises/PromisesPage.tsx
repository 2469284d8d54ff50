import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import {
  PROMISE_STATE_TEXT,
  PROMISE_STATES,
  type PromiseState,
} from '../../../../shared/promises.js'
import { can } from '../../../../shared/roles.js'
import { useTeamEvent } from '../../lib/brandSocket.js'
import { toApiError } from '../../lib/http.js'
import { useLocation } from '../../lib/router.js'
import { ErrorPanel } from '../../ui/ErrorPanel.js'
import { FilterBar, FilterSelect, filterBy } from '../../ui/FilterBar.js'
import { PageHeader } from '../../ui/PageHeader.js'
import { SkeletonRows } from '../../ui/Skeleton.js'
import { inboxApi } from '../inbox/inboxApi.js'
import { AppShell, type BrandPageProps } from '../shell/AppShell.js'
import { PromiseItem } from './PromiseItem.js'
import { promisesApi, promisesKey } from './promisesApi.js'
import './promises.css'

const isState = (v: string | null): v is PromiseState =>
  (PROMISE_STATES as readonly string[]).includes(v ?? '')

/**
 * Every promise made in the brand's replies, by state (overdue first), filterable by state and
 * owner in the address bar; each links to its thread, and the team marks them kept or broken.
 * Live: a promise made, reminded, overdue, kept or broken anywhere refreshes the list.
 */
export function PromisesPage({ user, brand, switcher }: BrandPageProps) {
  const client = useQueryClient()
  const { search } = useLocation()
  const state = isState(search.get('state')) ? (search.get('state') as PromiseState) : undefined
  const ownerId = search.get('owner') ?? undefined
  const list = useQuery({
    queryKey: [...promisesKey(brand.id), { state, ownerId }],
    queryFn: ({ signal }) => promisesApi.list(brand.id, { state, ownerId }, signal),
    // Due soon and overdue move with time, not only with events.
    refetchInterval: 60_000,
  })
  const triagers = useQuery({
    queryKey: ['triagers', brand.id],
    queryFn: ({ signal }) => inboxApi.triagers(brand.id, signal),
  })
  const refresh = useCallback(
    () => void client.invalidateQueries({ queryKey: promisesKey(brand.id) }),
    [client, brand.id],
  )
  useTeamEvent('promise.changed', refresh)

  const now = list.data ? Date.parse(list.data.asOf) : 0
  const groups = PROMISE_STATES.filter((s) => !state || s === state).map((s) => ({
    state: s,
    items: list.data?.data.filter((p) => p.state === s) ?? [],
  }))
  const owners = triagers.data ?? []

  return (
    <AppShell user={user} brand={switcher}>
      <PageHeader title="Promises">
        What replies promised, who keeps each promise and by when. Overdue ones raise their thread
        and tell the advisers.
      </PageHeader>
      <FilterBar label="Filter promises">
        <FilterSelect
          label="State"
          value={state}
          all="All states"
          options={PROMISE_STATES}
          optionLabel={(s) => PROMISE_STATE_TEXT[s]}
          onChange={(v) => filterBy({ state: v || null })}
          testId="promises-state"
        />
        <FilterSelect
          label="Owner"
          value={ownerId}
          all="Everyone"
          options={owners.map((o) => o.id)}
          optionLabel={(id) =>
            id === user.id ? 'Me' : (owners.find((o) => o.id === id)?.name ?? id)
          }
          onChange={(v) => filterBy({ owner: v || null })}
          testId="promises-owner"
        />
      </FilterBar>
      {list.isPending && <SkeletonRows />}
      {list.error && (
        <ErrorPanel
          title="Could not load the promises"
          error={toApiError(list.error)}
          onRetry={() => void list.refetch()}
        />
      )}
      {list.data && (
        <div className="promise-groups" data-testid="promises">
          {list.data.data.length === 0 && (
            <p className="promise-empty">
              {state || ownerId
                ? 'No promises match these filters.'
                : 'No promises yet. When a reply commits to something with a date, the composer offers to track it.'}
            </p>
          )}
          {groups
            .filter((g) => g.items.length > 0)
            .map((g) => (
              <section
                key={g.state}
                className="promise-group"
                aria-labelledby={`promises-${g.state}`}
                data-testid={`promises-${g.state}`}
              >
                <h2 id={`promises-${g.state}`}>
                  {PROMISE_STATE_TEXT[g.state]}{' '}
                  <span className="promise-group-count">({g.items.length})</span>
                </h2>
                <ul className="promise-list">
                  {g.items.map((p) => (
                    <PromiseItem
                      key={p.id}
                      promise={p}
                      brandSlug={brand.slug}
                      canWrite={can(user.role, 'promise.write')}
                      now={now}
                      onChanged={refresh}
                    />
                  ))}
                </ul>
              </section>
            ))}
        </div>
      )}
    </AppShell>
  )
}
