import { useState } from 'react'
import { SetupBody } from '../../../../shared/schemas/users.js'
import { api } from '../../lib/api.js'
import { auth } from '../../lib/auth.js'
import { navigate, useLocation } from '../../lib/router.js'
import { Button } from '../../ui/Button.js'
import { Field } from '../../ui/Field.js'
import { FormError } from '../../ui/FormError.js'
import { EyeIcon } from '../../ui/icons.js'
import { Link } from '../../ui/Link.js'
import { useForm } from '../../ui/useForm.js'
import { AuthLayout } from './AuthLayout.js'
import './auth.css'

const FIELDS = ['name', 'password', 'token'] as const
const MIN_PASSWORD = 12

/** The token of a setup or invite link: `/setup#token=...` (a fragment never reaches a server log). */
function readToken(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token')
}

/**
 * One-time setup: the first admin's link and every invite link land here. The person sets a
 * password (and may correct their name), then signs in with it.
 */
export function SetupPage() {
  const token = readToken(useLocation().hash)
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  const [reveal, setReveal] = useState(false)
  const form = useForm({
    schema: SetupBody,
    value: { token, password, ...(name.trim() ? { name } : {}) },
    fields: FIELDS,
    send: (body) => api.setup(body),
    onSent: (user) => {
      auth.setupDone(user.email)
      // The used link leaves the address bar and the history.
      navigate('/', { replace: true })
    },
  })

  if (!token) {
    return (
      <AuthLayout
        title="This setup link is incomplete"
        lead="Open the whole link from your invite: it ends in #token= followed by a long code. If it came in an email, copy the full address into the browser."
      >
        <p className="auth-foot">
          Already set your password? <Link to="/">Sign in</Link>
        </p>
      </AuthLayout>
    )
  }

  const expired = form.failure?.status === 401
  const tokenProblem = form.errors.token

  return (
    <AuthLayout
      title="Set your password"
      lead="Choose the password you will sign in to Firebreak with. This link works once."
    >
      <form className="form" onSubmit={form.onSubmit} noValidate>
        <FormError>
          {expired || tokenProblem ? (
            <>
              This setup link is invalid, already used or expired (links work for 72 hours). Ask
              your Firebreak admin for a new invite.
            </>
          ) : (
            form.failure?.message
          )}
        </FormError>
        <Field
          label="Your name"
          optional
          hint="Leave empty to keep the name your admin entered."
          error={form.errors.name}
        >
          {(control) => (
            <input
              {...control}
              className="input"
              name="name"
              autoComplete="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={200}
            />
          )}
        </Field>
        <Field
          label="New password"
          error={form.errors.password}
          hint={
            password.length > 0 && password.length < MIN_PASSWORD
              ? `${MIN_PASSWORD - password.length} more character${MIN_PASSWORD - password.length === 1 ? '' : 's'} to go.`
              : `At least ${MIN_PASSWORD} characters. A few unrelated words make a strong, memorable passphrase.`
          }
        >
          {(control) => (
            <div className="input-with-action">
              <input
                {...control}
                className="input"
                type={reveal ? 'text' : 'password'}
                name="new-password"
                autoComplete="new-password"
                autoFocus
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                maxLength={256}
                spellCheck={false}
                data-testid="setup-password"
              />
              <button
                type="button"
                className="input-action"
                aria-pressed={reveal}
                aria-label={reveal ? 'Hide password' : 'Show password'}
                title={reveal ? 'Hide password' : 'Show password'}
                onClick={() => setReveal((r) => !r)}
              >
                <EyeIcon size={16} />
              </button>
            </div>
          )}
        </Field>
        <Button
          type="submit"
          variant="primary"
          className="btn-block"
          disabled={form.busy}
          data-testid="setup-submit"
        >
          {form.busy ? 'Saving…' : 'Set password'}
        </Button>
      </form>
      <p className="auth-foot">
        Already set your password? <Link to="/">Sign in</Link>
      </p>
    </AuthLayout>
  )
}
