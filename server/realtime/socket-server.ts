import type { Server as HttpServer } from 'node:http'
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter'
import { Cluster } from 'ioredis'
import { Server } from 'socket.io'
import {
  ROOM_ACCESS,
  SocketAuthSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../shared/events.js'
import { describeIssues, toIssues } from '../../shared/errors.js'
import { can } from '../../shared/roles.js'
import type { AppContext } from '../context.js'
import { getBrand } from '../db/repositories/brands.js'
import { getUser } from '../db/repositories/users.js'
import { sessionFromHeaders, type Actor } from '../auth/session-cookie.js'
import { addSecurityHeaders, securityHeaders } from '../lib/security-headers.js'
import { isSameOrigin } from '../auth/same-origin.js'
import { AppError } from '../lib/app-error.js'
import type { RedisClient } from '../queue/redis.js'
import { attachPresence } from './presence.js'
import {
  brandRoom,
  CONSOLES_ROOM,
  sessionRoom,
  socketChannelKey,
  teamRoom,
  userRoom,
} from './publisher.js'

export type SocketServer = Server<ClientToServerEvents, ServerToClientEvents>

interface SocketData {
  actor: Actor
  /** The person's name, for presence. */
  name: string
  brandId: string
  sessionId: string
}

/** How often each server checks that its sockets' sessions still exist (expired by TTL). */
const SESSION_CHECK_MS = 30_000

/**
 * socket.io on the API's HTTP server, with the Redis adapter so that events published by any
 * process reach every console on every server. WebSockets are not covered by CORS, so the
 * handshake checks the Origin itself, then the session cookie; the server, not the client,
 * joins the rooms the session's role may see. A socket lives no longer than its session:
 * sign-out, revocation and role changes drop it at once (rooms); expiry, at the next check.
 */
export function attachSocketServer(
  httpServer: HttpServer,
  ctx: AppContext,
  redis: { pub: RedisClient; sub: RedisClient },
  options: { sessionCheckMs?: number } = {},
): SocketServer {
  // Without a listener of ours, the adapter warns on the console at every error of an outage;
  // the dependency monitor reports the outage once.
  for (const client of [redis.pub, redis.sub]) {
    client.on('error', (err: Error) => ctx.health.reportFailure(err, 'redis'))
  }
  const channels = socketChannelKey(ctx.config.queuePrefix)
  const io: SocketServer = new Server(httpServer, {
    serveClient: false,
    // A cluster's classic pub/sub sends every message to every node; its sharded pub/sub
    // (SPUBLISH) keeps each channel on the master of its slot, and the sharded adapter gives
    // each room a channel of its own. The publisher (publisher.ts) writes in its format.
    adapter:
      redis.pub instanceof Cluster
        ? createShardedAdapter(redis.pub, redis.sub, { channelPrefix: channels })
        : createAdapter(redis.pub, redis.sub, { key: channels }),
    allowRequest: (req, callback) => callback(null, isSameOrigin(req.headers, ctx.config)),
  })
  io.use(async (socket, next) => {
    try {
      const session = await sessionFromHeaders(ctx, socket.handshake.headers)
      if (!session) return next(new Error('unauthorized: sign in first'))
      const actor: Actor = { userId: session.data.userId, role: session.data.role }
      if (!can(actor.role, ROOM_ACCESS.brand)) return next(new Error('forbidden'))
      const auth = SocketAuthSchema.safeParse(socket.handshake.auth)
      if (!auth.success) {
        return next(new Error(`invalid handshake: ${describeIssues(toIssues(auth.error))}`))
      }
      await getBrand(ctx.db, auth.data.brandId)
      const { name } = await getUser(ctx.db, actor.userId)
      const data: SocketData = { actor, name, brandId: auth.data.brandId, sessionId: session.id }
      socket.data = data
      next()
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found')
        return next(new Error('unknown brand'))
      // The console tries again by itself; an outage is the monitor's one line.
      if (ctx.health.reportFailure(err, 'postgres'))
        return next(new Error('unavailable: try again shortly'))
      ctx.logger.error({ err }, 'socket handshake failed')
      next(new Error('internal error'))
    }
  })
  // engine.io's refusals (a foreign Origin, an unknown sid) are written without its header
  // events, so the headers are set on every answer under its path before engine.io sees it;
  // the events cover the WebSocket upgrade, which is not a 'request'.
  const enginePath = `${io.path()}/`
  httpServer.prependListener('request', (req, res) => {
    if (req.url?.startsWith(enginePath)) securityHeaders(req, res, () => {})
  })
  io.engine.on('initial_headers', addSecurityHeaders)
  io.engine.on('headers', addSecurityHeaders)
  dropSocketsWhenResubscribed(io, redis.sub)
  io.on('connection', (socket) => {
    const { actor, brandId, sessionId } = socket.data as SocketData
    void socket.join([userRoom(actor.userId), sessionRoom(sessionId)])
    if (can(actor.role, ROOM_ACCESS.brand)) void socket.join(brandRoom(brandId))
    if (can(actor.role, ROOM_ACCESS.team)) void socket.join(teamRoom(brandId))
    if (can(actor.role, ROOM_ACCESS.consoles)) void socket.join(CONSOLES_ROOM)
  })

  const stopPresence = attachPresence(io, ctx, (socket) => {
    const { actor, name, brandId } = socket.data as SocketData
    return { userId: actor.userId, role: actor.role, name, brandId }
  })

  const check = setInterval(
    () =>
      void dropExpiredSessions(io, ctx).catch((err: Error) => {
        if (!ctx.health.reportFailure(err, 'redis'))
          ctx.logger.warn({ err }, 'socket session check failed')
      }),
    options.sessionCheckMs ?? SESSION_CHECK_MS,
  )
  check.unref()
  httpServer.once('close', () => {
    clearInterval(check)
    stopPresence()
  })
  return io
}

/**
 * Pushes published while this server's Redis subscription was away never reached it, and its
 * consoles cannot see the gap until the next push. When the subscription comes back, its
 * sockets are dropped: each console reconnects and catches up by seq, as after any reconnect.
 */
function dropSocketsWhenResubscribed(io: SocketServer, sub: RedisClient): void {
  let lost = false
  sub.on('close', () => (lost = true))
  sub.on('ready', () => {
    if (!lost) return
    lost = false
    io.local.disconnectSockets(true)
  })
}

/** Disconnects this server's sockets whose session no longer exists. */
async function dropExpiredSessions(io: SocketServer, ctx: AppContext): Promise<void> {
  const sockets = [...io.of('/').sockets.values()]
  const live = await ctx.sessions.live([
    ...new Set(sockets.map((s) => (s.data as SocketData).sessionId)),
  ])
  for (const socket of sockets) {
    if (!live.has((socket.data as SocketData).sessionId)) socket.disconnect(true)
  }
}
