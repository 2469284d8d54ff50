import { useRef, useState, type FormEvent } from 'react'
import { SignInBody } from '../../../../shared/schemas/users.js'
import { toApiError, type ApiError } from '../../lib/api.js'
import { auth, type SignedOutReason } from '../../lib/auth.js'
import { fieldErrors, validate, type FieldErrors } from '../../lib/issues.js'
import { Button } from '../../ui/Button.js'
import { Field } from '../../ui/Field.js'
import { Notice } from '../../ui/Notice.js'
import { AuthLayout } from './AuthLayout.js'
import { DemoAccounts } from './DemoAccounts.js'
import { formatWait, useCountdown } from './useCountdown.js'
import './auth.css'
import './SignInPage.css'

const FIELDS = ['email', 'password'] as const

const REASONS: Record<SignedOutReason, { tone: 'info' | 'warn' | 'success'; text: string } | null> =
  {
    'no-session': null,
    'signed-out': { tone: 'info', text: 'You are signed out.' },
    'session-ended': {
      tone: 'warn',
      text: 'Your session ended: you were signed out elsewhere, or your access changed. Sign in again to continue.',
    },
    'setup-done': { tone: 'success', text: 'Your password is set. Sign in to open the console.' },
  }

/** Signing in: email and password, clear errors, and the wait after too many attempts. */
export function SignInPage({
  reason,
  email: initialEmail,
  showDemo,
}: {
  reason: SignedOutReason
  email: string | null
  showDemo: boolean
}) {
  const [email, setEmail] = useState(initialEmail ?? '')
  const [password, setPassword] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [failure, setFailure] = useState<ApiError | null>(null)
  /** After a 429: which account is locked out, and until when. */
  const [blocked, setBlocked] = useState<{ email: string; until: number } | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const passwordInput = useRef<HTMLInputElement>(null)
  const normalized = email.trim().toLowerCase()
  const wait = useCountdown(blocked && blocked.email === normalized ? blocked.until : null)
  // A lockout names one account: another email may be tried (the server decides).
  const shownFailure =
    failure?.code === 'rate_limited' && blocked && blocked.email !== normalized ? null : failure
  const notice = REASONS[reason]

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (submitting || wait > 0) return
    setFailure(null)
    const missing: FieldErrors = {}
    if (!email.trim()) missing.email = 'Enter your email address'
    if (!password) missing.password = 'Enter your password'
    const checked = validate(SignInBody, { email, password }, FIELDS)
    const found = { ...(checked.ok ? {} : checked.errors), ...missing }
    setErrors(found)
    if (!checked.ok || Object.keys(found).length) return
    setSubmitting(true)
    try {
      await auth.signIn(checked.data.email, checked.data.password)
      // Signed in: the app replaces this page with the console.
    } catch (err) {
      const error = toApiError(err)
      setFailure(error)
      setErrors(fieldErrors(error.issues, FIELDS))
      if (error.code === 'rate_limited') {
        const seconds = error.retryAfterSeconds ?? Number(/(\d+)\s*s\b/.exec(error.message)?.[1])
        if (Number.isFinite(seconds) && seconds > 0)
          setBlocked({ email: checked.data.email, until: Date.now() + seconds * 1000 })
      }
      if (error.status === 401) {
        setPassword('')
        passwordInput.current?.focus()
      }
      setSubmitting(false)
    }
  }

  return (
    <AuthLayout
      title="Sign in"
      lead="Live complaints, ranked, for backlash response."
      after={
        showDemo ? (
          <DemoAccounts
            onPick={(demoEmail, demoPassword) => {
              setEmail(demoEmail)
              setPassword(demoPassword)
              setErrors({})
              setFailure(null)
            }}
          />
        ) : null
      }
    >
      {notice && !shownFailure && (
        <Notice tone={notice.tone} className="auth-notice">
          {notice.text}
        </Notice>
      )}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        {shownFailure && (
          <div className="form-error" role="alert">
            {shownFailure.code === 'rate_limited' && wait > 0 ? (
              <>
                Too many sign-in attempts. Try again in <strong>{formatWait(wait)}</strong>.
              </>
            ) : shownFailure.code === 'rate_limited' ? (
              'You can try again now.'
            ) : shownFailure.status === 401 ? (
              'Wrong email or password.'
            ) : (
              shownFailure.message
            )}
          </div>
        )}
        <Field label="Email" error={errors.email}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="email"
              name="email"
              autoComplete="username"
              autoFocus={!initialEmail}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              maxLength={320}
              spellCheck={false}
              data-testid="sign-in-email"
            />
          )}
        </Field>
        <Field label="Password" error={errors.password}>
          {(control) => (
            <input
              {...control}
              ref={passwordInput}
              className="input"
              type="password"
              name="password"
              autoComplete="current-password"
              autoFocus={!!initialEmail}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              maxLength={256}
              data-testid="sign-in-password"
            />
          )}
        </Field>
        <Button
          type="submit"
          variant="primary"
          className="btn-block"
          disabled={submitting || wait > 0}
          data-testid="sign-in-submit"
        >
          {submitting ? 'Signing in…' : wait > 0 ? `Try again in ${formatWait(wait)}` : 'Sign in'}
        </Button>
      </form>
      <p className="auth-foot">
        No account yet, or locked out? Ask your Firebreak admin for an invite link.
      </p>
    </AuthLayout>
  )
}
