import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { compressUsingDict, createCCtx } from '@bokuweb/zstd-wasm'
import { WebSocketServer, type WebSocket } from 'ws'
import { JETSTREAM_ZSTD_DICTIONARY } from '../../workers/sources/jetstream-zstd.js'
import { FIXTURES } from './fixture-server.js'

/** The lines of a Jetstream fixture (bluesky/jetstream/<name>), one frame each. */
export function jetstreamFixture(name: string): string[] {
  return fs
    .readFileSync(path.join(FIXTURES, 'bluesky/jetstream', name), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
}

const TIME_US = /"time_us":(\d+)/

// jetstream-zstd.js has compiled the WebAssembly library by the time this module runs.
let cctx: number | null = null

/** A frame as Jetstream sends it to a client that asked for `compress=true`. */
export function compressJetstreamFrame(frame: string): Buffer {
  cctx ??= createCCtx()
  // Level 3: zstd's default, which Jetstream's encoder (klauspost's default level) is close to.
  return Buffer.from(compressUsingDict(cctx, Buffer.from(frame), JETSTREAM_ZSTD_DICTIONARY, 3))
}

/** A frame's time_us, or null for a frame without one (a malformed frame). */
export const timeUsOf = (frame: string): number | null => {
  const m = TIME_US.exec(frame)
  return m ? Number(m[1]) : null
}

/**
 * Moves a recording's time_us so that its latest frame was `endAgoMs` ago, keeping their gaps
 * and their (non-monotonic) order: a new source starts an hour back, as Jetstream's replay
 * window would give it, and the recordings are months old.
 */
export function rebaseFrames(frames: string[], endAgoMs = 60_000): string[] {
  const times = frames.map(timeUsOf).filter((t): t is number => t !== null)
  const shift = (Date.now() - endAgoMs) * 1000 - Math.max(...times)
  return frames.map((f) => f.replace(TIME_US, (_, t: string) => `"time_us":${Number(t) + shift}`))
}

/**
 * A local Jetstream: each connection is sent, in order, the frames whose time_us is at or
 * after its `cursor` (frames without one always), like the real replay. `drops` closes the
 * n-th connection abruptly after that many frames; `duplicate` sends every frame twice;
 * `paceMs` waits between frames (so a test can stop the reader mid-way). Connections stay
 * open after the last frame, as the live tail would. A connection asking `compress=true` gets
 * each frame zstd-compressed with Jetstream's dictionary, as a binary frame, unless
 * `compress` is off (a server that ignores the ask). A Buffer among `frames` is sent as it is,
 * as a binary frame (a corrupt compressed frame).
 */
export class FakeJetstream {
  frames: Array<string | Buffer> = []
  compress = true
  /** Binary frames sent, over all connections. */
  binaryFramesSent = 0
  drops: Array<number | null> = []
  duplicate = false
  paceMs = 0
  /** The query of each connection, in order. */
  readonly connections: URLSearchParams[] = []
  private readonly server = http.createServer()
  private readonly wss = new WebSocketServer({ server: this.server, path: '/subscribe' })
  private readonly sockets = new Set<WebSocket>()

  constructor() {
    this.wss.on('connection', (ws, req) => this.serve(ws, req))
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/subscribe`
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    return this
  }

  /** Drops every open connection (the network going away). */
  dropAll(): void {
    for (const ws of this.sockets) ws.terminate()
  }

  async close(): Promise<void> {
    this.dropAll()
    await new Promise<void>((resolve) => this.wss.close(() => resolve()))
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private async serve(ws: WebSocket, req: http.IncomingMessage) {
    this.sockets.add(ws)
    ws.on('close', () => this.sockets.delete(ws))
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams
    this.connections.push(query)
    const dropAfter = this.drops[this.connections.length - 1] ?? null
    const cursor = Number(query.get('cursor') ?? 0)
    const compress = this.compress && query.get('compress') === 'true'
    const due = this.frames.filter(
      (f) => typeof f !== 'string' || (timeUsOf(f) ?? Infinity) >= cursor,
    )
    const sends = this.duplicate ? due.flatMap((f) => [f, f]) : due
    let sent = 0
    for (const frame of sends) {
      if (ws.readyState !== ws.OPEN) return
      if (dropAfter !== null && sent >= dropAfter) return ws.terminate()
      const data = typeof frame === 'string' && compress ? compressJetstreamFrame(frame) : frame
      if (typeof data !== 'string') this.binaryFramesSent++
      ws.send(data, { binary: typeof data !== 'string' })
      sent++
      if (this.paceMs) await new Promise((resolve) => setTimeout(resolve, this.paceMs))
    }
  }
}

/**
 * Jetstream post creates in the recorded shape, `count` of them `stepUs` apart with
 * deliveries out of order in small windows (as the real stream), every `matchEvery`-th about
 * the brand term `term`.
 */
export function syntheticPostFrames(
  count: number,
  { term = 'Kredo', matchEvery = 1, startUs = (Date.now() - 600_000) * 1000, stepUs = 1000 } = {},
): string[] {
  const frames = Array.from({ length: count }, (_, i) => {
    const did = `did:plc:synthetic${i % 37}`
    const rkey = `3synth${String(i).padStart(6, '0')}`
    const text =
      i % matchEvery === 0
        ? `${term} dropped my score again (${i}), support will not answer. Terrible.`
        : `Lovely weather today, post number ${i}`
    return JSON.stringify({
      did,
      time_us: startUs + i * stepUs,
      kind: 'commit',
      commit: {
        rev: `3rev${i}`,
        operation: 'create',
        collection: 'app.bsky.feed.post',
        rkey,
        record: {
          $type: 'app.bsky.feed.post',
          createdAt: new Date(startUs / 1000 + i).toISOString(),
          langs: ['en'],
          text,
        },
        cid: `bafysynthetic${i}`,
      },
    })
  })
  // Swap neighbours in windows of three: delivery order is not time order.
  for (let i = 0; i + 2 < frames.length; i += 3) {
    const a = frames[i]!
    frames[i] = frames[i + 2]!
    frames[i + 2] = a
  }
  return frames
}

/** The at-URI of a synthetic frame's post. */
export const syntheticUri = (i: number) =>
  `at://did:plc:synthetic${i % 37}/app.bsky.feed.post/3synth${String(i).padStart(6, '0')}`
