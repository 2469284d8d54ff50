import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis'
import type { RedisTarget } from '../config.js'
import { backoffMs } from '../lib/dependency-monitor.js'

/** A connection to one Redis server or to a Redis Cluster: every caller takes either. */
export type RedisClient = Redis | Cluster

/** Options of a connection beyond its role's; `shardedSubscribers` applies to a cluster only. */
export type RedisExtra = Pick<RedisOptions, 'enableAutoPipelining'> &
  Pick<ClusterOptions, 'shardedSubscribers'>

/**
 * Producers fail fast when Redis is away (the caller answers 503 or leaves the outbox row
 * for the sweeper); workers wait for ever, as BullMQ's production checklist asks. A target
 * with `cluster` gives an ioredis Cluster with the same semantics: fail-fast producers refuse
 * commands while the cluster is not ready, workers queue them, and a cluster that lost every
 * node is reconnected for ever with the same backoff.
 */
export function createRedis(
  target: RedisTarget | string,
  role: 'producer' | 'worker',
  extra: RedisExtra & RedisOptions = {},
): RedisClient {
  const { shardedSubscribers, ...rest } = extra
  const roleOptions: RedisOptions =
    role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1 }
      : { maxRetriesPerRequest: null }
  // Reconnect for ever, backing off to 5 s with jitter, so that many processes coming back
  // after an outage do not knock at once.
  const retry = (times: number) => backoffMs(times, 100, 5000)
  const connectionName = `firebreak-${role}`
  if (typeof target !== 'string' && target.cluster) {
    const { nodes, username, password, tls } = target.cluster
    const { enableAutoPipelining, ...nodeOptions } = rest
    return new Cluster(nodes, {
      lazyConnect: false,
      enableOfflineQueue: roleOptions.enableOfflineQueue ?? true,
      enableAutoPipelining,
      shardedSubscribers,
      clusterRetryStrategy: retry,
      redisOptions: {
        connectionName,
        username,
        password,
        ...(tls ? { tls: {} } : {}),
        maxRetriesPerRequest: roleOptions.maxRetriesPerRequest,
        ...nodeOptions,
      },
    })
  }
  const url = typeof target === 'string' ? target : target.url
  return new Redis(url, {
    lazyConnect: false,
    connectionName,
    retryStrategy: retry,
    ...roleOptions,
    ...rest,
  })
}

/**
 * A connection for socket.io's adapter to subscribe on, like `redis`: a cluster's subscribes
 * to sharded channels (SSUBSCRIBE), with one subscriber connection per master.
 */
export function subscriberOf(redis: RedisClient): RedisClient {
  return redis instanceof Cluster
    ? redis.duplicate(undefined, { shardedSubscribers: true })
    : redis.duplicate()
}

/** The servers holding keys: every master of a cluster, or the one server. */
export function mastersOf(redis: RedisClient): Redis[] {
  return redis instanceof Cluster ? redis.nodes('master') : [redis]
}

/**
 * Closes a connection after the replies it is still waiting for (QUIT is queued behind
 * them), so nothing in flight rejects with "Connection is closed". A connection that is not
 * up, or does not answer within `timeoutMs`, is cut.
 */
export async function closeRedis(redis: RedisClient, timeoutMs = 2000): Promise<void> {
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
export function waitForReady(redis: RedisClient): Promise<void> {
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
 * BullMQ loses jobs when Redis evicts keys. Refuse to run on a Redis that may evict (on a
 * cluster, any master that may): INFO is used rather than CONFIG GET, which managed services
 * often disable.
 */
export async function assertNoEviction(redis: RedisClient): Promise<void> {
  for (const node of mastersOf(redis)) {
    const info = await node.info('memory')
    const policy = /maxmemory_policy:(\S+)/.exec(info)?.[1]
    if (policy && policy !== 'noeviction') {
      const where = redis instanceof Cluster ? ` on ${node.options.host}:${node.options.port}` : ''
      throw new Error(
        `Redis maxmemory-policy is ${policy}${where}; Firebreak needs noeviction so queued work ` +
          'is never evicted. Set it with: redis-cli CONFIG SET maxmemory-policy noeviction',
      )
    }
  }
}

/**
 * Removes every key under a throwaway prefix (a test's or a benchmark's): queues, sessions,
 * locks. On a cluster each master is scanned, and each key deleted on the master that holds it.
 */
export async function deleteKeysWithPrefix(redis: RedisClient, prefix: string): Promise<void> {
  // SCAN's MATCH is a glob: the braces of a hash-tagged prefix are literal there, but not `[`.
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}:*`
  for (const node of mastersOf(redis)) {
    let cursor = '0'
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500)
      // One key per DEL: on a cluster, keys of different slots cannot share a command.
      if (keys.length) await node.pipeline(keys.map((key) => ['del', key])).exec()
      cursor = next
    } while (cursor !== '0')
  }
}
