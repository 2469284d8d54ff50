import { useState, type FormEvent } from 'react'
import { ROLES, type Role } from '../../../../shared/roles.js'
import { InviteUserBody, type UserView } from '../../../../shared/schemas/users.js'
import { api, toApiError, type ApiError, type InviteResult } from '../../lib/api.js'
import { fieldErrors, validate, type FieldErrors } from '../../lib/issues.js'
import { Button } from '../../ui/Button.js'
import { Field } from '../../ui/Field.js'
import { OneTimeLinkCard } from './OneTimeLinkCard.js'
import { ROLE_LABELS, ROLE_SUMMARIES } from './roleText.js'
import '../../ui/card.css'

const FIELDS = ['email', 'name', 'role'] as const

/**
 * Invites someone: email, name and role make an invited user and a one-time setup link,
 * shown here once for the admin to pass on.
 */
export function InviteForm({
  onInvited,
  onClose,
}: {
  onInvited: (user: UserView) => void
  onClose: () => void
}) {
  const [email, setEmail] = useState('')
  const [name, setName] = useState('')
  const [role, setRole] = useState<Role>('agent')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [failure, setFailure] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<InviteResult | null>(null)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    setFailure(null)
    const checked = validate(InviteUserBody, { email, name, role }, FIELDS)
    if (!checked.ok) {
      setErrors({ ...checked.errors, ...(email.trim() ? {} : { email: 'Required' }) })
      return
    }
    setErrors({})
    setBusy(true)
    try {
      const invited = await api.inviteUser(checked.data)
      setResult(invited)
      onInvited(invited.data)
      setEmail('')
      setName('')
    } catch (err) {
      const error = toApiError(err)
      const byField = fieldErrors(error.issues, FIELDS)
      // "Already exists" belongs to the email field.
      if (error.code === 'conflict') byField.email = error.message
      setErrors(byField)
      setFailure(error.code === 'conflict' ? null : error)
    } finally {
      setBusy(false)
    }
  }

  if (result) {
    return (
      <OneTimeLinkCard
        title={`Invite ready for ${result.data.name}`}
        user={result.data}
        purpose="sets their password"
        label="Invite link"
        url={result.inviteUrl}
        testId="invite-url"
        onClose={onClose}
        actions={
          <Button variant="ghost" onClick={() => setResult(null)}>
            Invite someone else
          </Button>
        }
      />
    )
  }

  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 className="card-title" id="invite-title">
        Invite someone
      </h2>
      <form className="form form-grid" onSubmit={(e) => void submit(e)} noValidate>
        {failure && (
          <div className="form-error span-all" role="alert">
            {failure.message}
          </div>
        )}
        <Field label="Email" error={errors.email}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="email"
              autoComplete="off"
              spellCheck={false}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              maxLength={320}
              autoFocus
              data-testid="invite-email"
            />
          )}
        </Field>
        <Field label="Name" error={errors.name}>
          {(control) => (
            <input
              {...control}
              className="input"
              autoComplete="off"
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={200}
              data-testid="invite-name"
            />
          )}
        </Field>
        <Field label="Role" error={errors.role} hint={ROLE_SUMMARIES[role]}>
          {(control) => (
            <select
              {...control}
              className="input select"
              value={role}
              onChange={(e) => setRole(e.target.value as Role)}
              data-testid="invite-role"
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="form-actions span-all">
          <Button type="submit" variant="primary" disabled={busy} data-testid="invite-submit">
            {busy ? 'Creating…' : 'Create invite link'}
          </Button>
          <Button variant="ghost" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
        </div>
      </form>
    </section>
  )
}
