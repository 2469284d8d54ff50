import { DEPENDENCY_LABELS } from '../../shared/schemas/operations.js'
import { ConfigError, loadConfig } from '../config.js'
import { serializeError } from '../lib/logger.js'
import { describeError, endpointOf, outageOf, redisEndpointOf } from '../lib/outage.js'

/** Exit statuses every CLI shares (each may add its own below 2, as import's 1). */
export const EXIT = { ok: 0, usage: 2, unavailable: 3, failed: 4 } as const

/** Thrown by a CLI that stopped partway, to add what was done and how to go on to its line. */
export class CliStop extends Error {
  constructor(
    readonly failure: unknown,
    readonly advice: string,
  ) {
    super(describeError(failure).message)
  }
}

/**
 * Runs a CLI's main and turns how it ended into one line on stderr and an exit status: 2 for
 * bad usage or configuration, 3 when PostgreSQL or Redis was away (naming which, and how to go
 * on), 4 for anything else (and for a main that never finished); never a stack trace for
 * something an operator can act on.
 */
export function runCli(name: string, main: () => Promise<number>): void {
  // Node exits 0 when nothing is left to wait for, even with `main` unsettled (a promise
  // nothing will ever resolve): that must not pass for success.
  process.once('beforeExit', () => {
    process.stderr.write(`${name}: stopped: its work was left unfinished; run it again\n`)
    process.exit(EXIT.failed)
  })
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      const advice = err instanceof CliStop ? ` ${err.advice}` : ''
      const cause = err instanceof CliStop ? err.failure : err
      if (cause instanceof ConfigError) {
        process.stderr.write(`${name}: ${cause.message}\n`)
        process.exit(EXIT.usage)
      }
      const away = outageOf(cause, endpointsFromEnv(), 'postgres')
      if (away) {
        process.stderr.write(
          `${name}: stopped: ${DEPENDENCY_LABELS[away]} is unavailable (${describeError(cause).message}).${advice}\n`,
        )
        process.exit(EXIT.unavailable)
      }
      // Not the operator's to fix: the cause, and where it came from for a bug report (never
      // a failed statement's text or parameters).
      const { stack } = serializeError(cause) as { stack?: string }
      process.stderr.write(
        `${name}: failed: ${describeError(cause).message}.${advice}\n${stack ? `${stack}\n` : ''}`,
      )
      process.exit(EXIT.failed)
    },
  )
}

function endpointsFromEnv() {
  try {
    const config = loadConfig()
    return { postgres: endpointOf(config.databaseUrl), redis: redisEndpointOf(config.redis) }
  } catch {
    return {}
  }
}
