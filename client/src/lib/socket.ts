import { io, type Socket } from 'socket.io-client'
import { z } from 'zod'
import {
  BROADCAST_EVENT_NAMES,
  BROADCAST_EVENTS,
  type BroadcastData,
  type BroadcastEventName,
  SERVER_EVENT_NAMES,
  SERVER_EVENTS,
  type ClientToServerEvents,
  type EventEnvelope,
  type ServerEventName,
  type ServerToClientEvents,
} from '../../../shared/events.js'

export type BrandSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/** One socket per console, joined (by the server) to the brand's room. */
export function connectBrandSocket(brandId: string): BrandSocket {
  return io({ auth: { brandId }, transports: ['websocket', 'polling'] })
}

/** Runtime checks of pushes, built from the shared event map (one per event name). */
const pushSchemas = Object.fromEntries(
  SERVER_EVENT_NAMES.map((name) => [
    name,
    z.object({ seq: z.number().int(), brandId: z.string(), data: SERVER_EVENTS[name] }),
  ]),
) as unknown as { [N in ServerEventName]: z.ZodType<EventEnvelope<N>> }

/** A push as the server sent it, or null when it does not match the contract. */
export function parsePush<N extends ServerEventName>(
  name: N,
  payload: unknown,
): EventEnvelope<N> | null {
  const parsed = pushSchemas[name].safeParse(payload)
  return parsed.success ? parsed.data : null
}

/** Subscribes to every server event with one handler; returns the unsubscribe. */
export function onServerEvents(
  socket: BrandSocket,
  handler: (name: ServerEventName, payload: unknown) => void,
): () => void {
  const offs = SERVER_EVENT_NAMES.map((name) => {
    const listener = (payload: unknown) => handler(name, payload)
    ;(socket.on as (event: string, fn: (payload: unknown) => void) => void)(name, listener)
    return () => (socket.off as (event: string, fn: (p: unknown) => void) => void)(name, listener)
  })
  return () => offs.forEach((off) => off())
}

/** An announcement to every console, parsed: the handler never sees what breaks the contract. */
export type Broadcast = {
  [N in BroadcastEventName]: { name: N; data: BroadcastData<N> }
}[BroadcastEventName]

/** Subscribes to every announcement (scoring published, rescore progress); returns the unsubscribe. */
export function onBroadcastEvents(
  socket: BrandSocket,
  handler: (broadcast: Broadcast) => void,
): () => void {
  const offs = BROADCAST_EVENT_NAMES.map((name) => {
    const listener = (payload: unknown) => {
      const parsed = BROADCAST_EVENTS[name].safeParse(payload)
      if (parsed.success) handler({ name, data: parsed.data } as Broadcast)
    }
    ;(socket.on as (event: string, fn: (payload: unknown) => void) => void)(name, listener)
    return () => (socket.off as (event: string, fn: (p: unknown) => void) => void)(name, listener)
  })
  return () => offs.forEach((off) => off())
}
