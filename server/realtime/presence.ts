import { CLIENT_EVENTS } from '../../shared/events.js'
import { PRESENCE_TTL_MS } from '../../shared/schemas/presence.js'
import { can } from '../../shared/roles.js'
import type { AppContext } from '../context.js'
import {
  expirePresence,
  readPresence,
  writePresence,
  type PresenceMember,
} from './presence-store.js'
import { teamRoom } from './publisher.js'
import type { SocketServer } from './socket-server.js'

/** How often each server drops members whose tabs stopped repeating themselves. */
const SWEEP_MS = 5_000

/** What a socket is known by, from its handshake. */
export interface PresenceIdentity {
  userId: string
  name: string
  role: Parameters<typeof can>[0]
  brandId: string
}

/**
 * Presence over the socket: a team member's tab says which complaint it shows and whether it
 * writes there ('presence.set', zod-parsed, checked against the role matrix like REST), and the
 * brand's team gets the whole picture after every change ('presence.changed'). Viewers neither
 * send nor receive it. Redis failures are the monitor's to report; presence is best effort.
 */
export function attachPresence(
  io: SocketServer,
  ctx: AppContext,
  identify: (socket: { data: unknown }) => PresenceIdentity,
): () => void {
  const prefix = ctx.config.queuePrefix
  const failed = (err: unknown) => {
    if (!ctx.health.reportFailure(err, 'redis')) ctx.logger.warn({ err }, 'presence update failed')
  }
  const announce = async (brandId: string) => {
    const entries = await readPresence(ctx.redis, prefix, brandId)
    io.to(teamRoom(brandId)).emit('presence.changed', { brandId, entries })
  }

  io.on('connection', (socket) => {
    const who = identify(socket)
    if (!can(who.role, CLIENT_EVENTS['presence.set'].action)) return
    let member: PresenceMember | null = null
    const write = async (next: PresenceMember | null) => {
      const previous = member
      member = next
      await writePresence(ctx.redis, prefix, who.brandId, previous, next)
      const changed =
        !previous ||
        !next ||
        previous.complaintId !== next.complaintId ||
        previous.writing !== next.writing
      if (changed) await announce(who.brandId)
    }
    socket.on('presence.set', (payload: unknown) => {
      const parsed = CLIENT_EVENTS['presence.set'].schema.safeParse(payload)
      if (!parsed.success) return
      const next = { ...parsed.data, socketId: socket.id, userId: who.userId, name: who.name }
      write(next).catch(failed)
    })
    socket.on('disconnect', () => void write(null).catch(failed))
    // A fresh console sees the team at once, and counts as online before its first heartbeat.
    write({
      socketId: socket.id,
      userId: who.userId,
      name: who.name,
      complaintId: null,
      writing: null,
    }).catch(failed)
  })

  const sweep = setInterval(
    () => {
      const brands = new Set([...io.of('/').sockets.values()].map((s) => identify(s).brandId))
      for (const brandId of brands) {
        expirePresence(ctx.redis, prefix, brandId)
          .then((gone) => (gone ? announce(brandId) : undefined))
          .catch(failed)
      }
    },
    Math.min(SWEEP_MS, PRESENCE_TTL_MS),
  )
  sweep.unref()
  return () => clearInterval(sweep)
}
