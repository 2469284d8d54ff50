import type { ErrorRequestHandler, RequestHandler } from 'express'
import type { ApiErrorBody } from '../../../shared/errors.js'
import { AppError } from '../../lib/app-error.js'
import type { Logger } from '../../lib/logger.js'

/** Errors body-parser and friends raise carry a status and a type. */
interface HttpishError {
  status?: number
  statusCode?: number
  type?: string
  expose?: boolean
}

/** Redis or PostgreSQL is away: a producer fails fast and the client retries later. */
function isBackendOutage(err: Error & { code?: string; cause?: unknown }): boolean {
  const message = err?.message ?? ''
  return (
    err?.name === 'MaxRetriesPerRequestError' ||
    /enableOfflineQueue|Connection is closed|ECONNREFUSED|ECONNRESET|terminating connection/.test(
      message,
    ) ||
    ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006', '08001'].includes(err?.code ?? '') ||
    (err?.cause instanceof Error && isBackendOutage(err.cause))
  )
}

/** Translates framework errors (bad JSON, oversized bodies) into our error codes. */
function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err
  if (isBackendOutage(err as Error))
    return new AppError('unavailable', 'A backing service is unavailable; try again shortly')
  const e = err as HttpishError & Error
  if (e?.type === 'entity.parse.failed')
    return new AppError('invalid_request', `Malformed JSON: ${e.message}`)
  if (e?.type === 'entity.too.large')
    return new AppError('payload_too_large', 'Request body is too large')
  const status = e?.status ?? e?.statusCode
  if (status && status >= 400 && status < 500) {
    return new AppError(
      status === 413 ? 'payload_too_large' : 'invalid_request',
      e.expose ? e.message : 'Bad request',
    )
  }
  return null
}

/** Every error leaves as `{ error: { code, message, issues?, requestId } }`; only 500s log a stack. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = toAppError(err)
    if (!known) logger.error({ err, requestId: req.id, path: req.path }, 'unhandled error')
    const error = known ?? new AppError('internal', 'Internal error')
    const body: ApiErrorBody = {
      error: {
        code: error.code,
        message: error.message,
        ...(error.issues ? { issues: error.issues } : {}),
        requestId: req.id,
      },
    }
    const retryAfter =
      error.hints.retryAfterSeconds ?? (error.code === 'unavailable' ? 5 : undefined)
    if (retryAfter !== undefined) res.setHeader('retry-after', String(retryAfter))
    res.status(error.status).json(body)
  }
}

/** Unknown API paths answer a JSON 404 rather than the console's HTML. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route ${req.method} ${req.path}`))
}
