import { useState } from 'react'
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
import { ComplainerDetailPanel } from './ComplainerDetailPanel.js'
import '../../ui/card.css'
import '../scoring/scoring.css'

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
      <ListCard
        list={list}
        what="complainers"
        columns={canLink ? ['Link', ...COLUMNS] : COLUMNS}
        testId="complainers-table"
      >
        {(c) => (
          <tr key={c.key} data-testid="complainer-row">
            {canLink && (
              <td>
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
              <button type="button" className="link-btn" onClick={() => setOpenKey(c.key)}>
                <bdi>{clip(c.name, 80)}</bdi>
              </button>
              {c.personId && <span className="tag">linked</span>}
            </td>
            <td>
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
            <td className="num">{c.complaints}</td>
            <td className="num">{c.impact.toFixed(1)}</td>
          </tr>
        )}
      </ListCard>
      {detail.state.data && (
        <ComplainerDetailPanel detail={detail.state.data} canLink={canLink} onChanged={changed} />
      )}
    </AppShell>
  )
}
