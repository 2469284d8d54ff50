import type { z } from 'zod'
import { toIssues } from '../../shared/errors.js'
import { AppError } from './app-error.js'

/** Parses input at a boundary; a mismatch is a 400 naming every problem. */
export function parse<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what = 'request',
): z.infer<S> {
  const result = schema.safeParse(input)
  if (!result.success) {
    const issues = toIssues(result.error)
    throw new AppError('invalid_request', `Invalid ${what}`, issues)
  }
  return result.data
}
