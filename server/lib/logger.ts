import { pino, type Logger } from 'pino'

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
