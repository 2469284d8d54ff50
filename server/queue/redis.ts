import { Redis, type RedisOptions } from 'ioredis'
import { backoffMs } from '../lib/dependency-monitor.js'

/**
 * Producers fail fast when Redis is away (the caller answers 503 or leaves the outbox row
 * for the sweeper); workers wait for ever, as BullMQ's production checklist asks.
 */
export function createRedis(
  url: string,
  role: 'producer' | 'worker',
  extra: RedisOptions = {},
): Redis {
  const options: RedisOptions =
    role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, ...extra }
      : { maxRetriesPerRequest: null, ...extra }
  return new Redis(url, {
    lazyConnect: false,
    connectionName: `firebreak-${role}`,
    // Reconnect for ever, backing off to 5 s with jitter, so that many processes coming back
    // after an outage do not knock at once.
    retryStrategy: (times) => backoffMs(times, 100, 5000),
    ...options,
  })
}

/**
 * Closes a connection after the replies it is still waiting for (QUIT is queued behind
 * them), so nothing in flight rejects with "Connection is closed". A connection that is not
 * up, or does not answer within `timeoutMs`, is cut.
 */
export async function closeRedis(redis: Redis, timeoutMs = 2000): Promise<void> {
  if (redis.status === 'ready') {
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))
    await Promise.race([
      redis.quit().then(
        () => undefined,
        () => undefined,
      ),
      timedOut,
    ])
    clearTimeout(timer)
  }
  redis.disconnect()
}

/** Resolves when the connection is ready, or rejects with the connection error. */
export function waitForReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve()
  return new Promise((resolve, reject) => {
    const onReady = () => {
      redis.off('error', onError)
      resolve()
    }
    const onError = (err: Error) => {
      redis.off('ready', onReady)
      reject(err)
    }
    redis.once('ready', onReady)
    redis.once('error', onError)
  })
}

/**
 * BullMQ loses jobs when Redis evicts keys. Refuse to run on a Redis that may evict:
 * INFO is used rather than CONFIG GET, which managed services often disable.
 */
export async function assertNoEviction(redis: Redis): Promise<void> {
  const info = await redis.info('memory')
  const policy = /maxmemory_policy:(\S+)/.exec(info)?.[1]
  if (policy && policy !== 'noeviction') {
    throw new Error(
      `Redis maxmemory-policy is ${policy}; Firebreak needs noeviction so queued work is never ` +
        'evicted. Set it with: redis-cli CONFIG SET maxmemory-policy noeviction',
    )
  }
}

/** Removes every key under a throwaway prefix (a test's or a benchmark's): queues, sessions, locks. */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500)
    if (keys.length) await redis.del(...keys)
    cursor = next
  } while (cursor !== '0')
}
