import type WebSocket from 'ws'
import type { BrandRules } from '../../shared/brand-rules.js'
import type { AppContext } from '../../server/context.js'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import type { StreamConnector, StreamEvent } from './stream-connector.js'
import { recordStreamStored } from '../../server/db/repositories/source-health.js'
import { flushStreamBatch, type EnrichPosts } from './stream-flush.js'
import { readStreamFrame } from './stream-frame.js'

/** How often a stream's health (last success, posts per minute) is written. */
const HEALTH_EVERY_MS = 5_000

/** Stops reading a socket whose unstored events pile up (the database is slow), until stored. */
const PAUSE_AT_EVENTS = 20_000

export interface ReadStreamOptions {
  source: SourceRow
  rules: BrandRules
  connector: StreamConnector
  flushMs: number
  flushEvents: number
  idleMs: number
  enrich?: EnrichPosts
}

/**
 * Reads one connection until it closes: each frame through the connector, the events kept in
 * a buffer stored with the cursor covering them every `flushMs` or `flushEvents`. Resolves
 * with the number of frames read once the last batch is stored; rejects if a batch could not
 * be (the caller reconnects from the stored cursor, so nothing is lost).
 */
export function readStream(
  ctx: AppContext,
  ws: WebSocket,
  { source, rules, connector, flushMs, flushEvents, idleMs, enrich }: ReadStreamOptions,
): Promise<number> {
  const log = ctx.logger.child({ mod: 'streams' })
  const sourceId = source.id
  let cursor: unknown = source.cursor
  let stored = JSON.stringify(cursor ?? null)
  let buffer: StreamEvent[] = []
  let frames = 0
  let heardAt = Date.now()
  let flushing: Promise<void> | null = null
  let failed = false
  // Health is written every few seconds, not with every batch: what was stored since.
  let unreported = 0
  let reportedAt = 0

  /** Stores the buffer and the cursor covering it; one flush at a time, in order. */
  const flush = (): Promise<void> => {
    if (flushing) return flushing
    const at = JSON.stringify(cursor ?? null)
    if (!buffer.length && at === stored) return Promise.resolve()
    const batch = buffer
    const covering = cursor
    buffer = []
    flushing = flushStreamBatch(ctx, source, batch, covering, enrich)
      .then(
        async ({ inserted }) => {
          stored = at
          unreported += inserted
          const now = Date.now()
          if (now - reportedAt >= HEALTH_EVERY_MS) {
            reportedAt = now
            const count = unreported
            unreported = 0
            // Health is best effort: the batch and its cursor are stored either way.
            await recordStreamStored(ctx.db, sourceId, { now, inserted: count }).catch(
              () => undefined,
            )
          }
        },
        (err: unknown) => {
          // Nothing past the stored cursor is lost: the connection is dropped and
          // resumes from it (what was stored of this batch is replayed as no-ops).
          log.warn({ sourceId, err }, 'stream batch not stored: reconnecting')
          failed = true
          ws.terminate()
        },
      )
      .finally(() => {
        flushing = null
        if (ws.isPaused && buffer.length < PAUSE_AT_EVENTS) ws.resume()
      })
    return flushing
  }

  return new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      if (Date.now() - heardAt > idleMs) {
        log.warn({ sourceId }, 'stream silent: reconnecting')
        return ws.terminate()
      }
      if (ws.readyState === ws.OPEN && Date.now() - heardAt > idleMs / 2) ws.ping()
      void flush()
    }, flushMs)
    ws.on('open', () => log.info({ sourceId }, 'stream connected'))
    ws.on('pong', () => (heardAt = Date.now()))
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (failed) return
      heardAt = Date.now()
      frames++
      const read = readStreamFrame(connector, data, isBinary, cursor, rules)
      cursor = read.cursor
      if (read.event.type !== 'skip') buffer.push(read.event)
      if (buffer.length >= flushEvents) void flush()
      if (buffer.length >= PAUSE_AT_EVENTS) ws.pause()
    })
    // A refused handshake ("Unexpected server response: 429") or a reset: the loop backs off.
    ws.on('error', (err) => log.warn({ sourceId, err }, 'stream socket error'))
    ws.on('close', (code) => {
      clearInterval(timer)
      log.info({ sourceId, code, frames }, 'stream closed')
      const drain = async () => {
        while (flushing) await flushing
        if (!failed) await flush()
      }
      drain().then(
        () => (failed ? reject(new Error('stream batch not stored')) : resolve(frames)),
        reject,
      )
    })
  })
}
