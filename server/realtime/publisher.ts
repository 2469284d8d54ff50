import { Emitter } from '@socket.io/redis-emitter'
import type { Redis } from 'ioredis'
import type {
  BroadcastData,
  BroadcastEventName,
  EventEnvelope,
  ServerEventName,
  ServerToClientEvents,
  TeamData,
  TeamEventName,
} from '../../shared/events.js'
import { TEAM_EVENT_ROOMS } from '../../shared/events.js'
import { hashSessionId } from '../auth/sessions.js'
import type { DependencyMonitor } from '../lib/dependency-monitor.js'
import type { Logger } from '../lib/logger.js'

export type Publisher = {
  /**
   * Pushes a committed event to every console watching the brand, on every server process:
   * as it is to the brand's team, and without its owner to the rest (viewers).
   */
  publish<N extends ServerEventName>(name: N, event: EventEnvelope<N>): void
  /**
   * Pushes an unnumbered event to a brand's room its map names (the team's, or every console's),
   * or to one user's sockets.
   */
  tell<N extends TeamEventName>(
    name: N,
    to: { brandId: string } | { userId: string },
    data: TeamData<N>,
  ): void
  /** Announces to every console on every server process (the `consoles` room). */
  broadcast<N extends BroadcastEventName>(name: N, data: BroadcastData<N>): void
  /** Drops every open socket of a user, on every server (deactivated, role changed). */
  disconnectUser(userId: string): void
  /** Drops every open socket of one session, on every server (signed out in another tab). */
  disconnectSession(sessionId: string): void
}

/** Room of a brand's consoles. */
export const brandRoom = (brandId: string) => `brand:${brandId}`

/** Room of a brand's consoles whose role may see owners, presence and notes. */
export const teamRoom = (brandId: string) => `brand:${brandId}:team`

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
      const team = teamRoom(event.brandId)
      const { assignee: _owner, ...withoutOwner } = event.data
      // A generic name cannot narrow the mapped event type; the map already checked the caller.
      type Emit = (name: string, event: EventEnvelope) => boolean
      ;(emitter.to(team).emit as Emit)(name, event)
      ;(emitter.to(brandRoom(event.brandId)).except(team).emit as Emit)(name, {
        ...event,
        data: withoutOwner,
      })
    },
    tell(name, to, data) {
      const room =
        'userId' in to
          ? userRoom(to.userId)
          : TEAM_EVENT_ROOMS[name] === 'brand'
            ? brandRoom(to.brandId)
            : teamRoom(to.brandId)
      ;(emitter.to(room).emit as (name: string, data: unknown) => boolean)(name, data)
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
