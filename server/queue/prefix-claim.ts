import { ConfigError } from '../config.js'
import type { Logger } from '../lib/logger.js'
import { deleteKeysWithPrefix, type RedisClient } from './redis.js'

/** The database a queue prefix serves, as recorded under the prefix. */
export interface PrefixOwner {
  database: string
  /** Where that database is, for people (no credentials). */
  label: string
}

/** Every process of the owning database renews this; it lapses when none runs. */
const ALIVE_MS = 30_000
export const HEARTBEAT_MS = 10_000

const ownerKey = (prefix: string) => `${prefix}:instance`
const aliveKey = (prefix: string) => `${prefix}:instance:alive`
const takeoverKey = (prefix: string) => `${prefix}:instance:takeover`

const parseOwner = (raw: string | null): PrefixOwner | null => {
  try {
    return raw ? (JSON.parse(raw) as PrefixOwner) : null
  } catch {
    return null
  }
}

/**
 * Records which database a queue prefix serves, so that two databases never share one: a job
 * names an outbox row, which means something else in another database. A prefix whose owner
 * still runs (a process renewed its heartbeat in the last 30 s) is refused with a message
 * naming both databases. A prefix whose owner is gone (a deleted ./data, a re-clone beside a
 * used Redis) is taken over: everything under it belonged to that database (queued jobs,
 * sessions) and is cleared first, once, by whichever process gets there first.
 */
export async function claimPrefix(
  redis: RedisClient,
  prefix: string,
  me: PrefixOwner,
  logger: Logger,
  where: string,
): Promise<void> {
  const owner = parseOwner(await redis.get(ownerKey(prefix)))
  if (owner && owner.database !== me.database) {
    if ((await redis.get(aliveKey(prefix))) === owner.database) {
      throw new ConfigError(
        `QUEUE_PREFIX=${prefix} on ${where} already serves another database (${owner.label}), ` +
          `and a process of it ran within the last ${ALIVE_MS / 1000} s; this process serves ` +
          `${me.label}. Two databases on one prefix would take each other's jobs. Give this one ` +
          'a QUEUE_PREFIX of its own, or leave QUEUE_PREFIX unset to derive one from the database.',
      )
    }
    if (await redis.set(takeoverKey(prefix), me.database, 'PX', 60_000, 'NX')) {
      await deleteKeysWithPrefix(redis, prefix)
      logger.warn(
        { prefix, previous: owner.label },
        `queue prefix ${prefix} served ${owner.label}, which no process serves now: its Redis ` +
          'state (queued jobs, sessions) was cleared for this database',
      )
    } else {
      await waitForOwner(redis, prefix, me.database)
    }
  }
  await redis.set(ownerKey(prefix), JSON.stringify(me))
  await renewPrefix(redis, prefix, me)
}

/** The heartbeat: this database still runs. */
export async function renewPrefix(
  redis: RedisClient,
  prefix: string,
  me: PrefixOwner,
): Promise<void> {
  await redis.set(aliveKey(prefix), me.database, 'PX', ALIVE_MS)
}

/** Another process of this database is clearing the prefix: wait for it to finish. */
async function waitForOwner(redis: RedisClient, prefix: string, database: string): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (parseOwner(await redis.get(ownerKey(prefix)))?.database === database) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`queue prefix ${prefix}: another process took it over and did not finish`)
}
