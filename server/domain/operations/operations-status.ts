import { sql } from 'drizzle-orm'
import type { OperationsStatus } from '../../../shared/schemas/operations.js'
import type { AppContext } from '../../context.js'
import { countDeadLetters } from '../../queue/dead-letters.js'
import { countPendingOutbox, countRedispatched } from '../ingest/dispatch-outbox.js'

const CHECK_TIMEOUT_MS = 2000

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

/** Asks a dependency directly and tells the monitor what it found; null when it answered. */
async function check(
  ctx: AppContext,
  dependency: 'postgres' | 'redis',
  ask: () => Promise<unknown>,
): Promise<string | null> {
  try {
    await withTimeout(ask(), CHECK_TIMEOUT_MS)
    ctx.health.reportUp(dependency)
    return null
  } catch (err) {
    ctx.health.reportFailure(err, dependency)
    return (err as Error).message.split('\n')[0]!
  }
}

/**
 * How this Firebreak is: each dependency asked now (what the monitor heard is updated with the
 * answer), dead letters (from Redis) and pending outbox work (from PostgreSQL), each null
 * when what holds it does not answer.
 */
export async function readOperationsStatus(
  ctx: AppContext,
): Promise<OperationsStatus & { checks: { database: string; redis: string } }> {
  const [database, redis] = await Promise.all([
    check(ctx, 'postgres', () => ctx.db.execute(sql`select 1`)),
    check(ctx, 'redis', () => ctx.redis.ping()),
  ])
  const [deadLetters, pending, redispatched] = await Promise.all([
    redis ? null : withTimeout(countDeadLetters(ctx.queues), CHECK_TIMEOUT_MS).catch(() => null),
    database ? null : withTimeout(countPendingOutbox(ctx), CHECK_TIMEOUT_MS).catch(() => null),
    redis ? null : withTimeout(countRedispatched(ctx), CHECK_TIMEOUT_MS).catch(() => null),
  ])
  const snapshot = ctx.health.snapshot()
  return {
    status: database || redis ? 'unavailable' : 'ok',
    // The answers of the checks just made, which the snapshot may not have caught up with.
    dependencies: {
      postgres: database ? { ...snapshot.postgres, up: false, error: database } : snapshot.postgres,
      redis: redis ? { ...snapshot.redis, up: false, error: redis } : snapshot.redis,
    },
    checks: {
      database: database ? `error: ${database}` : 'ok',
      redis: redis ? `error: ${redis}` : 'ok',
    },
    deadLetters,
    outbox: { pending, redispatched },
  }
}
