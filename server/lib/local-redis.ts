import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { once } from 'node:events'
import { Redis } from 'ioredis'
import type { Logger } from './logger.js'

export class RedisUnavailableError extends Error {}

async function ping(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.ping()
    return true
  } catch {
    return false
  } finally {
    client.disconnect()
  }
}

const isLocal = (host: string) => ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)

/**
 * Makes sure Redis answers at `url`. For the single-process start on a machine without a
 * running Redis it starts a `redis-server` child with its data (AOF on) under the data dir.
 * Returns a stop function when it started one.
 */
export async function ensureRedis(
  url: string,
  options: { dataDir: string; mayStart: boolean },
  logger: Logger,
): Promise<{ stop(): Promise<void> } | null> {
  if (await ping(url)) return null
  const target = new URL(url)
  const howTo =
    `Nothing answers at REDIS_URL=${target.protocol}//${target.host}. ` +
    'Start Redis (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) ' +
    'or set REDIS_URL to a running server.'
  if (!options.mayStart || !isLocal(target.hostname)) throw new RedisUnavailableError(howTo)
  if (spawnSync('redis-server', ['--version']).error) throw new RedisUnavailableError(howTo)

  const dir = path.join(options.dataDir, 'redis')
  fs.mkdirSync(dir, { recursive: true })
  const port = target.port || '6379'
  const child = spawn(
    'redis-server',
    [
      '--port',
      port,
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
      '--logfile',
      'redis.log',
    ],
    { stdio: 'ignore' },
  )
  logger.info({ port, dir, pid: child.pid }, 'started a local redis-server')
  await waitUntilAnswering(url, child)
  return { stop: () => stopChild(child) }
}

async function waitUntilAnswering(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new RedisUnavailableError(`redis-server exited with code ${child.exitCode} at start`)
    }
    if (await ping(url)) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill('SIGKILL')
  throw new RedisUnavailableError('redis-server did not answer within 10 s of starting')
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  await exited
}
