import { and, eq, inArray, isNull } from 'drizzle-orm'
import type WebSocket from 'ws'
import { compileBrandRules, type BrandRules } from '../../shared/brand-rules.js'
import type { AppContext } from '../../server/context.js'
import { getBrand } from '../../server/db/repositories/brands.js'
import { getSource, type SourceRow } from '../../server/db/repositories/sources.js'
import { brands, sources } from '../../server/db/schema.js'
import { STREAM_CONNECTORS } from './index.js'
import type { StreamConnector, StreamEvent } from './stream-connector.js'
import { flushStreamBatch, type EnrichPosts } from './stream-flush.js'
import { takeStreamLease, type StreamLease } from './stream-lease.js'
import { openStreamSocket } from './stream-socket.js'

export interface StreamRunnerOptions {
  /** How often the enabled streaming sources are looked up (new, paused, archived). */
  reconcileMs?: number
  /** A batch is stored at least this often... */
  flushMs?: number
  /** ...or as soon as it holds this many events. */
  flushEvents?: number
  /** How long a worker holds a stream's lease without renewing it. */
  leaseMs?: number
  /** Reconnect delays: full jitter over an exponential from `baseMs`, at most `maxMs`. */
  backoff?: { baseMs: number; maxMs: number }
  /** A connection that hears nothing (no frame, no pong) for this long is dropped. */
  idleMs?: number
  connectors?: Record<string, StreamConnector>
  /** The seam for authors' profiles (handle, followers), e.g. workers/sources/bluesky-profiles.ts. */
  enrich?: EnrichPosts
}

export interface StreamRunner {
  /** Starts the streams of enabled sources this worker can lease, and stops the others. */
  reconcile(): Promise<void>
  /** The sources whose stream this worker holds. */
  held(): string[]
  /** Disconnects every stream, stores what was read, and gives the leases back. */
  close(): Promise<void>
}

/** Stops reading a socket whose unstored events pile up (the database is slow), until stored. */
const PAUSE_AT_EVENTS = 20_000

/**
 * Holds one long-lived connection per enabled streaming source (STREAM_CONNECTORS), in this
 * worker process, while it holds the source's Redis lease. Events are buffered and stored
 * with the cursor that covers them every `flushMs` or `flushEvents`; a dropped connection is
 * retried with backoff and jitter from the stored cursor.
 */
