import { z } from 'zod'

/** Every error code the API can answer with; one table on the server maps each to a status. */
export const ERROR_CODES = [
  'invalid_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'unavailable',
  'internal',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/** One problem found while validating input: where it is and what is wrong. */
export const IssueSchema = z.object({ path: z.string(), message: z.string() })
export type Issue = z.infer<typeof IssueSchema>

/** The body of every error answer. */
export const ApiErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    issues: z.array(IssueSchema).optional(),
    /** With `conflict`: the subject as it stands now (for a complaint, its view). */
    current: z.unknown().optional(),
    requestId: z.string().optional(),
  }),
})
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>

/** Flattens zod issues into `{ path, message }` pairs with dotted paths (`author.followers`). */
export function toIssues(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }))
}

/** One line summary of zod issues, for CLI output and rejection reasons. */
export function describeIssues(issues: Issue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ')
}
