import type { Server as HttpServer } from 'node:http'
import { createAdapter } from '@socket.io/redis-adapter'
import type { Redis } from 'ioredis'
import { Server } from 'socket.io'
import {
  SocketAuthSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../shared/events.js'
import { describeIssues, toIssues } from '../../shared/errors.js'
import type { AppContext } from '../context.js'
import { AppError } from '../lib/app-error.js'
import { getBrand } from '../db/repositories/brands.js'
import { brandRoom, socketChannelKey } from './publisher.js'

export type SocketServer = Server<ClientToServerEvents, ServerToClientEvents>

/**
 * socket.io on the API's HTTP server, with the Redis adapter so that events published by
 * any process (workers use the emitter) reach every console on every server.
 * The handshake names a brand; the server, not the client, joins the brand's room.
 */
export function attachSocketServer(
  httpServer: HttpServer,
  ctx: AppContext,
  redis: { pub: Redis; sub: Redis },
): SocketServer {
  const io: SocketServer = new Server(httpServer, {
    serveClient: false,
    adapter: createAdapter(redis.pub, redis.sub, { key: socketChannelKey(ctx.config.queuePrefix) }),
  })
  io.use(async (socket, next) => {
    const auth = SocketAuthSchema.safeParse(socket.handshake.auth)
    if (!auth.success)
      return next(new Error(`invalid handshake: ${describeIssues(toIssues(auth.error))}`))
    try {
      await getBrand(ctx.db, auth.data.brandId)
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found')
        return next(new Error('unknown brand'))
      ctx.logger.error({ err }, 'socket handshake failed')
      return next(new Error('internal error'))
    }
    socket.data.brandId = auth.data.brandId
    next()
  })
  io.on('connection', (socket) => {
    void socket.join(brandRoom(socket.data.brandId as string))
  })
  return io
}
