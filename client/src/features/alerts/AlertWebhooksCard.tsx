import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ALERT_WEBHOOK_FORMATS } from '../../../../shared/schemas/alerts.js'
import { absoluteTime } from '../../lib/format.js'
import { toApiError } from '../../lib/http.js'
import { Button } from '../../ui/Button.js'
import { CopyField } from '../../ui/CopyField.js'
import { FormError } from '../../ui/FormError.js'
import { Notice } from '../../ui/Notice.js'
import { useAction } from '../../ui/useAction.js'
import { alertsApi, type CreatedWebhook } from './alertsApi.js'
import { AlertDeliveries } from './AlertDeliveries.js'
import './alerts.css'

const FORMAT_TEXT = {
  standard: 'Standard Webhooks (signed JSON)',
  slack: 'Slack-compatible text',
} as const
const webhooksKey = (brandId: string) => ['alert-webhooks', brandId] as const

/**
 * Where a brand's spike alerts go out (admins): the webhooks, each with its last delivery, its
 * log and a test send; a new one's signing secret is shown once, here, and never again.
 */
export function AlertWebhooksCard({ brandId }: { brandId: string }) {
  const client = useQueryClient()
  const [tested, setTested] = useState<string | null>(null)
  const list = useQuery({
    queryKey: webhooksKey(brandId),
    queryFn: ({ signal }) => alertsApi.webhooks(brandId, signal),
    // After a test send, each row's last delivery is read again until it is in.
    refetchInterval: tested ? 5_000 : false,
  })
  const [url, setUrl] = useState('')
  const [format, setFormat] = useState<(typeof ALERT_WEBHOOK_FORMATS)[number]>('standard')
  const [created, setCreated] = useState<CreatedWebhook | null>(null)
  const [log, setLog] = useState<string | null>(null)
  const action = useAction()
  const reload = () => client.invalidateQueries({ queryKey: webhooksKey(brandId) })

  return (
    <section
      className="card settings"
      aria-labelledby="alert-webhooks-title"
      data-testid="alert-webhooks"
    >
      <h2 className="card-title" id="alert-webhooks-title">
        Alert webhooks
      </h2>
      <p className="card-text">
        Spike alerts are sent to these addresses as they are raised, signed so the receiver can
        check they come from Firebreak. Failed deliveries are retried with backoff and logged.
      </p>
      {list.error && (
        <Notice tone="danger">Could not load the webhooks: {toApiError(list.error).message}</Notice>
      )}
      {created && (
        <div className="webhook-created">
          <Notice tone="success">Added. Copy the signing secret now: it is not shown again.</Notice>
          <CopyField label="Signing secret" value={created.secret} secret testId="webhook-secret" />
        </div>
      )}
      {tested && (
        <Notice tone="info">A test alert is on its way; see its delivery in the log.</Notice>
      )}
      <ul className="webhook-list">
        {(list.data ?? []).map((w) => (
          <li key={w.id} className="webhook-item" data-testid="alert-webhook">
            <div className="webhook-row">
              <code>{w.urlShown}</code>
              <span className="muted">{FORMAT_TEXT[w.format]}</span>
              <span className="muted">
                {w.lastDelivery
                  ? `Last sent ${absoluteTime(w.lastDelivery.at)}: ${w.lastDelivery.ok ? 'delivered' : `failed${w.lastDelivery.status ? ` (${w.lastDelivery.status})` : ''}`}`
                  : 'Nothing sent yet'}
              </span>
              <span className="webhook-actions">
                <Button
                  size="sm"
                  disabled={action.busy}
                  onClick={() =>
                    void action.run(async () => {
                      await alertsApi.testWebhook(brandId, w.id)
                      setTested(w.id)
                      setLog(w.id)
                    })
                  }
                >
                  Send test
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  aria-expanded={log === w.id}
                  onClick={() => setLog(log === w.id ? null : w.id)}
                >
                  Delivery log
                </Button>
                <Button
                  size="sm"
                  variant="danger"
                  disabled={action.busy}
                  onClick={() =>
                    void action.run(async () => {
                      if (!window.confirm(`Stop sending alerts to ${w.urlShown}?`)) return
                      await alertsApi.deleteWebhook(brandId, w.id)
                      await reload()
                    })
                  }
                >
                  Delete
                </Button>
              </span>
            </div>
            {log === w.id && <AlertDeliveries brandId={brandId} webhookId={w.id} />}
          </li>
        ))}
      </ul>
      <form
        className="webhook-form"
        onSubmit={(e) => {
          e.preventDefault()
          void action.run(async () => {
            setCreated(await alertsApi.addWebhook(brandId, { url, format }))
            setUrl('')
            await reload()
          })
        }}
      >
        <label>
          <span>Address</span>
          <input
            className="input input-md"
            type="url"
            required
            placeholder="https://hooks.example.com/firebreak"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            data-testid="webhook-url"
          />
        </label>
        <label>
          <span>Format</span>
          <select
            className="input select"
            value={format}
            onChange={(e) => setFormat(e.target.value as (typeof ALERT_WEBHOOK_FORMATS)[number])}
          >
            {ALERT_WEBHOOK_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_TEXT[f]}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" variant="primary" disabled={action.busy || !url}>
          Add webhook
        </Button>
      </form>
      <FormError>{action.failure?.message}</FormError>
    </section>
  )
}
