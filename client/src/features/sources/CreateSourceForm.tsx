import { useState, type ReactNode } from 'react'
import type { BrandView } from '../../../../shared/schemas/brands.js'
import { CreateWebhookSourceBody, type SourceView } from '../../../../shared/schemas/sources.js'
import { api, type CreatedSource } from '../../lib/api.js'
import { Button } from '../../ui/Button.js'
import { CopyField } from '../../ui/CopyField.js'
import { Field } from '../../ui/Field.js'
import { FormActions } from '../../ui/FormActions.js'
import { FormError } from '../../ui/FormError.js'
import { AlertIcon, CheckIcon } from '../../ui/icons.js'
import { useForm } from '../../ui/useForm.js'
import '../../ui/card.css'
import './sources.css'

const FIELDS = ['name', 'secret'] as const

/** Creates a webhook source; a secret Firebreak generates is shown once, with the URL. */
export function CreateSourceForm({
  brand,
  picker,
  onCreated,
  onClose,
}: {
  brand: BrandView
  /** The choice of network, shown above the form (webhook is one of them). */
  picker?: ReactNode
  onCreated: (source: SourceView) => void
  onClose: () => void
}) {
  const [name, setName] = useState('')
  const [own, setOwn] = useState(false)
  const [secret, setSecret] = useState('')
  const [created, setCreated] = useState<CreatedSource | null>(null)
  const form = useForm({
    schema: CreateWebhookSourceBody,
    value: own ? { name, secret: secret.trim() } : { name },
    fields: FIELDS,
    send: (body) => api.createWebhookSource(brand.id, body),
    onSent: (result) => {
      setCreated(result)
      onCreated(result.data)
      setSecret('')
    },
  })

  if (created) {
    return (
      <section className="card card-success" aria-labelledby="source-created">
        <h2 className="card-title" id="source-created">
          <CheckIcon size={16} /> Webhook source “{created.data.name}” created
        </h2>
        <p className="card-text">
          Point the producer at this URL. It signs every delivery with the secret (Standard
          Webhooks: <code>webhook-id</code>, <code>webhook-timestamp</code>,{' '}
          <code>webhook-signature</code> headers).
        </p>
        {created.data.webhookUrl && (
          <CopyField label="Webhook URL" value={created.data.webhookUrl} testId="source-url" />
        )}
        {created.secret ? (
          <>
            <CopyField
              label="Signing secret"
              value={created.secret}
              secret
              testId="source-secret"
            />
            <p className="callout-warn">
              <AlertIcon /> Copy the secret now: it will not be shown again. Firebreak stores it
              sealed and never returns it; if it is lost, rotate it.
            </p>
          </>
        ) : (
          <p className="card-text">Your secret is stored sealed; Firebreak never shows it back.</p>
        )}
        <div className="card-actions">
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        </div>
      </section>
    )
  }

  return (
    <section className="card" aria-labelledby="source-new">
      <h2 className="card-title" id="source-new">
        New source for {brand.name}
      </h2>
      {picker}
      <form className="form" onSubmit={form.onSubmit} noValidate>
        <FormError>{form.formError}</FormError>
        <Field
          label="Name"
          error={form.errors.name}
          hint="Who sends: “Zendesk export”, “Brandwatch”…"
        >
          {(control) => (
            <input
              {...control}
              className="input input-md"
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={200}
              autoComplete="off"
              autoFocus
              data-testid="source-name"
            />
          )}
        </Field>
        <fieldset className="choice">
          <legend className="field-label">Signing secret</legend>
          <label className="choice-item">
            <input type="radio" name="secret-mode" checked={!own} onChange={() => setOwn(false)} />
            <span>
              <strong>Generate a new secret</strong>
              <span className="choice-hint">Shown once after creating, for the producer.</span>
            </span>
          </label>
          <label className="choice-item">
            <input type="radio" name="secret-mode" checked={own} onChange={() => setOwn(true)} />
            <span>
              <strong>Use the producer&apos;s existing secret</strong>
              <span className="choice-hint">Paste it; it is stored and never shown back.</span>
            </span>
          </label>
        </fieldset>
        {own && (
          <Field
            label="Existing secret"
            error={form.errors.secret}
            hint="whsec_ followed by base64"
          >
            {(control) => (
              <input
                {...control}
                className="input input-md mono"
                value={secret}
                onChange={(e) => setSecret(e.target.value)}
                autoComplete="off"
                spellCheck={false}
                placeholder="whsec_…"
              />
            )}
          </Field>
        )}
        <FormActions
          busy={form.busy}
          submit="Create source"
          busyText="Creating…"
          testId="source-submit"
          onCancel={onClose}
        />
      </form>
    </section>
  )
}
