import type { Redis } from 'ioredis'
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'

/** Attempts allowed per account, and per client address, in a window; then a lockout. */
export const LOGIN_LIMITS = { perAccount: 20, perAddress: 100, windowSeconds: 15 * 60 }

export interface LoginLimiter {
  /**
   * Counts one attempt against the account and the address, atomically in Redis, before the
   * password is checked, so parallel requests cannot slip past the limit.
   */
  consume(
    email: string,
    address: string,
  ): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>
  /** A successful sign-in clears the account's count. */
  reset(email: string): Promise<void>
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase()

export function createLoginLimiter(redis: Redis, prefix: string): LoginLimiter {
  const common = {
    storeClient: redis,
    duration: LOGIN_LIMITS.windowSeconds,
    blockDuration: LOGIN_LIMITS.windowSeconds,
  }
  const byAccount = new RateLimiterRedis({
    ...common,
    keyPrefix: `${prefix}:login-account`,
    points: LOGIN_LIMITS.perAccount,
  })
  const byAddress = new RateLimiterRedis({
    ...common,
    keyPrefix: `${prefix}:login-address`,
    points: LOGIN_LIMITS.perAddress,
  })
  return {
    async consume(email, address) {
      try {
        await Promise.all([byAccount.consume(normalizeEmail(email)), byAddress.consume(address)])
        return { allowed: true }
      } catch (err) {
        if (err instanceof RateLimiterRes) {
          return {
            allowed: false,
            retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)),
          }
        }
        throw err
      }
    },
    async reset(email) {
      await byAccount.delete(normalizeEmail(email))
    },
  }
}
