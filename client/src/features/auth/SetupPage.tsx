import { useState, type FormEvent } from 'react'
import { SetupBody } from '../../../../shared/schemas/users.js'
import { api, toApiError, type ApiError } from '../../lib/api.js'
import { auth } from '../../lib/auth.js'
import { fieldErrors, validate, type FieldErrors } from '../../lib/issues.js'
import { navigate, useLocation } from '../../lib/router.js'
import { Button } from '../../ui/Button.js'
import { Field } from '../../ui/Field.js'
import { EyeIcon } from '../../ui/icons.js'
import { Link } from '../../ui/Link.js'
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
  const [errors, setErrors] = useState<FieldErrors>({})
  const [failure, setFailure] = useState<ApiError | null>(null)
  const [submitting, setSubmitting] = useState(false)

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

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (submitting) return
    setFailure(null)
    const body = { token, password, ...(name.trim() ? { name } : {}) }
    const checked = validate(SetupBody, body, FIELDS)
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    setSubmitting(true)
    try {
      const user = await api.setup(checked.data)
      auth.setupDone(user.email)
      // The used link leaves the address bar and the history.
      navigate('/', { replace: true })
    } catch (err) {
      const error = toApiError(err)
      setFailure(error)
      setErrors(fieldErrors(error.issues, FIELDS))
      setSubmitting(false)
    }
  }

  const expired = failure?.status === 401
  const tokenProblem = errors.token

  return (
    <AuthLayout
      title="Set your password"
      lead="Choose the password you will sign in to Firebreak with. This link works once."
    >
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        {(failure || tokenProblem) && (
          <div className="form-error" role="alert">
            {expired || tokenProblem ? (
              <>
                This setup link is invalid, already used or expired (links work for 72 hours). Ask
                your Firebreak admin for a new invite.
              </>
            ) : (
              failure?.message
            )}
          </div>
        )}
        <Field
          label="Your name"
          optional
          hint="Leave empty to keep the name your admin entered."
          error={errors.name}
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
          error={errors.password}
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
          disabled={submitting}
          data-testid="setup-submit"
        >
          {submitting ? 'Saving…' : 'Set password'}
        </Button>
      </form>
      <p className="auth-foot">
        Already set your password? <Link to="/">Sign in</Link>
      </p>
    </AuthLayout>
  )
}
