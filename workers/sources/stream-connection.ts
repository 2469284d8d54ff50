import type WebSocket from 'ws'
import type { BrandRules } from '../../shared/brand-rules.js'
import type { AppContext } from '../../server/context.js'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import { SourceError, type SourceIo } from './connector.js'
import { pollEvents, type StreamConnector, type StreamEvent } from './stream-connector.js'
import { recordStreamStored } from '../../server/db/repositories/source-health.js'
import { flushStreamBatch, type EnrichPosts } from './stream-flush.js'
import { readStreamFrame } from './stream-frame.js'

/** How often a stream's health (last success, posts per minute) is written. */
const HEALTH_EVERY_MS = 5_000

/** Stops reading a socket whose unstored events pile up (the database is slow), until stored. */
const PAUSE_AT_EVENTS = 20_000

/** Polls of a catch-up after a connect; a longer backlog is read on at the next connect. */
const CATCH_UP_POLLS = 20

export interface ReadStreamOptions {
  source: SourceRow
  rules: BrandRules
  connector: StreamConnector
  flushMs: number
  flushEvents: number
  idleMs: number
  enrich?: EnrichPosts
  /** The network and credentials, for a connector's catch-up and open messages. */
  io: SourceIo
}

/**
 * Reads one connection until it closes: each frame through the connector, the events kept in
 * a buffer stored with the cursor covering them every `flushMs` or `flushEvents`. Resolves
 * with the number of frames read once the last batch is stored; rejects if a batch could not
 * be (the caller reconnects from the stored cursor, so nothing is lost), or if the handshake
 * or the connector's catch-up failed (a SourceError saying why).
 */
export function readStream(
  ctx: AppContext,
  ws: WebSocket,
  { source, rules, connector, flushMs, flushEvents, idleMs, enrich, io }: ReadStreamOptions,
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
  let opened = false
  let closed = false
  let socketError: Error | null = null
  // Until a catch-up has read what was said while disconnected, frames wait here unread.
  let caughtUp = !connector.catchUp
  let catchingUp: Promise<void> = Promise.resolve()
  const held: Array<[Buffer, boolean]> = []
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

  const read = (data: Buffer, isBinary: boolean) => {
    const next = readStreamFrame(connector, data, isBinary, cursor, rules, source)
    cursor = next.cursor
    if (next.event.type !== 'skip') buffer.push(next.event)
    if (buffer.length >= flushEvents) void flush()
    if (buffer.length >= PAUSE_AT_EVENTS) ws.pause()
  }

  /** Every event read so far stored, with its cursor. */
  const flushAll = async () => {
    while (flushing) await flushing
    if (!failed) await flush()
  }

  /**
   * Polls the connector's REST reader from the cursor until it stops moving, then reads the
   * held frames. A streamed item moves the same cursor past everything before it, so the
   * frames are read only once the backlog is: a catch-up the network slows down (or that
   * runs out of polls) ends the connection instead, keeping what it stored, and the next
   * connect reads on from there.
   */
  const catchUp = async (poller: NonNullable<StreamConnector['catchUp']>) => {
    for (let round = 0; ; round++) {
      if (closed || failed) return
      const now = Date.now()
      const result = await poller.poll({ ...source, cursor }, now, io)
      const moved = JSON.stringify(result.cursor ?? null) !== JSON.stringify(cursor ?? null)
      buffer.push(...pollEvents(result))
      cursor = result.cursor
      await flushAll()
      if (!moved) break
      if (result.nextPollAt && result.nextPollAt > now)
        throw new SourceError('caught up only in part: the network asked to wait', {
          retryAt: result.nextPollAt,
        })
      if (round + 1 >= CATCH_UP_POLLS)
        throw new SourceError(`caught up only in part: more than ${CATCH_UP_POLLS} polls behind`)
    }
    caughtUp = true
    for (const [data, isBinary] of held.splice(0)) read(data, isBinary)
    if (ws.isPaused && buffer.length < PAUSE_AT_EVENTS) ws.resume()
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
    ws.on('open', () => {
      opened = true
      log.info({ sourceId }, 'stream connected')
      for (const message of connector.openMessages?.(source) ?? []) ws.send(message)
      if (connector.catchUp) {
        catchingUp = catchUp(connector.catchUp).catch((err: unknown) => {
          socketError = err instanceof Error ? err : new Error(String(err))
          log.warn({ sourceId, err }, 'stream catch-up failed: reconnecting')
          failed = true
          ws.terminate()
        })
      }
    })
    ws.on('pong', () => (heardAt = Date.now()))
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (failed) return
      heardAt = Date.now()
      frames++
      if (caughtUp) return read(data, isBinary)
      held.push([data, isBinary])
      if (held.length >= PAUSE_AT_EVENTS) ws.pause()
    })
    // A refused handshake ("Unexpected server response: 429") or a reset: the loop backs off.
    ws.on('error', (err) => {
      socketError ??= err
      log.warn({ sourceId, err }, 'stream socket error')
    })
    ws.on('close', (code) => {
      closed = true
      clearInterval(timer)
      log.info({ sourceId, code, frames }, 'stream closed')
      const drain = async () => {
        await catchingUp
        await flushAll()
      }
      drain().then(() => {
        if (socketError && (!opened || failed)) reject(refusal(socketError))
        else if (failed) reject(new Error('stream batch not stored'))
        else resolve(frames)
      }, reject)
    })
  })
}

/** A refused handshake as a SourceError: 401 and 403 will not pass by retrying soon. */
function refusal(err: Error): Error {
  if (err instanceof SourceError) return err
  const status = Number(/Unexpected server response: (\d{3})/.exec(err.message)?.[1] ?? NaN)
  if (Number.isNaN(status)) return err
  return new SourceError(`the stream was refused: HTTP ${status}`, {
    status,
    permanent: status === 401 || status === 403,
  })
}
