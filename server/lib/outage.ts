import { DEPENDENCY_LABELS, type Dependency } from '../../shared/schemas/operations.js'
import type { RedisTarget } from '../config.js'

/** Where each dependency listens, so that a bare socket error can be told apart. */
export interface Endpoints {
  postgres?: { host: string; port: number } | null
  redis?: { host: string; port: number } | null
}

/** Host and port of a `postgres://` or `redis://` URL (defaults as each client applies them). */
export function endpointOf(url: string | undefined): { host: string; port: number } | null {
  if (!url) return null
  const parsed = new URL(url)
  const fallback = parsed.protocol.startsWith('redis') ? 6379 : 5432
  return { host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || fallback) }
}

/** Where Redis is, for telling its socket errors apart: a cluster's first seed node. */
export function redisEndpointOf(target: RedisTarget): { host: string; port: number } | null {
  return target.cluster ? (target.cluster.nodes[0] ?? null) : endpointOf(target.url)
}

// SQLSTATE classes of a server that is away or going: 08 connection exception, 57P01-57P03
// shutdown and "cannot connect now" (starting up, recovering), 53300 too many connections.
const PG_OUTAGE_CODE = /^(08...|57P0[123]|53300)$/
const PG_OUTAGE_MESSAGE =
  /Connection terminated|Client has encountered a connection error|not queryable|timeout exceeded when trying to connect|database system is (starting up|shutting down|in recovery mode)|server closed the connection|terminating connection/
const REDIS_OUTAGE_MESSAGE =
  /enableOfflineQueue|Connection is closed|Reached the max retries per request|connection lost|LOADING Redis is loading/
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
])

interface ErrorLike {
  name?: string
  message?: string
  code?: string
  port?: number
  cause?: unknown
}

/** The error and the errors it wraps (drizzle wraps the driver's error as its `cause`). */
function* causes(err: unknown): Generator<ErrorLike> {
  let current = err as ErrorLike | undefined
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    yield current
    current = current.cause as ErrorLike | undefined
  }
}

/**
 * Which dependency an error says is away (not answering, restarting, cut off), or null when
 * the error is about the work itself. A bare socket error names the dependency by its port;
 * `fallback` is the one the caller was talking to when it cannot tell.
 */
export function outageOf(
  err: unknown,
  endpoints: Endpoints = {},
  fallback: Dependency | null = null,
): Dependency | null {
  for (const e of causes(err)) {
    // A failed query's own message is its statement: only the driver's error beneath says why.
    if (typeof (e as { query?: unknown }).query === 'string') continue
    const message = e.message ?? ''
    if (e.name === 'MaxRetriesPerRequestError' || REDIS_OUTAGE_MESSAGE.test(message)) {
      return 'redis'
    }
    if ((e.code && PG_OUTAGE_CODE.test(e.code)) || PG_OUTAGE_MESSAGE.test(message)) {
      return 'postgres'
    }
    if (e.code && SOCKET_CODES.has(e.code)) {
      if (e.port !== undefined && e.port === endpoints.redis?.port) return 'redis'
      if (e.port !== undefined && e.port === endpoints.postgres?.port) return 'postgres'
      return fallback
    }
  }
  return null
}

/** The reason a job failed because a dependency was away: BullMQ keeps it as `failedReason`. */
export class OutageError extends Error {
  constructor(
    readonly dependency: Dependency,
    cause: unknown,
  ) {
    super(`${DEPENDENCY_LABELS[dependency]} unavailable: ${describeError(cause).message}`)
    this.name = 'OutageError'
  }
}

/** Whether a stored failure reason (a dead letter's) was an outage. */
export function isOutageReason(reason: string): boolean {
  return Object.values(DEPENDENCY_LABELS).some((label) =>
    reason.startsWith(`${label} unavailable:`),
  )
}

/** What may be logged of an error: its cause in one line, never a statement or its parameters. */
export interface ErrorDescription {
  message: string
  /** SQLSTATE or the Node error code. */
  code?: string
  constraint?: string
  table?: string
  /** The statement's kind and table (`insert into complaints`), never its text. */
  statement?: string
}

/**
 * Describes an error for logs, job failure reasons and API answers. A failed query (drizzle
 * wraps the driver's error with the statement and every parameter, post texts and password
 * hashes included) is reduced to the driver's message, its code, constraint and table, and the
 * statement's name.
 */
export function describeError(err: unknown): ErrorDescription {
  let statement: string | undefined
  for (const e of causes(err)) {
    const query = (e as { query?: unknown }).query
    if (typeof query === 'string') {
      statement ??= statementName(query)
      continue
    }
    const pg = e as ErrorLike & { constraint?: string; table?: string }
    return {
      message: firstLine(pg.message ?? String(err)),
      ...(pg.code ? { code: pg.code } : {}),
      ...(pg.constraint ? { constraint: pg.constraint } : {}),
      ...(pg.table ? { table: pg.table } : {}),
      ...(statement ? { statement } : {}),
    }
  }
  return { message: firstLine(String(err)), ...(statement ? { statement } : {}) }
}

/** The kind of statement and the table it names first: enough to find it, nothing of its data. */
export function statementName(query: string): string {
  const text = query.replace(/\s+/g, ' ').trim().toLowerCase()
  const write = /^(insert into|update|delete from) "?([\w.]+)"?/.exec(text)
  if (write) return `${write[1]} ${write[2]}`
  const head = /^(\w+)/.exec(text)?.[1] ?? 'statement'
  const from = / from "?([\w.]+)"?/.exec(text)?.[1]
  return from ? `${head} from ${from}` : head
}

const firstLine = (message: string) => message.split('\n')[0]!.slice(0, 500)
