import type { RedisClient } from '../queue/redis.js'
import type { Config } from '../config.js'

/**
 * The one "now" of time-driven rules (promise alarms, response-target breaches): the wall
 * clock, plus, where the test clock is on (FIREBREAK_TEST_CLOCK=1, never in production), an
 * offset kept in Redis so that every API and worker process of one install agrees on it.
 */
interface ClockContext {
  config: Pick<Config, 'testClock' | 'queuePrefix'>
  redis: RedisClient
}

const offsetKey = (prefix: string) => `${prefix}:test-clock:offset-ms`

/** Now, as the rules see it. Without the test clock this is the wall clock and reads nothing. */
export async function clockNow(ctx: ClockContext): Promise<Date> {
  if (!ctx.config.testClock) return new Date()
  return new Date(Date.now() + (await clockOffsetMs(ctx)))
}

/** How far the test clock is ahead of the wall clock (0 without it). */
export async function clockOffsetMs(ctx: ClockContext): Promise<number> {
  if (!ctx.config.testClock) return 0
  const raw = await ctx.redis.get(offsetKey(ctx.config.queuePrefix))
  const offset = raw === null ? 0 : Number(raw)
  return Number.isFinite(offset) ? offset : 0
}

/**
 * Moves the test clock forward by `ms` (or back to the wall clock with `reset`); returns the
 * new offset. Refuses where the test clock is off, whoever asks: the route is not even mounted
 * there, and this is the second lock.
 */
export async function advanceClock(
  ctx: ClockContext,
  change: { advanceMs?: number; reset?: boolean },
): Promise<number> {
  if (!ctx.config.testClock) throw new Error('The test clock is off (FIREBREAK_TEST_CLOCK)')
  const key = offsetKey(ctx.config.queuePrefix)
  if (change.reset) await ctx.redis.del(key)
  if (change.advanceMs) return Number(await ctx.redis.incrby(key, change.advanceMs))
  return clockOffsetMs(ctx)
}
