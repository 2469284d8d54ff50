import crypto from 'node:crypto'
import type { RedisClient } from '../queue/redis.js'
import { z } from 'zod'
import { RoleSchema } from '../../shared/roles.js'

/** What a signed-in browser's session holds; the role is revoked with the session. */
export const SessionSchema = z.object({
  userId: z.uuid(),
  role: RoleSchema,
  csrf: z.string(),
  createdAt: z.number(),
})
export type Session = z.infer<typeof SessionSchema>

export interface SessionStore {
  /** A new session with a new id (never a reused one), e.g. at sign-in. */
  create(input: {
    userId: string
    role: Session['role']
  }): Promise<{ id: string; session: Session }>
  get(id: string): Promise<Session | null>
  /** Which of these sessions still exist, without extending them (for open sockets). */
  live(ids: string[]): Promise<Set<string>>
  destroy(id: string): Promise<void>
  /** Ends every session of a user (deactivated, role changed). */
  revokeUser(userId: string): Promise<number>
}

/**
 * What stands for a session id wherever it is stored or sent (Redis keys, socket rooms): a
 * Redis dump or a pub/sub message yields no usable cookie.
 */
export const hashSessionId = (id: string) => crypto.createHash('sha256').update(id).digest('hex')

/** How long a session lives: `idleSeconds` after its last use, `maxSeconds` after sign-in at most. */
export interface SessionLifetime {
  idleSeconds: number
  maxSeconds: number
}

/**
 * Sessions in Redis under the hash of their id; each user's session keys are indexed for
 * revocation. The TTL slides on use, but never past the session's absolute lifetime: a stolen
 * cookie, used every minute, still dies with it.
 */
export function createSessionStore(
  redis: RedisClient,
  prefix: string,
  lifetime: SessionLifetime,
): SessionStore {
  const ttlSeconds = lifetime.idleSeconds
  const key = (id: string) => `${prefix}:session:${hashSessionId(id)}`
  const userKey = (userId: string) => `${prefix}:user-sessions:${userId}`
  /** Seconds a session created at `createdAt` may live from now on (0: it is over). */
  const remaining = (createdAt: number) =>
    Math.max(0, Math.floor((createdAt + lifetime.maxSeconds * 1000 - Date.now()) / 1000))
  return {
    async create({ userId, role }) {
      const id = crypto.randomBytes(32).toString('base64url')
      const session: Session = {
        userId,
        role,
        csrf: crypto.randomBytes(32).toString('base64url'),
        createdAt: Date.now(),
      }
      await redis
        .multi()
        .set(key(id), JSON.stringify(session), 'EX', ttlSeconds)
        .sadd(userKey(userId), key(id))
        .expire(userKey(userId), ttlSeconds)
        .exec()
      return { id, session }
    },
    async get(id) {
      const raw = await redis.get(key(id))
      if (!raw) return null
      const parsed = SessionSchema.safeParse(JSON.parse(raw))
      const left = parsed.success ? remaining(parsed.data.createdAt) : 0
      if (!parsed.success || !left) {
        await redis.del(key(id))
        return null
      }
      await redis.expire(key(id), Math.min(ttlSeconds, left))
      return parsed.data
    },
    async live(ids) {
      if (!ids.length) return new Set()
      const pipeline = redis.pipeline()
      for (const id of ids) pipeline.exists(key(id))
      const results = (await pipeline.exec()) ?? []
      return new Set(ids.filter((_, i) => results[i]?.[1] === 1))
    },
    async destroy(id) {
      const raw = await redis.get(key(id))
      await redis.del(key(id))
      if (raw) await redis.srem(userKey(SessionSchema.parse(JSON.parse(raw)).userId), key(id))
    },
    async revokeUser(userId) {
      const keys = await redis.smembers(userKey(userId))
      if (keys.length) await redis.del(...keys)
      await redis.del(userKey(userId))
      return keys.length
    },
  }
}
