import type { RedisClient } from '../queue/redis.js'
import {
  DEPENDENCIES,
  DEPENDENCY_LABELS,
  type Dependency,
  type DependencyState,
} from '../../shared/schemas/operations.js'
import type { Logger } from './logger.js'
import { describeError, outageOf, type Endpoints } from './outage.js'

/** Backoff between probes of a dependency that is away: 0.5 s doubling to 10 s, with jitter. */
export function backoffMs(attempt: number, baseMs = 500, capMs = 10_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt)
  return Math.round(ceiling * (0.5 + Math.random() / 2))
}

type Listener = (dependency: Dependency, up: boolean) => void

export interface DependencyMonitor {
  isUp(dependency: Dependency): boolean
  snapshot(): Record<Dependency, DependencyState>
  /**
   * An operation failed. When the error says a dependency is away, that dependency is marked
   * down (logged once, then probed with backoff until it answers) and the dependency is
   * returned; otherwise null, and the caller handles the error as its own.
   */
  reportFailure(err: unknown, fallback?: Dependency | null): Dependency | null
  /** Something proved the dependency works (a connection became ready, a probe answered). */
  reportUp(dependency: Dependency): void
  /** Called on every change, after it is logged. */
  onChange(listener: Listener): () => void
  /** Hears a Redis connection's state: 'ready' is up; an error or a closed connection is down. */
  watchRedis(redis: RedisClient): void
  /** How often each went down since this process started. */
  outages(dependency: Dependency): number
  /** Stops probing and hearing; a connection closed after this is not an outage. */
  close(): void
}

/**
 * What this process knows of PostgreSQL and Redis. Every connection error, job failure and
 * health check reports here, and the monitor logs each change once ("waiting for Redis", "Redis
 * is back after 31 s"), where otherwise every job, connection and sweep would log its own
 * failure. While PostgreSQL is away it is probed with backoff and jitter; Redis clients
 * reconnect by themselves and report back through `watchRedis`.
 */
export function createDependencyMonitor(options: {
  logger: Logger
  endpoints: Endpoints
  /** Where each is, for the log line (never with credentials). */
  describe: Record<Dependency, string>
  /** A cheap query that succeeds when PostgreSQL answers. */
  probePostgres?: () => Promise<unknown>
  /** Log nothing: a CLI says in its own last line what stopped it. */
  quiet?: boolean
}): DependencyMonitor {
  const log = options.logger.child({ mod: 'dependencies' })
  const state = new Map<Dependency, DependencyState & { outages: number }>(
    DEPENDENCIES.map((d) => [
      d,
      { up: true, since: new Date().toISOString(), error: null, outages: 0 },
    ]),
  )
  const listeners = new Set<Listener>()
  let probing: NodeJS.Timeout | null = null
  let closed = false
  let watched: RedisClient | null = null

  const change = (dependency: Dependency, up: boolean, error: string | null) => {
    const current = state.get(dependency)!
    if (current.up === up || closed) return
    const since = new Date()
    const downSeconds = (since.getTime() - new Date(current.since).getTime()) / 1000
    state.set(dependency, {
      up,
      since: since.toISOString(),
      error,
      outages: current.outages + (up ? 0 : 1),
    })
    if (!options.quiet) {
      const label = DEPENDENCY_LABELS[dependency]
      const at = options.describe[dependency]
      if (up)
        log.info({ dependency, downSeconds }, `${label} is back after ${downSeconds.toFixed(1)} s`)
      else log.warn({ dependency, at, cause: error }, `waiting for ${label} at ${at}: ${error}`)
    }
    for (const listener of listeners) {
      try {
        listener(dependency, up)
      } catch (err) {
        log.error({ err }, 'dependency listener failed')
      }
    }
    if (!up && dependency === 'postgres') probePostgres(0)
  }

  const probePostgres = (attempt: number) => {
    if (!options.probePostgres || probing || closed) return
    probing = setTimeout(() => {
      probing = null
      options.probePostgres!().then(
        () => change('postgres', true, null),
        () => {
          if (!state.get('postgres')!.up) probePostgres(attempt + 1)
        },
      )
    }, backoffMs(attempt))
    probing.unref()
  }

  const monitor: DependencyMonitor = {
    isUp: (dependency) => state.get(dependency)!.up,
    snapshot: () =>
      Object.fromEntries(
        DEPENDENCIES.map((d) => {
          const { up, since, error } = state.get(d)!
          return [d, { up, since, error }]
        }),
      ) as Record<Dependency, DependencyState>,
    reportFailure(err, fallback = null) {
      const dependency = outageOf(err, options.endpoints, fallback)
      // Redis's state is its connection's: a failure on another connection (a test's dead
      // client, a worker's blocking connection) does not make a ready Redis down.
      const heard = dependency === 'redis' && watched?.status === 'ready'
      if (dependency && !heard) change(dependency, false, describeError(err).message)
      return dependency
    },
    reportUp: (dependency) => change(dependency, true, null),
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    watchRedis(redis) {
      watched = redis
      redis.on('ready', () => change('redis', true, null))
      redis.on('error', (err: Error) => {
        if (redis.status !== 'ready') change('redis', false, describeError(err).message)
      })
      redis.on('close', () => change('redis', false, 'connection closed'))
    },
    outages: (dependency) => state.get(dependency)!.outages,
    close() {
      closed = true
      if (probing) clearTimeout(probing)
      probing = null
    },
  }
  return monitor
}
