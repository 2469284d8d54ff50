import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ensureRedis } from '../../server/lib/local-redis.js'
import { createLogger } from '../../server/lib/logger.js'
import { assertNoEviction, createRedis, waitForReady } from '../../server/queue/redis.js'
import { freePort } from '../support/ports.js'
import { startRedisServer } from '../support/redis-server.js'

const logger = createLogger('silent')

describe('Redis', () => {
  it('is refused when it may evict keys', async () => {
    const server = await startRedisServer(['--maxmemory-policy', 'allkeys-lru'])
    const redis = createRedis(server.url, 'producer')
    try {
      await waitForReady(redis)
      await expect(assertNoEviction(redis)).rejects.toThrow(
        /maxmemory-policy is allkeys-lru.*noeviction/,
      )
    } finally {
      redis.disconnect()
      await server.stop()
    }
  })

  it('is started as a child with AOF under the data dir when nothing answers, and stopped after', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fb-redis-'))
    const url = `redis://127.0.0.1:${await freePort()}`
    const local = await ensureRedis(url, { dataDir, mayStart: true }, logger)
    expect(local).not.toBeNull()
    const redis = createRedis(url, 'producer')
    await waitForReady(redis)
    await assertNoEviction(redis)
    expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'yes'])
    redis.disconnect()
    await local!.stop()
    expect(fs.existsSync(path.join(dataDir, 'redis'))).toBe(true)
  })

  it('names REDIS_URL and how to install Redis when it may not start one', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`
    await expect(
      ensureRedis(url, { dataDir: os.tmpdir(), mayStart: false }, logger),
    ).rejects.toThrow(
      /Nothing answers at REDIS_URL=redis:\/\/127\.0\.0\.1:\d+\. Start Redis \(Debian\/Ubuntu: apt-get install redis-server/,
    )
  })
})
