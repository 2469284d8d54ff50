import type { z } from 'zod'
import { toIssues } from '../../shared/errors.js'
import { normalizeText } from '../../shared/text.js'
import { AppError } from './app-error.js'

/**
 * Every string of a value made storable (no NUL, no lone surrogate; see normalizeText), at any
 * depth: a name, term, label or changelog with a NUL would otherwise fail its insert (a 500,
 * and a batch rolled back), however well its schema checked it.
 */
export function normalizeStrings(value: unknown): unknown {
  if (typeof value === 'string') return normalizeText(value)
  if (Array.isArray(value)) return value.map(normalizeStrings)
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, normalizeStrings(v)]),
    )
  }
  return value
}

/** Parses input at a boundary, its text made storable first; a mismatch is a 400 naming every problem. */
export function parse<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what = 'request',
): z.infer<S> {
  const result = schema.safeParse(normalizeStrings(input))
  if (!result.success) {
    const issues = toIssues(result.error)
    throw new AppError('invalid_request', `Invalid ${what}`, issues)
  }
  return result.data
}
