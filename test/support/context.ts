import crypto from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { inject } from 'vitest'
import { loadConfig, type Config } from '../../server/config.js'
import { openContext, type OpenedContext } from '../../server/bootstrap.js'
import type { AppContext } from '../../server/context.js'
import { IN_MEMORY } from '../../server/db/client.js'
import { deleteKeysWithPrefix } from '../../server/queue/redis.js'
import { createLogger } from '../../server/lib/logger.js'
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
  /** The connection the socket.io adapter uses (its subscriber duplicates it). */
  adapterRedis: OpenedContext['adapterRedis']
  close(): Promise<void>
}

/**
 * The real thing for one test file, opened exactly as the product opens it: its own database
 * (a template clone, or in-memory PGlite), real Redis under a unique key prefix (removed on
 * close), real queues, publisher, sessions.
 */
export async function createTestContext(
  overrides: Record<string, string | undefined> = {},
): Promise<TestContext> {
  const url = overrides.DATABASE_URL ?? (await createTestDatabaseUrl())
  const config = testConfig({ DATABASE_URL: url, DATA_DIR: IN_MEMORY, ...overrides })
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent', { format: 'json' })
  const opened = await openContext(config, logger)
  return {
    ctx: opened.ctx,
    adapterRedis: opened.adapterRedis,
    async close() {
      await deleteKeysWithPrefix(opened.ctx.redis, config.queuePrefix)
      await opened.close()
    },
  }
}
