import { Emitter } from '@socket.io/redis-emitter'
import type { Redis } from 'ioredis'
import type {
  BroadcastData,
  BroadcastEventName,
  EventEnvelope,
  ServerEventName,
  ServerToClientEvents,
} from '../../shared/events.js'
import { hashSessionId } from '../auth/sessions.js'
import type { DependencyMonitor } from '../lib/dependency-monitor.js'
import type { Logger } from '../lib/logger.js'

export type Publisher = {
  /** Pushes a committed event to every console watching the brand, on every server process. */
  publish<N extends ServerEventName>(name: N, event: EventEnvelope<N>): void
  /** Announces to every console on every server process (the `consoles` room). */
  broadcast<N extends BroadcastEventName>(name: N, data: BroadcastData<N>): void
  /** Drops every open socket of a user, on every server (deactivated, role changed). */
  disconnectUser(userId: string): void
  /** Drops every open socket of one session, on every server (signed out in another tab). */
  disconnectSession(sessionId: string): void
}

/** Room of a brand's consoles. */
export const brandRoom = (brandId: string) => `brand:${brandId}`

/** Room of every console whose role may read scoring announcements. */
export const CONSOLES_ROOM = 'consoles'

/** Room of one user's sockets, for revoking them. */
export const userRoom = (userId: string) => `user:${userId}`

/** Room of one session's sockets, named by its hash: room names travel through Redis. */
export const sessionRoom = (sessionId: string) => `session:${hashSessionId(sessionId)}`

/** The Redis channel prefix shared by the socket.io adapter (servers) and emitter (workers). */
export const socketChannelKey = (prefix: string) => `${prefix}:socket.io`

/**
 * Publishes through Redis from every process, API or worker, so there is one path to the
 * consoles whether roles share a process or not. A lost push is not lost data: the event
 * row is committed first, and consoles fetch what they missed by seq.
 */
export function createPublisher(
  redis: Redis,
  prefix: string,
  logger: Logger,
  health: DependencyMonitor,
): Publisher {
  // The emitter fires PUBLISH without handling its promise; catch here so a Redis outage is
  // the monitor's one warning rather than an unhandled rejection or a warning per event.
  const client = {
    publish: (channel: string, message: Buffer) =>
      redis.publish(channel, message).catch((err: Error) => {
        if (!health.reportFailure(err, 'redis'))
          logger.warn({ err }, 'event push failed; consoles will catch up by seq')
        return 0
      }),
  }
  const emitter = new Emitter<ServerToClientEvents>(client, { key: socketChannelKey(prefix) })
  return {
    publish(name, event) {
      const room = emitter.to(brandRoom(event.brandId))
      // A generic name cannot narrow the mapped event type; the map already checked the caller.
      ;(room.emit as (name: string, event: EventEnvelope) => boolean)(name, event)
    },
    broadcast(name, data) {
      const room = emitter.to(CONSOLES_ROOM)
      ;(room.emit as (name: string, data: unknown) => boolean)(name, data)
    },
    disconnectUser(userId) {
      emitter.in(userRoom(userId)).disconnectSockets(true)
    },
    disconnectSession(sessionId) {
      emitter.in(sessionRoom(sessionId)).disconnectSockets(true)
    },
  }
}
