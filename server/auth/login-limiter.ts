import type { RedisClient } from '../queue/redis.js'
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'

/**
 * Attempts allowed in a window, then refused until it ends. An account is limited per address
 * it is tried from, so that someone guessing from one address locks out that address, not the
 * account's owner; a much higher limit across all addresses slows a guess spread over many.
 * Setting a password through a link (an expensive hash) has a limit per address of its own.
 */
export const LOGIN_LIMITS = {
  perAccountAndAddress: 20,
  perAccount: 500,
  perAddress: 100,
  setupPerAddress: 20,
  windowSeconds: 15 * 60,
}

export type LimitDecision =
  | { allowed: true }
  | {
      allowed: false
      retryAfterSeconds: number
      /** The first refusal of this block: the one worth an audit row. */
      firstRefusal: boolean
    }

export interface LoginLimiter {
  /**
   * Counts one sign-in attempt against the account (from this address and from anywhere) and
   * the address, atomically in Redis, before the password is checked, so parallel requests
   * cannot slip past the limit.
   */
  consume(email: string, address: string): Promise<LimitDecision>
  /** A successful sign-in clears the account's count from that address. */
  reset(email: string, address: string): Promise<void>
  /** Counts one attempt to use a setup link from this address. */
  consumeSetup(address: string): Promise<LimitDecision>
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase()

export function createLoginLimiter(redis: RedisClient, prefix: string): LoginLimiter {
  const limiter = (name: string, points: number) =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:${name}`,
      points,
      duration: LOGIN_LIMITS.windowSeconds,
      blockDuration: LOGIN_LIMITS.windowSeconds,
    })
  const byAccountAndAddress = limiter('login-account-address', LOGIN_LIMITS.perAccountAndAddress)
  const byAccount = limiter('login-account', LOGIN_LIMITS.perAccount)
  const byAddress = limiter('login-address', LOGIN_LIMITS.perAddress)
  const setupByAddress = limiter('setup-address', LOGIN_LIMITS.setupPerAddress)
  const pair = (email: string, address: string) => `${normalizeEmail(email)}|${address}`

  /** Consumes a point from each; refused by the first that is spent. */
  const decide = async (
    attempts: Array<Promise<unknown>>,
    blockKey: string,
  ): Promise<LimitDecision> => {
    try {
      await Promise.all(attempts)
      return { allowed: true }
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err
      // One audit row per block, not one per refused attempt (they are not news, and an
      // attacker should not be able to fill the log).
      const first = await redis.set(
        `${prefix}:login-blocked:${blockKey}`,
        '1',
        'EX',
        LOGIN_LIMITS.windowSeconds,
        'NX',
      )
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)),
        firstRefusal: first === 'OK',
      }
    }
  }

  return {
    consume: (email, address) =>
      decide(
        [
          byAccountAndAddress.consume(pair(email, address)),
          byAccount.consume(normalizeEmail(email)),
          byAddress.consume(address),
        ],
        pair(email, address),
      ),
    async reset(email, address) {
      await byAccountAndAddress.delete(pair(email, address))
    },
    consumeSetup: (address) => decide([setupByAddress.consume(address)], `setup|${address}`),
  }
}
