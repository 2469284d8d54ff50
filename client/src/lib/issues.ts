import type { z } from 'zod'
import { toIssues, type Issue } from '../../../shared/errors.js'

/** Messages by form field: the first segment of each issue's path (`webhookSecrets.0` → `webhookSecrets`). */
export type FieldErrors = Partial<Record<string, string>>

/** zod's default messages, in words a form can show next to a field. */
export function friendly(message: string): string {
  const small = /^Too small: expected (string|array) to have >=(\d+) (characters|items)/.exec(
    message,
  )
  if (small) {
    if (small[2] === '1') return small[1] === 'string' ? 'Required' : 'Add at least one'
    return `At least ${small[2]} ${small[3]}`
  }
  const big = /^Too big: expected (string|array) to have <=(\d+) (characters|items)/.exec(message)
  if (big) return `At most ${big[2]} ${big[3]}`
  const bound = /^Too (small|big): expected number to be ([<>])=?(-?[\d.]+)/.exec(message)
  if (bound) return `${bound[1] === 'small' ? 'At least' : 'At most'} ${bound[3]}`
  if (/^Invalid input: expected number, received string/.test(message)) return 'Must be a number'
  return message.charAt(0).toUpperCase() + message.slice(1)
}

/** Per-field messages from issues (the API's or the shared schema's); unmatched ones under ''. */
export function fieldErrors(issues: readonly Issue[], fields: readonly string[]): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of issues) {
    const [head, ...rest] = issue.path.split('.')
    const field = head && fields.includes(head) ? head : ''
    const where = rest.length && /^\d+$/.test(rest[0]!) ? `Item ${Number(rest[0]) + 1}: ` : ''
    out[field] ??= `${where}${friendly(issue.message)}`
  }
  return out
}

/** Checks form values against a shared request schema before sending them. */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  fields: readonly string[],
): { ok: true; data: z.output<S> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(value)
  if (result.success) return { ok: true, data: result.data }
  return { ok: false, errors: fieldErrors(toIssues(result.error), fields) }
}
