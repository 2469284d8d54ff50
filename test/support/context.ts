import crypto from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { inject } from 'vitest'
import type { Redis } from 'ioredis'
import { loadConfig, type Config } from '../../server/config.js'
import type { AppContext } from '../../server/context.js'
import { IN_MEMORY, openDatabase } from '../../server/db/client.js'
import { createLogger } from '../../server/lib/logger.js'
import { createLoginLimiter } from '../../server/auth/login-limiter.js'
import { createSessionStore } from '../../server/auth/sessions.js'
import { createMetrics } from '../../server/lib/metrics.js'
import { createSecretBox } from '../../server/lib/secret-box.js'
import { createQueues } from '../../server/queue/queues.js'
import { createRedis, waitForReady } from '../../server/queue/redis.js'
import { createPublisher } from '../../server/realtime/publisher.js'
import { PG_ADMIN_URL, databaseUrl } from './postgres.js'

/** A fixed key for tests; production keys come from SECRETS_KEY. */
export const TEST_SECRETS_KEY = Buffer.alloc(32, 7).toString('base64')

export const driver = () => (process.env.FIREBREAK_TEST_DRIVER === 'pglite' ? 'pglite' : 'postgres')

/** A fresh database for one test file: a clone of the migrated template, or in-memory PGlite. */
export async function createTestDatabaseUrl(): Promise<string | undefined> {
  if (driver() === 'pglite') return undefined
  const template = inject('templateDatabase')
  const name = `${template}_${crypto.randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL })
  await admin.connect()
  try {
    await admin.query(`create database "${name}" template "${template}"`)
  } finally {
    await admin.end()
  }
  return databaseUrl(name)
}

/** Config as a test process would read it, with a unique queue prefix per test file. */
export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    LOG_FORMAT: 'json',
    QUEUE_PREFIX: `fbtest-${crypto.randomBytes(5).toString('hex')}`,
    SECRETS_KEY: TEST_SECRETS_KEY,
    DATA_DIR: path.join(os.tmpdir(), `firebreak-test-${process.pid}`),
    OUTBOX_SWEEP_MS: '1000',
    JOB_LOCK_MS: '5000',
    ...overrides,
  })
}

export interface TestContext {
  ctx: AppContext
  /** The patient connection the publisher uses; the socket adapter shares it. */
  publisherRedis: ReturnType<typeof createRedis>
  close(): Promise<void>
}

/**
 * The real thing for one test file: its own database, real Redis under a unique BullMQ prefix
 * (obliterated on close), real queues and publisher.
 */
export async function createTestContext(
  overrides: Record<string, string | undefined> = {},
): Promise<TestContext> {
  const url = overrides.DATABASE_URL ?? (await createTestDatabaseUrl())
  const config = testConfig({ DATABASE_URL: url, ...overrides })
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent', { format: 'json' })
  const database = await openDatabase({ databaseUrl: url, dataDir: IN_MEMORY }, logger)
  const redis = createRedis(config.redisUrl, 'producer')
  const publisherRedis = createRedis(config.redisUrl, 'worker')
  await waitForReady(redis)
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
    sessions: createSessionStore(redis, config.queuePrefix, config.sessionTtlSeconds),
    loginLimiter: createLoginLimiter(redis, config.queuePrefix),
    secrets: createSecretBox(Buffer.from(TEST_SECRETS_KEY, 'base64')),
  }
  return {
    ctx,
    publisherRedis,
    async close() {
      await queues.close()
      await deleteKeys(redis, `${config.queuePrefix}:*`)
      redis.disconnect()
      publisherRedis.disconnect()
      await database.close()
    },
  }
}

/** Removes every key of a test's prefix: queues, schedulers, locks. */
async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500)
    if (keys.length) await redis.del(...keys)
    cursor = next
  } while (cursor !== '0')
}
