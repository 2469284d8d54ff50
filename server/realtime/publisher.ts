import { Emitter } from '@socket.io/redis-emitter'
import { Cluster } from 'ioredis'
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
import type { RedisClient } from '../queue/redis.js'
import { createShardedEmitter } from './sharded-emitter.js'

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

/**
 * The Redis channel prefix shared by the socket.io adapter (servers) and emitter (workers).
 * Channels are not keys: a cluster's hash tag is left out, so that its sharded channels (one
 * per room) spread over its masters instead of all landing on the prefix's slot.
 */
export const socketChannelKey = (prefix: string) =>
  `${prefix.replace(/^\{(.*)\}$/, '$1')}:socket.io`

/** What the publisher asks of an emitter: the classic one, or the sharded one on a cluster. */
interface RoomsEmitter {
  to(room: string): RoomsEmitter
  in(room: string): RoomsEmitter
  except(room: string): RoomsEmitter
  emit(name: string, ...args: unknown[]): boolean
  disconnectSockets(close: boolean): void
}

/**
 * Publishes through Redis from every process, API or worker, so there is one path to the
 * consoles whether roles share a process or not. A lost push is not lost data: the event
 * row is committed first, and consoles fetch what they missed by seq.
 */
export function createPublisher(
  redis: RedisClient,
  prefix: string,
  logger: Logger,
  health: DependencyMonitor,
): Publisher {
  // The emitter fires PUBLISH without handling its promise; catch here so a Redis outage is
  // the monitor's one warning rather than an unhandled rejection or a warning per event.
  const failed = (err: Error) => {
    if (!health.reportFailure(err, 'redis'))
      logger.warn({ err }, 'event push failed; consoles will catch up by seq')
    return 0
  }
  const key = socketChannelKey(prefix)
  // Generic event names cannot narrow the emitter's mapped event types; the Publisher's
  // signatures already checked the callers.
  const emitter: RoomsEmitter =
    redis instanceof Cluster
      ? createShardedEmitter(
          { spublish: (channel, message) => redis.spublish(channel, message).catch(failed) },
          key,
        )
      : (new Emitter<ServerToClientEvents>(
          {
            publish: (channel: string, message: Buffer) =>
              redis.publish(channel, message).catch(failed),
          },
          { key },
        ) as unknown as RoomsEmitter)
  return {
    publish(name, event) {
      const team = teamRoom(event.brandId)
      const { assignee: _owner, ...withoutOwner } = event.data
      emitter.to(team).emit(name, event satisfies EventEnvelope)
      emitter
        .to(brandRoom(event.brandId))
        .except(team)
        .emit(name, { ...event, data: withoutOwner })
    },
    tell(name, to, data) {
      const room =
        'userId' in to
          ? userRoom(to.userId)
          : TEAM_EVENT_ROOMS[name] === 'brand'
            ? brandRoom(to.brandId)
            : teamRoom(to.brandId)
      emitter.to(room).emit(name, data)
    },
    broadcast(name, data) {
      emitter.to(CONSOLES_ROOM).emit(name, data)
    },
    disconnectUser(userId) {
      emitter.in(userRoom(userId)).disconnectSockets(true)
    },
    disconnectSession(sessionId) {
      emitter.in(sessionRoom(sessionId)).disconnectSockets(true)
    },
  }
}
