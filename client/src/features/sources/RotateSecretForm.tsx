import { useState } from 'react'
import type { Issue } from '../../../../shared/errors.js'
import { UpdateSourceCredentialsBody, type SourceView } from '../../../../shared/schemas/sources.js'
import { api } from '../../lib/api.js'
import { friendly, type FieldErrors } from '../../lib/issues.js'
import { Button } from '../../ui/Button.js'
import { CopyField } from '../../ui/CopyField.js'
import { Field } from '../../ui/Field.js'
import { FormActions } from '../../ui/FormActions.js'
import { FormError } from '../../ui/FormError.js'
import { AlertIcon, CheckIcon, KeyIcon } from '../../ui/icons.js'
import { useForm } from '../../ui/useForm.js'
import { generateWebhookSecret } from './secrets.js'
import './sources.css'

/**
 * Replaces a webhook source's secrets (write-only: stored secrets are never shown). The new
 * secret comes first; previous ones pasted below stay accepted while producers switch over.
 */
export function RotateSecretForm({
  source,
  onSaved,
  onClose,
}: {
  source: SourceView
  onSaved: (source: SourceView) => void
  onClose: () => void
}) {
  const [secret, setSecret] = useState('')
  const [previous, setPrevious] = useState('')
  const [saved, setSaved] = useState<{ secret: string; kept: number } | null>(null)
  const kept = previous
    .split(/\s+/)
    .map((s) => s.trim())
    .filter(Boolean)

  // The body is one list (`webhookSecrets.N`): its first item is the new secret, the rest are
  // the previous ones pasted below.
  const byField = (issues: readonly Issue[]) => {
    const errors: FieldErrors = {}
    for (const issue of issues) {
      const index = Number(issue.path.split('.')[1])
      if (issue.path.split('.')[1] === undefined) errors.previous ??= friendly(issue.message)
      else if (index === 0) errors.secret ??= secret.trim() ? friendly(issue.message) : 'Required'
      else errors.previous ??= `Secret ${index}: ${friendly(issue.message)}`
    }
    return errors
  }

  const form = useForm({
    schema: UpdateSourceCredentialsBody,
    value: { webhookSecrets: [secret.trim(), ...kept] },
    fields: byField,
    send: (body) => api.setSourceCredentials(source.id, body),
    onSent: (updated) => {
      onSaved(updated)
      setSaved({ secret: secret.trim(), kept: kept.length })
      setSecret('')
      setPrevious('')
    },
  })

  if (saved) {
    return (
      <div className="rotate rotate-done" role="status">
        <p className="rotate-title">
          <CheckIcon /> Secret replaced
          {saved.kept > 0 && ` (and ${saved.kept} previous kept for the switch-over)`}.
        </p>
        <CopyField label="New signing secret" value={saved.secret} secret />
        <p className="callout-warn">
          <AlertIcon /> Give it to the producer now: it will not be shown again.
        </p>
        <Button size="sm" onClick={onClose}>
          Done
        </Button>
      </div>
    )
  }

  return (
    <form className="rotate form" onSubmit={form.onSubmit} noValidate>
      <p className="rotate-title">
        <KeyIcon /> Rotate the signing secret
      </p>
      <p className="field-hint">
        Saving replaces every secret this source accepts. Stored secrets are never shown: to keep
        accepting the current one while the producer switches, paste it below.
      </p>
      <FormError>{form.formError}</FormError>
      <Field label="New secret" error={form.errors.secret}>
        {(control) => (
          <div className="input-row">
            <input
              {...control}
              className="input mono"
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              placeholder="whsec_…"
              data-testid="rotate-secret"
            />
            <Button onClick={() => setSecret(generateWebhookSecret())}>Generate</Button>
          </div>
        )}
      </Field>
      <Field
        label="Also accept, for the switch-over"
        optional
        error={form.errors.previous}
        hint="Up to 4 previous secrets, one per line. Leave empty to accept only the new one."
      >
        {(control) => (
          <textarea
            {...control}
            className="input textarea mono"
            rows={2}
            value={previous}
            onChange={(e) => setPrevious(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      <FormActions
        busy={form.busy}
        submit="Replace secrets"
        busyText="Saving…"
        testId="rotate-submit"
        onCancel={onClose}
        size="sm"
      />
    </form>
  )
}
