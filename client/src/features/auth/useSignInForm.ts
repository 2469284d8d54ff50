import { useRef, useState, type FormEvent } from 'react'
import { SignInBody } from '../../../../shared/schemas/users.js'
import { toApiError, type ApiError } from '../../lib/api.js'
import { auth } from '../../lib/auth.js'
import { fieldErrors, validate, type FieldErrors } from '../../lib/issues.js'
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
      // Signed in: the app replaces the page (or closes the dialog) itself.
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

  /** Fills both fields (a demo account was picked). */
  const fill = (nextEmail: string, nextPassword: string) => {
    setEmail(nextEmail)
    setPassword(nextPassword)
    setErrors({})
    setFailure(null)
  }

  return {
    email,
    setEmail,
    password,
    setPassword,
    errors,
    shownFailure,
    wait,
    submitting,
    submit,
    fill,
    passwordInput,
  }
}
