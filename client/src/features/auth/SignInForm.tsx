import type { ReactNode } from 'react'
import { Button } from '../../ui/Button.js'
import { Field } from '../../ui/Field.js'
import { FormError } from '../../ui/FormError.js'
import { formatWait } from './useCountdown.js'
import type { SignInFormState } from './useSignInForm.js'

/**
 * Email, password and the submit button, with the failure in words. The focus starts on the
 * first field still to fill: the password when the email is known.
 */
export function SignInForm({
  form,
  emailKnown,
  children,
}: {
  form: SignInFormState
  emailKnown: boolean
  /** Under the submit button (the dialog's way out). */
  children?: ReactNode
}) {
  const { shownFailure, wait, errors, submitting } = form
  return (
    <form className="form" onSubmit={form.submit} noValidate>
      <FormError>
        {shownFailure?.code === 'rate_limited' && wait > 0 ? (
          <>
            Too many sign-in attempts. Try again in <strong>{formatWait(wait)}</strong>.
          </>
        ) : shownFailure?.code === 'rate_limited' ? (
          'You can try again now.'
        ) : shownFailure?.status === 401 ? (
          'Wrong email or password.'
        ) : (
          shownFailure?.message
        )}
      </FormError>
      <Field label="Email" error={errors.email}>
        {(control) => (
          <input
            {...control}
            className="input"
            type="email"
            name="email"
            autoComplete="username"
            autoFocus={!emailKnown}
            value={form.email}
            onChange={(e) => form.setEmail(e.target.value)}
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
            ref={form.passwordInput}
            className="input"
            type="password"
            name="password"
            autoComplete="current-password"
            autoFocus={emailKnown}
            value={form.password}
            onChange={(e) => form.setPassword(e.target.value)}
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
      {children}
    </form>
  )
}
