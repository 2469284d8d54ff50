import type { ErrorCode, Issue } from '../../shared/errors.js'

/** The status each error code answers with. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
}

/** The one error type domain code throws; the HTTP error handler turns it into a body. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
    /**
     * For `rate_limited` and `unavailable`: when to try again. For `conflict`: the subject as
     * it stands now (a view), so that the client shows what happened instead of overwriting.
     */
    readonly hints: { retryAfterSeconds?: number; current?: unknown } = {},
  ) {
    super(message)
    this.name = 'AppError'
  }

  get status(): number {
    return STATUS_BY_CODE[this.code]
  }
}
