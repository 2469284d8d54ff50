import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { io as connect, type Socket } from 'socket.io-client'
import type {
  BroadcastData,
  BroadcastEventName,
  ClientToServerEvents,
  EventEnvelope,
  ServerEventName,
  ServerToClientEvents,
} from '../../shared/events.js'
import { createApp } from '../../server/http/app.js'
import { closeRedis, subscriberOf } from '../../server/queue/redis.js'
import { attachSocketServer } from '../../server/realtime/socket-server.js'
import { afterAll, beforeAll } from 'vitest'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { createTestContext, type TestContext } from './context.js'
import { waitFor } from './wait.js'

export type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/** The API role in process on a free port: express app plus socket.io with the Redis adapter. */
export async function startApiServer(t: TestContext, options: { sessionCheckMs?: number } = {}) {
  const server = http.createServer(createApp(t.ctx))
  const sub = subscriberOf(t.adapterRedis)
  const io = attachSocketServer(server, t.ctx, { pub: t.adapterRedis, sub }, options)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()))
      await closeRedis(sub)
    },
  }
}

export type ApiServer = Awaited<ReturnType<typeof startApiServer>>

/**
 * For an API test file: a test context, the workers and the API started before its tests and
 * stopped after them. Read `t` and `api` inside tests (they are set once the file starts).
 */
export function apiForFile(): { t: TestContext; api: ApiServer } {
  const handle = {} as { t: TestContext; api: ApiServer; workers: WorkersHandle }
  beforeAll(async () => {
    handle.t = await createTestContext()
    handle.workers = await startWorkers(handle.t.ctx)
    handle.api = await startApiServer(handle.t)
  })
  afterAll(async () => {
    await handle.api?.close()
    await handle.workers?.close()
    await handle.t?.close()
  })
  return handle
}

/** A console's socket, connected (or rejected) before it resolves. */
export function connectConsole(
  url: string,
  auth: Record<string, unknown>,
  /** As a browser would send them: the session cookie, and the page's Origin (ours by default). */
  headers: { cookie?: string; origin?: string | null } = {},
): Promise<ConsoleSocket> {
  const origin = headers.origin === undefined ? url : headers.origin
  const socket: ConsoleSocket = connect(url, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: {
      ...(origin ? { origin } : {}),
      ...(headers.cookie ? { cookie: headers.cookie } : {}),
    },
  })
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', (err) => {
      socket.close()
      reject(err)
    })
  })
}

/** Resolves with the first `name` event the console receives that satisfies `match`. */
export function waitForEvent<N extends ServerEventName>(
  socket: ConsoleSocket,
  name: N,
  match: (event: EventEnvelope<N>) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<EventEnvelope<N>> {
  // A generic event name cannot narrow socket.io's listener type; the signature above does.
  type Listener = (event: EventEnvelope<N>) => void
  const emitter = socket as unknown as { on(n: N, l: Listener): void; off(n: N, l: Listener): void }
  return new Promise((resolve, reject) => {
    const listener: Listener = (event) => {
      if (!match(event)) return
      clearTimeout(timer)
      emitter.off(name, listener)
      resolve(event)
    }
    const timer = setTimeout(() => {
      emitter.off(name, listener)
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${name}`))
    }, timeoutMs)
    emitter.on(name, listener)
  })
}

/** Resolves with the first announcement `name` to every console that satisfies `match`. */
export function waitForBroadcast<N extends BroadcastEventName>(
  socket: ConsoleSocket,
  name: N,
  match: (data: BroadcastData<N>) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<BroadcastData<N>> {
  const emitter = socket as unknown as Parameters<typeof waitFor<BroadcastData<N>>>[0]
  return waitFor(emitter, name, match, timeoutMs)
}
