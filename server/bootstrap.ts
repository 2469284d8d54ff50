import { sql } from 'drizzle-orm'
import type { Dependency } from '../shared/schemas/operations.js'
import { keyPrefix, type Config } from './config.js'
import type { AppContext } from './context.js'
import { openDatabase, type Database } from './db/client.js'
import { openReadReplica } from './db/read-replica.js'
import { databaseIdentity } from './db/repositories/instance.js'
import { countPendingOutbox } from './domain/ingest/dispatch-outbox.js'
import type { Logger } from './lib/logger.js'
import { createLoginLimiter } from './auth/login-limiter.js'
import { createSessionStore } from './auth/sessions.js'
import { backoffMs, createDependencyMonitor } from './lib/dependency-monitor.js'
import { createMetrics } from './lib/metrics.js'
import { endpointOf, redisEndpointOf } from './lib/outage.js'
import { createSecretBox, loadSecretsKey } from './lib/secret-box.js'
import { claimPrefix, HEARTBEAT_MS, renewPrefix } from './queue/prefix-claim.js'
import { alertWebhookJobOptions, createQueues } from './queue/queues.js'
import {
  assertNoEviction,
  closeRedis,
  createRedis,
  waitForReady,
  type RedisClient,
} from './queue/redis.js'
import { createPublisher } from './realtime/publisher.js'

export interface OpenedContext {
  ctx: AppContext
  /** A patient connection for the socket.io adapter (its subscriber: subscriberOf it). */
  adapterRedis: RedisClient
  close(): Promise<void>
}

export interface OpenOptions {
  /**
   * Wait for PostgreSQL and Redis to answer (logging once what is waited for) instead of
   * failing: a server process started during an outage comes up when it ends. CLIs fail fast.
   */
  waitForDependencies?: boolean
}

/** Where the database is, for people: host, port and name, or the embedded files. */
export function databaseLabel(config: Config): string {
  if (!config.databaseUrl) return `the embedded database in ${config.dataDir}`
  const url = new URL(config.databaseUrl)
  return `postgres ${url.hostname}:${url.port || 5432}${url.pathname}`
}

/** The Redis URL without its password, or a cluster's seed nodes. */
export function redisLabel(config: Config): string {
  const { redis } = config
  if (redis.cluster) {
    const nodes = redis.cluster.nodes.map((n) => `${n.host}:${n.port}`).join(',')
    return `redis cluster ${redis.cluster.tls ? 'rediss://' : ''}${nodes}`
  }
  const url = new URL(redis.url)
  url.password = ''
  url.username = ''
  return url.toString().replace(/\/$/, '')
}

/**
 * Connects what every role and CLI needs: Redis (checked for noeviction), the database
 * (migrated), its identity and queue prefix, queues, the event publisher, metrics and the
 * secrets box. Every connection reports to one dependency monitor, which logs each outage once.
 */
export async function openContext(
  config: Config,
  logger: Logger,
  options: OpenOptions = {},
): Promise<OpenedContext> {
  let database: Database | null = null
  const health = createDependencyMonitor({
    logger,
    endpoints: { postgres: endpointOf(config.databaseUrl), redis: redisEndpointOf(config.redis) },
    describe: { postgres: databaseLabel(config), redis: redisLabel(config) },
    // A process that waits for its dependencies says what it waits for; one that fails fast
    // (a CLI) says it in its last line.
    quiet: !options.waitForDependencies,
    probePostgres: () =>
      database ? database.db.execute(sql`select 1`) : Promise.reject(new Error('not open yet')),
  })
  const redis = createRedis(config.redis, 'producer')
  const adapterRedis = createRedis(config.redis, 'worker')
  // Auto-pipelining sends the PUBLISHes of one tick in one write: a job's events travel together.
  const emitterRedis = createRedis(config.redis, 'worker', { enableAutoPipelining: true })
  const connections = [redis, adapterRedis, emitterRedis]
  // The producer connection tells the monitor; the others would only repeat it.
  health.watchRedis(redis)
  for (const other of connections.slice(1)) other.on('error', () => {})

  const until = async <T>(dependency: Dependency, attempt: () => Promise<T>): Promise<T> => {
    for (let tries = 0; ; tries++) {
      try {
        const value = await attempt()
        health.reportUp(dependency)
        return value
      } catch (err) {
        if (!options.waitForDependencies || !health.reportFailure(err, dependency)) throw err
        await new Promise((resolve) => setTimeout(resolve, backoffMs(tries)))
      }
    }
  }
  try {
    await until('redis', () => waitForReady(redis))
    await assertNoEviction(redis)
    database = await until('postgres', () =>
      openDatabase(
        {
          ...config,
          onConnectionError: (err) => {
            if (!health.reportFailure(err, 'postgres'))
              logger.warn({ err }, 'postgres connection failed')
          },
        },
        logger,
      ),
    )
  } catch (err) {
    health.close()
    connections.forEach((c) => c.disconnect())
    throw err
  }
  const db = database.db
  const identity = await databaseIdentity(db)
  // Unless told, the prefix is the database's own: two databases on one Redis never meet.
  if (config.queuePrefixDerived)
    config.queuePrefix = keyPrefix(`firebreak-${identity.tag}`, config.redis)
  const owner = { database: identity.id, label: databaseLabel(config) }
  const claim = () => claimPrefix(redis, config.queuePrefix, owner, logger, redisLabel(config))
  try {
    await claim()
  } catch (err) {
    health.close()
    connections.forEach((c) => c.disconnect())
    await database.close()
    throw err
  }

  const replica = config.readReplica
    ? await openReadReplica(config.readReplica.url, db, {
        maxLagMs: config.readReplica.maxLagMs,
        logger,
      })
    : null
  const metrics = createMetrics()
  if (replica) metrics.watchReadReplica(replica)
  const queues = createQueues(
    redis,
    config.queuePrefix,
    (err) => health.reportFailure(err, 'redis'),
    { notify: alertWebhookJobOptions(config) },
  )
  metrics.watchQueues(queues)
  metrics.watchHealth(health)
  // Whatever lives only in Redis is written again when Redis comes back (it may have lost it).
  const offRedisBack = health.onChange((dependency, up) => {
    if (dependency === 'redis' && up)
      claim().catch((err: Error) => logger.error({ err }, 'could not claim the queue prefix again'))
  })
  const heartbeat = setInterval(
    () => void renewPrefix(redis, config.queuePrefix, owner).catch(() => {}),
    HEARTBEAT_MS,
  )
  heartbeat.unref()
  const ctx: AppContext = {
    config,
    db,
    readDb: replica ? () => replica.current() : () => db,
    driver: database.driver,
    database: { ...identity, label: owner.label },
    health,
    queues,
    redis,
    publisher: createPublisher(emitterRedis, config.queuePrefix, logger, health),
    metrics,
    logger,
    sessions: createSessionStore(redis, config.queuePrefix, {
      idleSeconds: config.sessionTtlSeconds,
      maxSeconds: config.sessionMaxSeconds,
    }),
    loginLimiter: createLoginLimiter(redis, config.queuePrefix),
    secrets: createSecretBox(loadSecretsKey(config)),
  }
  metrics.watchOutbox(() => countPendingOutbox(ctx))
  const opened = database
  return {
    ctx,
    adapterRedis,
    async close() {
      clearInterval(heartbeat)
      offRedisBack()
      // Closing our own connections is not an outage.
      health.close()
      await queues.close()
      await Promise.all(connections.map((c) => closeRedis(c)))
      await replica?.close()
      await opened.close()
    },
  }
}
