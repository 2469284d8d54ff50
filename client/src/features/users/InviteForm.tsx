import { useState } from 'react'
import { ROLES, type Role } from '../../../../shared/roles.js'
import { InviteUserBody, type UserView } from '../../../../shared/schemas/users.js'
import { api, type InviteResult } from '../../lib/api.js'
import { Button } from '../../ui/Button.js'
import { Field } from '../../ui/Field.js'
import { FormActions } from '../../ui/FormActions.js'
import { FormError } from '../../ui/FormError.js'
import { useForm } from '../../ui/useForm.js'
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
  const [result, setResult] = useState<InviteResult | null>(null)
  const form = useForm({
    schema: InviteUserBody,
    value: { email, name, role },
    fields: FIELDS,
    check: () => (email.trim() ? {} : { email: 'Required' }),
    send: (body) => api.inviteUser(body),
    onSent: (invited) => {
      setResult(invited)
      onInvited(invited.data)
      setEmail('')
      setName('')
    },
  })
  // "Already exists" belongs to the email field.
  const conflict = form.failure?.code === 'conflict' ? form.failure.message : null

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
      <form className="form form-grid" onSubmit={form.onSubmit} noValidate>
        <FormError className="span-all">{!conflict && form.failure?.message}</FormError>
        <Field label="Email" error={conflict ?? form.errors.email}>
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
        <Field label="Name" error={form.errors.name}>
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
        <Field label="Role" error={form.errors.role} hint={ROLE_SUMMARIES[role]}>
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
        <FormActions
          busy={form.busy}
          submit="Create invite link"
          busyText="Creating…"
          testId="invite-submit"
          onCancel={onClose}
          className="span-all"
        />
      </form>
    </section>
  )
}
