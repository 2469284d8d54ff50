import { useEffect, useState } from 'react'
import { can } from '../../../../shared/roles.js'
import type { SourceView } from '../../../../shared/schemas/sources.js'
import { api } from '../../lib/api.js'
import { upsertById } from '../../lib/upsert.js'
import { useResource } from '../../lib/useResource.js'
import { Button } from '../../ui/Button.js'
import { PlusIcon } from '../../ui/icons.js'
import { ListCard } from '../../ui/ListCard.js'
import { PageHeader } from '../../ui/PageHeader.js'
import { Panel } from '../../ui/Panel.js'
import { AppShell, type BrandPageProps } from '../shell/AppShell.js'
import { useLocation } from '../../lib/router.js'
import { FirstStartGuide } from './FirstStartGuide.js'
import { NewSource } from './NewSource.js'
import { SourceItem } from './SourceItem.js'
import '../../ui/badges.css'
import './sources.css'

/** How often health is read again while the page is open. */
const HEALTH_REFRESH_MS = 10_000
/** During a first start the admin waits for the first posts: read more often. */
const FIRST_START_REFRESH_MS = 3_000

/** A brand's sources: their health, and for admins adding, changing, pausing and testing them. */
export function SourcesPage({ user, brand, switcher }: BrandPageProps) {
  const { state, reload, update } = useResource(
    (signal) => api.sources(brand.id, signal),
    `sources:${brand.id}`,
  )
  const manage = can(user.role, 'source.manage')
  // A first start (the new-brand form sends admins here) opens the form and guides them.
  const first = useLocation().search.get('first') === '1' && manage
  const [creating, setCreating] = useState(first)
  const put = (changed: SourceView) => update((list) => upsertById(list, changed))
  useHealthRefresh(brand.id, update, first ? FIRST_START_REFRESH_MS : HEALTH_REFRESH_MS)

  return (
    <AppShell user={user} brand={switcher}>
      <PageHeader
        title="Sources"
        actions={
          manage &&
          !creating && (
            <Button variant="primary" onClick={() => setCreating(true)} data-testid="source-new">
              <PlusIcon />
              New source
            </Button>
          )
        }
      >
        Where posts about <strong>{brand.name}</strong> come from, and how each is doing.
        Credentials go in and never come back out: they can be replaced, not read.
      </PageHeader>

      {first && (
        <FirstStartGuide brand={brand} sources={state.status === 'ready' ? state.data : null} />
      )}
      {creating && <NewSource brand={brand} onCreated={put} onClose={() => setCreating(false)} />}

      <ListCard
        list={{ state, reload }}
        what="sources"
        empty={
          <Panel title="No sources yet">
            <p>
              Add a source on a network (Bluesky, Mastodon, Hacker News, Reddit, X, a feed), a
              webhook to receive signed posts from a listening tool, or import a file with{' '}
              <code>npm run import</code>.
            </p>
          </Panel>
        }
      >
        {(s) => <SourceItem key={s.id} source={s} manage={manage} onSaved={put} />}
      </ListCard>
    </AppShell>
  )
}

/**
 * Reads the list again every few seconds while the tab is visible and replaces it in place:
 * health changes without the list dimming or blinking (a failed read keeps what is shown).
 */
function useHealthRefresh(
  brandId: string,
  update: (fn: (list: SourceView[]) => SourceView[]) => void,
  everyMs: number,
) {
  useEffect(() => {
    const controller = new AbortController()
    const timer = window.setInterval(() => {
      if (document.hidden) return
      api.sources(brandId, controller.signal).then(
        (fresh) => update(() => fresh),
        () => undefined,
      )
    }, everyMs)
    return () => {
      controller.abort()
      window.clearInterval(timer)
    }
  }, [brandId, update, everyMs])
}
