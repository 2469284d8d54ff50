import { and, eq, inArray, isNull } from 'drizzle-orm'
import type WebSocket from 'ws'
import type { AppContext } from '../../server/context.js'
import { getBrand } from '../../server/db/repositories/brands.js'
import { recordStreamFailure } from '../../server/db/repositories/source-health.js'
import { getSource } from '../../server/db/repositories/sources.js'
import { brands, sources } from '../../server/db/schema.js'
import { SourceError } from './connector.js'
import { STREAM_CONNECTORS } from './index.js'
import { sourceIo } from './source-io.js'
import type { StreamConnector } from './stream-connector.js'
import { readStream } from './stream-connection.js'
import type { EnrichPosts } from './stream-flush.js'
import { takeStreamLease, type StreamLease } from './stream-lease.js'
import { openStreamSocket } from './stream-socket.js'

/** After a refused handshake (401, 403): an admin must mend the credentials first. */
const REFUSED_WAIT_MS = 15 * 60_000

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
  const running = new Map<string, { settings: string; stop(): Promise<void> }>()
  let closed = false
  let reconciling: Promise<void> | null = null

  async function reconcileOnce() {
    const kinds = Object.keys(opts.connectors)
    const rows = kinds.length
      ? await ctx.db
          .select({
            id: sources.id,
            kind: sources.kind,
            config: sources.config,
            secrets: sources.secretsCiphertext,
            trackedTerms: brands.trackedTerms,
            excludedTerms: brands.excludedTerms,
            languages: brands.languages,
          })
          .from(sources)
          .innerJoin(brands, eq(brands.id, sources.brandId))
          .where(
            and(eq(sources.enabled, true), inArray(sources.kind, kinds), isNull(brands.archivedAt)),
          )
      : []
    // What a connection was opened with: an edited URL, new credentials or brand terms reconnect it.
    const settings = new Map(
      rows.map((r) => [
        r.id,
        JSON.stringify([r.config, r.secrets, r.trackedTerms, r.excludedTerms, r.languages]),
      ]),
    )
    for (const [id, stream] of running) {
      if (settings.get(id) !== stream.settings) await stream.stop()
    }
    for (const row of rows) {
      if (closed || running.has(row.id)) continue
      const stream = runStream(row.id, opts.connectors[row.kind]!, settings.get(row.id)!)
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
  function runStream(sourceId: string, connector: StreamConnector, settings: string) {
    let stopping = false
    let socket: WebSocket | null = null
    let wake: (() => void) | null = null
    let done: Promise<void> = Promise.resolve()

    async function loop(lease: StreamLease) {
      let attempt = 0
      try {
        while (!stopping) {
          let heard = 0
          let retryAt = 0
          try {
            heard = await connectOnce()
          } catch (err) {
            // The network's own pace: a 429's reset, or a refusal that retrying will not mend.
            if (err instanceof SourceError) {
              retryAt = err.options.permanent
                ? Date.now() + REFUSED_WAIT_MS
                : (err.options.retryAt ?? 0)
            }
            log.warn({ sourceId, err }, 'stream failed')
            // Said on the Sources page; a brand's outage is not the monitor's to report here.
            await recordStreamFailure(ctx.db, sourceId, {
              now: Date.now(),
              error: `stream failed: ${(err as Error).message}`,
            }).catch(() => undefined)
          }
          if (stopping) break
          attempt = heard > 0 ? 0 : attempt + 1
          const cap = Math.min(opts.backoff.maxMs, opts.backoff.baseMs * 2 ** Math.min(attempt, 16))
          const delay = Math.max(Math.round(Math.random() * cap), retryAt - Date.now())
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
      const io = sourceIo(ctx, source, brand)
      const url = connector.subscribeUrl(source, source.cursor, Date.now())
      const ws = await openStreamSocket(ctx, url, connector.handshakeHeaders?.(io.secrets))
      socket = ws
      if (stopping) ws.terminate()
      return readStream(ctx, ws, { ...opts, source, rules: io.rules, connector, io })
    }

    return {
      settings,
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

  // An outage is the dependency monitor's one "waiting for" line, not a line every interval.
  const notReconciled = (err: unknown) => {
    if (!ctx.health.reportFailure(err)) log.warn({ err }, 'streams not reconciled')
  }
  const timer = setInterval(() => {
    if (!closed) reconcile().catch(notReconciled)
  }, opts.reconcileMs)
  timer.unref()
  void reconcile().catch(notReconciled)

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
