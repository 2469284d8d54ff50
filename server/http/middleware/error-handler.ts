import type { ErrorRequestHandler, RequestHandler } from 'express'
import type { ApiErrorBody } from '../../../shared/errors.js'
import { DEPENDENCY_LABELS } from '../../../shared/schemas/operations.js'
import { AppError } from '../../lib/app-error.js'
import type { DependencyMonitor } from '../../lib/dependency-monitor.js'
import type { Logger } from '../../lib/logger.js'

/** Errors body-parser and friends raise carry a status and a type. */
interface HttpishError {
  status?: number
  statusCode?: number
  type?: string
  expose?: boolean
}

/** Translates framework errors (bad JSON, oversized bodies) and outages into our error codes. */
function toAppError(err: unknown, health: DependencyMonitor): AppError | null {
  if (err instanceof AppError) return err
  // Redis or PostgreSQL is away: a producer fails fast and the client retries later.
  const away = health.reportFailure(err, 'postgres')
  if (away)
    return new AppError(
      'unavailable',
      `${DEPENDENCY_LABELS[away]} is unavailable; try again shortly`,
    )
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
export function errorHandler(logger: Logger, health: DependencyMonitor): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = toAppError(err, health)
    if (!known) logger.error({ err, requestId: req.id, path: req.path }, 'unhandled error')
    const error = known ?? new AppError('internal', 'Internal error')
    const body: ApiErrorBody = {
      error: {
        code: error.code,
        message: error.message,
        ...(error.issues ? { issues: error.issues } : {}),
        ...(error.hints.current !== undefined ? { current: error.hints.current } : {}),
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
