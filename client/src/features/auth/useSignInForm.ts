import { useRef, useState } from 'react'
import { SignInBody } from '../../../../shared/schemas/users.js'
import { auth } from '../../lib/auth.js'
import type { FieldErrors } from '../../lib/issues.js'
import { useForm } from '../../ui/useForm.js'
import { useCountdown } from './useCountdown.js'

const FIELDS = ['email', 'password'] as const

export type SignInFormState = ReturnType<typeof useSignInForm>

/**
 * The state of a sign-in form (the page's, or the dialog over a console whose session was
 * lost): the fields, their errors, the failure to show, and the wait after too many attempts.
 */
export function useSignInForm(initialEmail: string | null) {
  const [email, setEmail] = useState(initialEmail ?? '')
  const [password, setPassword] = useState('')
  /** After a 429: which account is locked out, and until when. */
  const [blocked, setBlocked] = useState<{ email: string; until: number } | null>(null)
  const passwordInput = useRef<HTMLInputElement>(null)
  const normalized = email.trim().toLowerCase()
  const wait = useCountdown(blocked && blocked.email === normalized ? blocked.until : null)

  const form = useForm({
    schema: SignInBody,
    value: { email, password },
    fields: FIELDS,
    check: () => {
      const missing: FieldErrors = {}
      if (!email.trim()) missing.email = 'Enter your email address'
      if (!password) missing.password = 'Enter your password'
      return missing
    },
    disabled: wait > 0,
    // Signed in: the app replaces the page (or closes the dialog) itself.
    send: (body) => auth.signIn(body.email, body.password),
    onFailed: (error, body) => {
      if (error.code === 'rate_limited') {
        const seconds = error.retryAfterSeconds ?? Number(/(\d+)\s*s\b/.exec(error.message)?.[1])
        if (Number.isFinite(seconds) && seconds > 0)
          setBlocked({ email: body.email, until: Date.now() + seconds * 1000 })
      }
      if (error.status === 401) {
        setPassword('')
        passwordInput.current?.focus()
      }
    },
  })
  const { failure } = form
  // A lockout names one account: another email may be tried (the server decides).
  const shownFailure =
    failure?.code === 'rate_limited' && blocked && blocked.email !== normalized ? null : failure

  /** Fills both fields (a demo account was picked). */
  const fill = (nextEmail: string, nextPassword: string) => {
    setEmail(nextEmail)
    setPassword(nextPassword)
    form.reset()
  }

  return {
    email,
    setEmail,
    password,
    setPassword,
    errors: form.errors,
    shownFailure,
    wait,
    submitting: form.busy,
    submit: form.onSubmit,
    fill,
    passwordInput,
  }
}
