import { pino, type Logger } from 'pino'
import { describeError } from './outage.js'

export type { Logger }

/**
 * Paths never written to logs. Post text is hostile and private-ish, secrets are secrets:
 * neither belongs in a log line, whatever object a caller hands to the logger.
 */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'secret',
  '*.secret',
  'secrets',
  '*.secrets',
  'token',
  '*.token',
  'text',
  '*.text',
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["webhook-signature"]',
  'res.headers["set-cookie"]',
]

/**
 * `err` as a log line carries it: the cause in one line (a failed query's driver error, code,
 * constraint and statement name, never its text or parameters), and the stack of anything else.
 */
export function serializeError(err: unknown): unknown {
  if (!err || typeof err !== 'object') return err
  const e = err as Error & { query?: unknown; cause?: { query?: unknown } }
  const isQuery = typeof e.query === 'string' || typeof e.cause?.query === 'string'
  return {
    type: e.constructor?.name ?? e.name,
    ...describeError(err),
    ...(isQuery || !e.stack ? {} : { stack: e.stack }),
  }
}

/** JSON logs on stdout; modules take child loggers `{ mod }`, requests and jobs add their id. */
export function createLogger(
  level: string,
  options: { format?: 'json' | 'pretty'; destination?: pino.DestinationStream } = {},
): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError },
      timestamp: pino.stdTimeFunctions.isoTime,
      ...(options.format === 'pretty' && !options.destination
        ? {
            transport: {
              target: 'pino-pretty',
              options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' },
            },
          }
        : {}),
    },
    options.destination,
  )
}
