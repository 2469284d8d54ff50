import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import { FIXTURES, type FixtureReply, type SeenRequest } from './fixture-server.js'

/** A recorded Mastodon status, as far as the fakes need to read it. */
export interface FixtureStatus {
  id: string
  uri: string
  [field: string]: unknown
}

/** The events of a recorded SSE stream (mastodon/streaming/<name>): `event` and `data`. */
export function sseEvents(name: string): Array<{ event: string; data: string }> {
  const text = fs.readFileSync(path.join(FIXTURES, 'mastodon/streaming', name), 'utf8')
  return text.split('\n\n').flatMap((block) => {
    const lines = block.split('\n')
    const event = lines.find((l) => l.startsWith('event: '))?.slice(7)
    const data = lines.find((l) => l.startsWith('data: '))?.slice(6)
    return event && data !== undefined ? [{ event, data }] : []
  })
}

/** An SSE event as the WebSocket API frames it: the payload is a JSON string. */
export const wsFrame = (tag: string, event: string, data: string) =>
  JSON.stringify({ stream: ['hashtag', tag], event, payload: data })

/**
 * A hashtag timeline read with `min_id`, as Mastodon serves it: the `limit` statuses just
 * newer than it, newest first, with `Link rel="prev"` while there are any. `statuses()` is
 * read at each request, so a test can add statuses while a reader is away.
 */
export function tagTimeline(tag: string, statuses: () => FixtureStatus[]) {
  return (req: SeenRequest): FixtureReply | undefined => {
    // Hashtags are case-insensitive.
    if (req.path.toLowerCase() !== `/api/v1/timelines/tag/${tag.toLowerCase()}`) return undefined
    const minId = BigInt(req.query.get('min_id') ?? '0')
    const limit = Number(req.query.get('limit') ?? 20)
    const newer = statuses()
      .filter((s) => BigInt(s.id) > minId)
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .slice(0, limit)
      .reverse()
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (newer.length)
      headers.link = `<http://x/api/v1/timelines/tag/${tag}?min_id=${newer[0]!.id}>; rel="prev"`
    return { status: 200, headers, body: JSON.stringify(newer) }
  }
}

/**
 * A local Mastodon streaming server (`/api/v1/streaming`, WebSocket): a handshake without
 * `Authorization: Bearer <token>` is refused with 401, as since Mastodon 4.2. Frames are sent
 * when the test says (`send`), to every open connection (twice with `duplicate`).
 */
export class FakeMastodonStream {
  duplicate = false
  /** Each accepted connection: its query and the hashtags it subscribed to after opening. */
  readonly connections: Array<{ query: URLSearchParams; subscribed: string[] }> = []
  refused = 0
  private readonly server = http.createServer()
  private readonly wss = new WebSocketServer({ noServer: true })
  private readonly sockets = new Set<WebSocket>()

  constructor(readonly token: string) {
    this.server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      if (url.pathname !== '/api/v1/streaming') return socket.destroy()
      if (req.headers.authorization !== `Bearer ${token}`) {
        this.refused++
        socket.end(
          'HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\n\r\n' +
            '{"error":"Error: Missing access token"}',
        )
        return
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws, url.searchParams))
    })
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/v1/streaming`
  }

  get open(): number {
    return this.sockets.size
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    return this
  }

  send(frame: string): void {
    for (const ws of this.sockets) {
      ws.send(frame)
      if (this.duplicate) ws.send(frame)
    }
  }

  /** Drops every open connection (the instance restarting). */
  dropAll(): void {
    for (const ws of this.sockets) ws.terminate()
  }

  async close(): Promise<void> {
    this.dropAll()
    await new Promise<void>((resolve) => this.wss.close(() => resolve()))
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private serve(ws: WebSocket, query: URLSearchParams) {
    const connection = { query, subscribed: [] as string[] }
    this.connections.push(connection)
    this.sockets.add(ws)
    ws.on('close', () => this.sockets.delete(ws))
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type?: string; tag?: string }
      if (message.type === 'subscribe' && message.tag) connection.subscribed.push(message.tag)
    })
  }
}
