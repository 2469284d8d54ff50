import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { AlertView } from '../../../../shared/schemas/alerts.js'
import { absoluteTime, clockTime, compact, displayHandle } from '../../lib/format.js'
import { Button } from '../../ui/Button.js'
import { FormError } from '../../ui/FormError.js'
import { Link } from '../../ui/Link.js'
import { useAction } from '../../ui/useAction.js'
import { multiple } from '../dashboard/chartData.js'
import { alertsApi, alertsKey } from './alertsApi.js'
import { themeHref, threadHref, windowHref } from './links.js'

const SERIES_TEXT = { volume: 'All mentions', complaints: 'Complaints' } as const
const STATE_TEXT = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' } as const

/**
 * One alert: what spiked and by how much, how sure the detector is, its window, what it is made
 * of (rising themes, most-reached complainers, each a link), who acknowledged or resolved it,
 * and the buttons for those whose role allows them (the server checks and audits).
 */
export function AlertItem({
  alert,
  brandSlug,
  canAcknowledge,
  canResolve,
}: {
  alert: AlertView
  brandSlug: string
  canAcknowledge: boolean
  canResolve: boolean
}) {
  const client = useQueryClient()
  const action = useAction()
  const [resolving, setResolving] = useState(false)
  const [note, setNote] = useState('')
  const done = () => client.invalidateQueries({ queryKey: alertsKey(alert.brandId) })

  return (
    <li
      id={`alert-${alert.id}`}
      className={`alert-item alert-item-${alert.state}`}
      data-testid="alert-item"
    >
      <div className="alert-item-head">
        <span className={`severity severity-${alert.severity}`}>{alert.severity}</span>
        <h2>
          {SERIES_TEXT[alert.series]}: {multiple(alert)} expected
        </h2>
        <span className={`alert-state alert-state-${alert.state}`}>{STATE_TEXT[alert.state]}</span>
      </div>
      <dl className="alert-facts">
        <div>
          <dt>Observed vs expected</dt>
          <dd>
            {Math.round(alert.observed)} vs {alert.expected.toFixed(1)} in 5 minutes
          </dd>
        </div>
        <div>
          <dt>Confidence</dt>
          <dd>{Math.round(alert.confidence * 100)}%</dd>
        </div>
        <div>
          <dt>Raised at</dt>
          <dd>{absoluteTime(alert.at)}</dd>
        </div>
        <div>
          <dt>Window</dt>
          <dd>
            {clockTime(alert.window.from)} – {clockTime(alert.window.to)}
          </dd>
        </div>
      </dl>
      <div className="alert-parts">
        <div>
          <h3>Rising themes inside the spike</h3>
          {alert.themes.length === 0 ? (
            <p className="muted">No theme stands out yet.</p>
          ) : (
            <ul>
              {alert.themes.map((t) => (
                <li key={t.id}>
                  <Link to={themeHref(brandSlug, t.id)}>{t.name}</Link>{' '}
                  <span className="muted">({t.count})</span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3>Most-reached complainers inside it</h3>
          {alert.complainers.length === 0 ? (
            <p className="muted">None yet.</p>
          ) : (
            <ul>
              {alert.complainers.map((c) => (
                <li key={`${c.network}-${c.authorId}`}>
                  <Link to={threadHref(brandSlug, c.complaintId)}>{displayHandle(c.handle)}</Link>{' '}
                  <span className="muted">
                    {c.network}
                    {c.followers !== null ? `, ${compact(c.followers)} followers` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {alert.acknowledged && (
        <p className="muted">
          Acknowledged by {alert.acknowledged.by?.name ?? 'a former user'} at{' '}
          {absoluteTime(alert.acknowledged.at)}.
        </p>
      )}
      {alert.resolved && (
        <p className="muted">
          Resolved by {alert.resolved.by?.name ?? 'a former user'} at{' '}
          {absoluteTime(alert.resolved.at)}
          {alert.resolved.note ? `: “${alert.resolved.note}”` : '.'}
        </p>
      )}
      <div className="alert-actions">
        <Link
          to={windowHref(brandSlug, alert.window)}
          className="btn btn-sm btn-primary"
          data-testid="alert-queue"
        >
          Open the queue filtered to this
        </Link>
        {canAcknowledge && alert.state === 'open' && (
          <Button
            size="sm"
            disabled={action.busy}
            onClick={() =>
              void action.run(async () => {
                await alertsApi.acknowledge(alert.brandId, alert.id)
                await done()
              })
            }
            data-testid="alert-acknowledge"
          >
            Acknowledge
          </Button>
        )}
        {canResolve && alert.state !== 'resolved' && !resolving && (
          <Button size="sm" variant="ghost" onClick={() => setResolving(true)}>
            Resolve…
          </Button>
        )}
      </div>
      {resolving && (
        <form
          className="alert-resolve"
          onSubmit={(e) => {
            e.preventDefault()
            void action.run(async () => {
              await alertsApi.resolve(alert.brandId, alert.id, note)
              setResolving(false)
              await done()
            })
          }}
        >
          <label>
            <span>What happened (optional, kept in the audit log)</span>
            <textarea
              className="input"
              value={note}
              maxLength={500}
              rows={2}
              onChange={(e) => setNote(e.target.value)}
            />
          </label>
          <div className="alert-actions">
            <Button type="submit" size="sm" variant="primary" disabled={action.busy}>
              Resolve alert
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setResolving(false)}>
              Cancel
            </Button>
          </div>
        </form>
      )}
      <FormError>{action.failure?.message}</FormError>
    </li>
  )
}
