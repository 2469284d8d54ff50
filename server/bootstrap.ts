import type { Redis } from 'ioredis'
import type { Config } from './config.js'
import type { AppContext } from './context.js'
import { openDatabase } from './db/client.js'
import type { Logger } from './lib/logger.js'
import { createMetrics } from './lib/metrics.js'
import { createSecretBox, loadSecretsKey } from './lib/secret-box.js'
import { createQueues } from './queue/queues.js'
import { assertNoEviction, createRedis, waitForReady } from './queue/redis.js'
import { createPublisher } from './realtime/publisher.js'

export interface OpenedContext {
  ctx: AppContext
  /** A patient connection, shared by the event publisher and the socket.io adapter. */
  publisherRedis: Redis
  close(): Promise<void>
}

/**
 * Connects what every role and CLI needs: Redis (checked for noeviction), the database
 * (migrated), queues, the event publisher, metrics and the secrets box.
 */
export async function openContext(config: Config, logger: Logger): Promise<OpenedContext> {
  const redis = createRedis(config.redisUrl, 'producer')
  const publisherRedis = createRedis(config.redisUrl, 'worker')
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'))
  publisherRedis.on('error', () => {}) // the producer connection reports the same outage
  try {
    await waitForReady(redis)
    await assertNoEviction(redis)
  } catch (err) {
    redis.disconnect()
    publisherRedis.disconnect()
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
    publisher: createPublisher(publisherRedis, config.queuePrefix, logger),
    metrics,
    logger,
    secrets: createSecretBox(loadSecretsKey(config)),
  }
  return {
    ctx,
    publisherRedis,
    async close() {
      await queues.close()
      redis.disconnect()
      publisherRedis.disconnect()
      await database.close()
    },
  }
}
