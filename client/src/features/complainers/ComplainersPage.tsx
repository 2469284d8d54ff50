import { useRef, useState } from 'react'
import { flushSync } from 'react-dom'
import { can } from '../../../../shared/roles.js'
import { ordinal } from '../../../../shared/scoring/reach.js'
import { api } from '../../lib/api.js'
import { clip, displayHandle } from '../../lib/format.js'
import { useResource } from '../../lib/useResource.js'
import { Button } from '../../ui/Button.js'
import { ListCard } from '../../ui/ListCard.js'
import { Notice } from '../../ui/Notice.js'
import { PageHeader } from '../../ui/PageHeader.js'
import { useAction } from '../../ui/useAction.js'
import { AppShell, type BrandPageProps } from '../shell/AppShell.js'
import { ComplainerAside } from './ComplainerAside.js'
import { ComplainerDetailPanel } from './ComplainerDetailPanel.js'
import '../../ui/card.css'
import '../scoring/scoring.css'
import './complainers.css'

const WINDOWS = [1, 7, 30, 90] as const
const COLUMNS = [
  'Who',
  'Accounts',
  { label: 'Complaints', className: 'num' },
  { label: 'Impact', className: 'num' },
]

/**
 * Complainers ranked by complaint impact over a window, with each one's history; advisers
 * link one person's accounts across networks (audited, reversible).
 */
export function ComplainersPage({ user, brand, switcher }: BrandPageProps) {
  const [days, setDays] = useState<number>(7)
  const [version, setVersion] = useState(0)
  const [selected, setSelected] = useState<Set<number>>(new Set())
  const [openKey, setOpenKey] = useState<string | null>(null)
  const linking = useAction()
  const canLink = can(user.role, 'complainer.link')
  const list = useResource((s) => api.complainers(brand.id, days, s), `${days}#${version}`)
  const detail = useResource(
    (s) => (openKey ? api.complainer(brand.id, openKey, s) : Promise.resolve(null)),
    `${openKey}#${version}`,
  )
  const changed = () => setVersion((v) => v + 1)
  // The row's button that opened the detail, for focus to go back to when it closes.
  const opener = useRef<HTMLElement | null>(null)
  const open = (key: string, button: HTMLElement) => {
    opener.current = button
    setOpenKey(key)
  }
  const close = () => {
    const key = openKey
    // Gone before focus moves: a page that shrinks after would scroll the row out of view.
    flushSync(() => setOpenKey(null))
    // A reload may have rendered the row anew: then its button is found by the key.
    const back = opener.current?.isConnected
      ? opener.current
      : document.querySelector<HTMLElement>(`[data-complainer-key="${key}"]`)
    // Centred by hand: the browser's own scroll on focus would leave it under the sticky header.
    back?.focus({ preventScroll: true })
    back?.scrollIntoView({ block: 'center', inline: 'nearest' })
  }
  const shown = detail.state.data?.complainer.key === openKey ? detail.state.data : null
  const openName =
    shown?.complainer.name ?? list.state.data?.find((c) => c.key === openKey)?.name ?? 'Complainer'

  const link = () =>
    void linking.run(async () => {
      const { key } = await api.linkAccounts({ authorIds: [...selected] })
      setSelected(new Set())
      setOpenKey(key)
      changed()
    })

  return (
    <AppShell user={user} brand={switcher}>
      <PageHeader
        title="Complainers"
        actions={
          <label>
            Window{' '}
            <select
              className="input select select-sm"
              value={days}
              onChange={(e) => setDays(Number(e.target.value))}
              data-testid="complainers-window"
            >
              {WINDOWS.map((d) => (
                <option key={d} value={d}>
                  last {d === 1 ? '24 hours' : `${d} days`}
                </option>
              ))}
            </select>
          </label>
        }
      >
        People ranked by complaint impact: the sum of their complaints&rsquo; priorities (without
        waiting time) in the window. Reach is a percentile within each network.
      </PageHeader>
      {linking.failure && <Notice tone="danger">{linking.failure.message}</Notice>}
      {canLink && selected.size >= 2 && (
        <Notice
          tone="info"
          actions={
            <Button
              size="sm"
              variant="primary"
              onClick={link}
              disabled={linking.busy}
              data-testid="link-accounts"
            >
              Link as one person
            </Button>
          }
        >
          {selected.size} accounts selected.
        </Notice>
      )}
      <div className={openKey ? 'complainers-layout has-aside' : 'complainers-layout'}>
        <ListCard
          list={list}
          what="complainers"
          columns={canLink ? ['Link', ...COLUMNS] : COLUMNS}
          testId="complainers-table"
          stack
        >
          {(c) => (
            <tr key={c.key} data-testid="complainer-row">
              {canLink && (
                <td data-label="Link">
                  {c.accounts.map((a) => (
                    <input
                      key={a.authorId}
                      type="checkbox"
                      aria-label={`Select ${a.handle}`}
                      checked={selected.has(a.authorId)}
                      onChange={(e) =>
                        setSelected((s) => {
                          const next = new Set(s)
                          if (e.target.checked) next.add(a.authorId)
                          else next.delete(a.authorId)
                          return next
                        })
                      }
                    />
                  ))}
                </td>
              )}
              <td>
                <button
                  type="button"
                  className="link-btn"
                  onClick={(e) => open(c.key, e.currentTarget)}
                  aria-expanded={openKey === c.key}
                  aria-controls={openKey === c.key ? 'complainer-detail' : undefined}
                  data-complainer-key={c.key}
                >
                  <bdi>{clip(c.name, 80)}</bdi>
                </button>
                {c.personId && <span className="tag">linked</span>}
              </td>
              <td data-label="Accounts">
                {c.accounts.map((a) => (
                  <span key={a.authorId} className="account">
                    <bdi>{displayHandle(a.handle)}</bdi>{' '}
                    <span className="muted">
                      {a.network}
                      {a.verified && ' · verified'}
                      {a.reach !== null && ` · ${ordinal(Math.round(a.reach * 100))} pct`}
                    </span>
                  </span>
                ))}
              </td>
              <td className="num" data-label="Complaints">
                {c.complaints}
              </td>
              <td className="num" data-label="Impact">
                {c.impact.toFixed(1)}
              </td>
            </tr>
          )}
        </ListCard>
        {openKey && (
          <ComplainerAside openKey={openKey} name={openName} onClose={close}>
            {shown ? (
              <ComplainerDetailPanel
                detail={shown}
                canLink={canLink}
                onChanged={changed}
                promisesOf={can(user.role, 'promise.read') ? brand : undefined}
              />
            ) : detail.state.status === 'error' ? (
              <Notice tone="danger">{detail.state.error.message}</Notice>
            ) : (
              <p className="muted" aria-busy="true">
                Loading…
              </p>
            )}
          </ComplainerAside>
        )}
      </div>
    </AppShell>
  )
}
