import type { RedisClient } from '../queue/redis.js'
import {
  PRESENCE_TTL_MS,
  type PresenceEntry,
  type PresenceSet,
} from '../../shared/schemas/presence.js'
import type { AppContext } from '../context.js'

/**
 * Who is on which complaint, in Redis so that every server process sees every console: one
 * sorted set per brand, a member per socket, scored by when it expires. A tab repeats its
 * presence every PRESENCE_HEARTBEAT_MS; a closed tab is removed at once, and a dropped
 * connection or a dead server's entries expire within PRESENCE_TTL_MS.
 */
const presenceKey = (prefix: string, brandId: string) => `${prefix}:presence:${brandId}`

/** A socket's member: its identity and what it does. */
export interface PresenceMember extends PresenceSet {
  socketId: string
  userId: string
  name: string
}

const encode = (m: PresenceMember) =>
  JSON.stringify([m.socketId, m.userId, m.name, m.complaintId, m.writing])

function decode(raw: string): PresenceMember | null {
  try {
    const [socketId, userId, name, complaintId, writing] = JSON.parse(raw) as unknown[]
    return { socketId, userId, name, complaintId, writing } as PresenceMember
  } catch {
    return null
  }
}

/** Replaces a socket's member (`previous`, as last written) with `next`; null removes it. */
export async function writePresence(
  redis: RedisClient,
  prefix: string,
  brandId: string,
  previous: PresenceMember | null,
  next: PresenceMember | null,
  now = Date.now(),
): Promise<void> {
  const key = presenceKey(prefix, brandId)
  const tx = redis.multi()
  if (previous) tx.zrem(key, encode(previous))
  if (next) tx.zadd(key, now + PRESENCE_TTL_MS, encode(next))
  tx.pexpire(key, PRESENCE_TTL_MS * 4)
  await tx.exec()
}

/** Drops expired members; returns how many went. */
export async function expirePresence(
  redis: RedisClient,
  prefix: string,
  brandId: string,
  now = Date.now(),
): Promise<number> {
  return redis.zremrangebyscore(presenceKey(prefix, brandId), '-inf', now)
}

/**
 * Everyone on a brand's console now: a person once per complaint (several tabs count once),
 * writing if any of their tabs writes there.
 */
export async function readPresence(
  redis: RedisClient,
  prefix: string,
  brandId: string,
  now = Date.now(),
): Promise<PresenceEntry[]> {
  const raw = await redis.zrangebyscore(presenceKey(prefix, brandId), now, '+inf')
  const byKey = new Map<string, PresenceEntry>()
  for (const member of raw.map(decode)) {
    if (!member) continue
    const key = `${member.userId}\u0000${member.complaintId ?? ''}`
    const seen = byKey.get(key)
    byKey.set(key, {
      userId: member.userId,
      name: member.name,
      complaintId: member.complaintId,
      writing: member.writing ?? seen?.writing ?? null,
    })
  }
  return [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name))
}

/** The users with a console open on the brand now (auto-assignment gives only to them). */
export async function onlineUsers(ctx: AppContext, brandId: string): Promise<Set<string>> {
  const entries = await readPresence(ctx.redis, ctx.config.queuePrefix, brandId)
  return new Set(entries.map((e) => e.userId))
}