export function startStreamRunner(
  ctx: AppContext,
  options: StreamRunnerOptions = {},
): StreamRunner {
  const opts = {
    reconcileMs: 2000,
    flushMs: 250,
    flushEvents: 500,
    leaseMs: Math.max(3000, ctx.config.jobLockMs),
    backoff: { baseMs: 500, maxMs: 30_000 },
    idleMs: 60_000,
    connectors: STREAM_CONNECTORS,
    ...options,
  }
  const log = ctx.logger.child({ mod: 'streams' })
  const running = new Map<string, { stop(): Promise<void> }>()
  let closed = false
  let reconciling: Promise<void> | null = null

  async function reconcileOnce() {
    const kinds = Object.keys(opts.connectors)
    const rows = kinds.length
      ? await ctx.db
          .select({ id: sources.id, kind: sources.kind })
          .from(sources)
          .innerJoin(brands, eq(brands.id, sources.brandId))
          .where(
            and(eq(sources.enabled, true), inArray(sources.kind, kinds), isNull(brands.archivedAt)),
          )
      : []
    const wanted = new Set(rows.map((r) => r.id))
    for (const [id, stream] of running) if (!wanted.has(id)) await stream.stop()
    for (const row of rows) {
      if (closed || running.has(row.id)) continue
      const stream = runStream(row.id, opts.connectors[row.kind]!)
      const lease = await takeStreamLease(ctx, row.id, opts.leaseMs, () => {
        log.warn({ sourceId: row.id }, 'stream lease lost: disconnecting')
        void stream.stop()
      })
      if (!lease) continue
      if (closed) {
        await lease.release()
        continue
      }
      running.set(row.id, stream)
      stream.start(lease)
    }
  }

  function reconcile(): Promise<void> {
    reconciling ??= reconcileOnce().finally(() => (reconciling = null))
    return reconciling
  }

  /** One source's connection loop: connect, read until dropped, back off, connect again. */
  function runStream(sourceId: string, connector: StreamConnector) {
    let stopping = false
    let socket: WebSocket | null = null
    let wake: (() => void) | null = null
    let done: Promise<void> = Promise.resolve()

    async function loop(lease: StreamLease) {
      let attempt = 0
      try {
        while (!stopping) {
          let heard = 0
          try {
            heard = await connectOnce()
          } catch (err) {
            log.warn({ sourceId, err }, 'stream failed')
          }
          if (stopping) break
          attempt = heard > 0 ? 0 : attempt + 1
          const cap = Math.min(opts.backoff.maxMs, opts.backoff.baseMs * 2 ** Math.min(attempt, 16))
          const delay = Math.round(Math.random() * cap)
          log.debug({ sourceId, delay, attempt }, 'stream reconnects')
          await new Promise<void>((resolve) => {
            wake = resolve
            setTimeout(resolve, delay).unref()
          })
        }
      } finally {
        await lease.release()
      }
    }

    /** One connection: resolves with the number of frames read once it closes and is stored. */
    async function connectOnce(): Promise<number> {
      const source = await getSource(ctx.db, sourceId)
      const brand = await getBrand(ctx.db, source.brandId)
      const rules = compileBrandRules(brand)
      const url = connector.subscribeUrl(source, source.cursor, Date.now())
      const ws = await openStreamSocket(ctx, url)
      socket = ws
      if (stopping) ws.terminate()
      return readSocket(ws, source, rules, connector)
    }

    function readSocket(
      ws: WebSocket,
      source: SourceRow,
      rules: BrandRules,
      connector: StreamConnector,
    ): Promise<number> {
      let cursor: unknown = source.cursor
      let stored = JSON.stringify(cursor ?? null)
      let buffer: StreamEvent[] = []
      let frames = 0
      let heardAt = Date.now()
      let flushing: Promise<void> | null = null
      let failed = false

      /** Stores the buffer and the cursor covering it; one flush at a time, in order. */
      const flush = (): Promise<void> => {
        if (flushing) return flushing
        const at = JSON.stringify(cursor ?? null)
        if (!buffer.length && at === stored) return Promise.resolve()
        const batch = buffer
        const covering = cursor
        buffer = []
        flushing = flushStreamBatch(ctx, source, batch, covering, opts.enrich)
          .then(
            () => {
              stored = at
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
          if (Date.now() - heardAt > opts.idleMs) {
            log.warn({ sourceId }, 'stream silent: reconnecting')
            return ws.terminate()
          }
          if (ws.readyState === ws.OPEN && Date.now() - heardAt > opts.idleMs / 2) ws.ping()
          void flush()
        }, opts.flushMs)
        ws.on('open', () => log.info({ sourceId }, 'stream connected'))
        ws.on('pong', () => (heardAt = Date.now()))
        ws.on('message', (data: Buffer) => {
          if (failed) return
          heardAt = Date.now()
          frames++
          // A binary frame (zstd, which we do not ask for) reads as malformed and is set aside.
          const read = connector.readFrame(data.toString(), cursor, rules)
          cursor = read.cursor
          if (read.event.type !== 'skip') buffer.push(read.event)
          if (buffer.length >= opts.flushEvents) void flush()
          if (buffer.length >= PAUSE_AT_EVENTS) ws.pause()
        })
        ws.on('error', (err) => log.debug({ sourceId, err }, 'stream socket error'))
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

    return {
      start(lease: StreamLease) {
        done = loop(lease).catch((err: unknown) => log.error({ sourceId, err }, 'stream ended'))
      },
      async stop() {
        if (stopping) return done
        stopping = true
        running.delete(sourceId)
        socket?.close(1000)
        wake?.()
        await done
      },
    }
  }

  const timer = setInterval(() => {
    if (!closed) reconcile().catch((err: unknown) => log.warn({ err }, 'streams not reconciled'))
  }, opts.reconcileMs)
  timer.unref()
  void reconcile().catch((err: unknown) => log.warn({ err }, 'streams not reconciled'))

  return {
    reconcile,
    held: () => [...running.keys()],
    async close() {
      closed = true
      clearInterval(timer)
      await reconciling?.catch(() => undefined)
      await Promise.all([...running.values()].map((s) => s.stop()))
    },
  }
}
