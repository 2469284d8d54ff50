import { useState, type FormEvent } from 'react'
import type { z } from 'zod'
import { toIssues, type Issue } from '../../../shared/errors.js'
import { toApiError, type ApiError } from '../lib/http.js'
import { fieldErrors, type FieldErrors } from '../lib/issues.js'
import { useAction } from './useAction.js'

export interface FormOptions<S extends z.ZodType, R> {
  /** The shared request schema the values are checked against before they are sent. */
  schema: S
  /** The request body, from what the fields hold now. */
  value: unknown
  /**
   * Where issues are shown: the form's field names (an issue goes to the field its path starts
   * with, any other under ''), or a function for a form whose fields are not the body's.
   */
  fields: readonly string[] | ((issues: readonly Issue[]) => FieldErrors)
  /** Errors the schema does not word as this form wants (an empty field); they win over its own. */
  check?: () => FieldErrors
  /** A submit now is refused: nothing changed, or a lockout counts down. */
  disabled?: boolean
  send: (data: z.output<S>) => Promise<R>
  onSent?: (result: R, data: z.output<S>) => void
  onFailed?: (error: ApiError, data: z.output<S>) => void
}

/**
 * A form's submit: checks the values against the shared schema, sends them (a submit while one
 * is under way is ignored), and keeps what went wrong for the form to show: messages by field
 * (the schema's before sending, the API's issues after), the API's error itself (`failure`),
 * and what concerns no field (`formError`). `run` sends another write of the form (an Unpick
 * next to its Pick) with the same busy state.
 */
export function useForm<S extends z.ZodType, R>(options: FormOptions<S, R>) {
  const { schema, value, fields, check, disabled, send, onSent, onFailed } = options
  const action = useAction()
  const [errors, setErrors] = useState<FieldErrors>({})
  const byField = (issues: readonly Issue[]) =>
    typeof fields === 'function' ? fields(issues) : fieldErrors(issues, fields)

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (action.busy || disabled) return
    action.clear()
    const parsed = schema.safeParse(value)
    const found = { ...(parsed.success ? {} : byField(toIssues(parsed.error))), ...check?.() }
    setErrors(found)
    if (!parsed.success || Object.values(found).some(Boolean)) return
    const data = parsed.data
    void action.run(async () => {
      try {
        const result = await send(data)
        onSent?.(result, data)
      } catch (err) {
        const error = toApiError(err)
        setErrors(byField(error.issues))
        onFailed?.(error, data)
        throw error
      }
    })
  }

  /** Forgets what went wrong: the form starts over. */
  const reset = () => {
    setErrors({})
    action.clear()
  }

  const { failure } = action
  return {
    busy: action.busy,
    errors,
    failure,
    formError: errors[''] ?? (failure && failure.issues.length === 0 ? failure.message : null),
    onSubmit,
    reset,
    run: action.run,
  }
}
