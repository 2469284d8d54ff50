import type { Redis } from 'ioredis'
import type { Config } from './config.js'
import type { AppContext } from './context.js'
import { openDatabase } from './db/client.js'
import type { Logger } from './lib/logger.js'
import { createLoginLimiter } from './auth/login-limiter.js'
import { createSessionStore } from './auth/sessions.js'
import { createMetrics } from './lib/metrics.js'
import { createSecretBox, loadSecretsKey } from './lib/secret-box.js'
import { createQueues } from './queue/queues.js'
import { assertNoEviction, closeRedis, createRedis, waitForReady } from './queue/redis.js'
import { createPublisher } from './realtime/publisher.js'

export interface OpenedContext {
  ctx: AppContext
  /** A patient connection for the socket.io adapter (its subscriber duplicates it). */
  adapterRedis: Redis
  close(): Promise<void>
}

/**
 * Connects what every role and CLI needs: Redis (checked for noeviction), the database
 * (migrated), queues, the event publisher, metrics and the secrets box.
 */
export async function openContext(config: Config, logger: Logger): Promise<OpenedContext> {
  const redis = createRedis(config.redisUrl, 'producer')
  const adapterRedis = createRedis(config.redisUrl, 'worker')
  // Auto-pipelining sends the PUBLISHes of one tick in one write: a job's events travel together.
  const emitterRedis = createRedis(config.redisUrl, 'worker', { enableAutoPipelining: true })
  const connections = [redis, adapterRedis, emitterRedis]
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'))
  // The producer connection reports an outage; the others would only repeat it.
  for (const other of connections.slice(1)) other.on('error', () => {})
  try {
    await waitForReady(redis)
    await assertNoEviction(redis)
  } catch (err) {
    connections.forEach((c) => c.disconnect())
    throw err
  }
  const database = await openDatabase(config, logger)
  const metrics = createMetrics()
  const queues = createQueues(redis, config.queuePrefix)
  metrics.watchQueues(queues)
  const ctx: AppContext = {
    config,
    db: database.db,
    driver: database.driver,
    queues,
    redis,
    publisher: createPublisher(emitterRedis, config.queuePrefix, logger),
    metrics,
    logger,
    sessions: createSessionStore(redis, config.queuePrefix, config.sessionTtlSeconds),
    loginLimiter: createLoginLimiter(redis, config.queuePrefix),
    secrets: createSecretBox(loadSecretsKey(config)),
  }
  return {
    ctx,
    adapterRedis,
    async close() {
      await queues.close()
      await Promise.all(connections.map((c) => closeRedis(c)))
      await database.close()
    },
  }
}
