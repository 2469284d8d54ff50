import { useState, type FormEvent } from 'react'
import { UpdateSourceCredentialsBody, type SourceView } from '../../../../shared/schemas/sources.js'
import { api, toApiError } from '../../lib/api.js'
import { friendly } from '../../lib/issues.js'
import { toIssues } from '../../../../shared/errors.js'
import { Button } from '../../ui/Button.js'
import { CopyField } from '../../ui/CopyField.js'
import { Field } from '../../ui/Field.js'
import { AlertIcon, CheckIcon, KeyIcon } from '../../ui/icons.js'
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
  const [errors, setErrors] = useState<{ secret?: string; previous?: string; form?: string }>({})
  const [busy, setBusy] = useState(false)
  const [saved, setSaved] = useState<{ secret: string; kept: number } | null>(null)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    const kept = previous
      .split(/\s+/)
      .map((s) => s.trim())
      .filter(Boolean)
    const webhookSecrets = [secret.trim(), ...kept]
    const checked = UpdateSourceCredentialsBody.safeParse({ webhookSecrets })
    const problems = checked.success ? [] : toIssues(checked.error)
    const report = (issues: { path: string; message: string }[]) => {
      const next: typeof errors = {}
      for (const issue of issues) {
        const index = Number(issue.path.split('.')[1])
        if (issue.path.split('.')[1] === undefined) next.previous ??= friendly(issue.message)
        else if (index === 0) next.secret ??= secret.trim() ? friendly(issue.message) : 'Required'
        else next.previous ??= `Secret ${index}: ${friendly(issue.message)}`
      }
      setErrors(next)
    }
    if (!checked.success) return report(problems)
    setErrors({})
    setBusy(true)
    try {
      const updated = await api.setSourceCredentials(source.id, checked.data)
      onSaved(updated)
      setSaved({ secret: secret.trim(), kept: kept.length })
      setSecret('')
      setPrevious('')
    } catch (err) {
      const error = toApiError(err)
      if (error.issues.length) report(error.issues)
      else setErrors({ form: error.message })
    } finally {
      setBusy(false)
    }
  }

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
    <form className="rotate form" onSubmit={(e) => void submit(e)} noValidate>
      <p className="rotate-title">
        <KeyIcon /> Rotate the signing secret
      </p>
      <p className="field-hint">
        Saving replaces every secret this source accepts. Stored secrets are never shown: to keep
        accepting the current one while the producer switches, paste it below.
      </p>
      {errors.form && (
        <div className="form-error" role="alert">
          {errors.form}
        </div>
      )}
      <Field label="New secret" error={errors.secret}>
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
        error={errors.previous}
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
      <div className="form-actions">
        <Button
          type="submit"
          variant="primary"
          size="sm"
          disabled={busy}
          data-testid="rotate-submit"
        >
          {busy ? 'Saving…' : 'Replace secrets'}
        </Button>
        <Button variant="ghost" size="sm" onClick={onClose} disabled={busy}>
          Cancel
        </Button>
      </div>
    </form>
  )
}
