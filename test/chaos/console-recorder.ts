import { io, type Socket } from 'socket.io-client'
import { z } from 'zod'
import { SERVER_EVENT_NAMES, SERVER_EVENTS } from '../../shared/events.js'
import type { ComplaintView } from '../../shared/schemas/complaints.js'
import type { Tenant } from './cluster.js'
import { ConsoleSession, type SessionStats } from './console-session.js'

// As the console does (client/src/features/complaints/feedStore.ts): a gap waits this long for
// the missing push before fetching it, and a connected console catches up on this period too,
// which is what recovers a push lost at the very end of a burst.
const GAP_GRACE_MS = 250
const POLL_MS = 30_000

type CatchUpTrigger = 'connect' | 'gap' | 'poll' | 'final'

const PushSchema = z.object({
  seq: z.number().int(),
  brandId: z.string(),
  data: SERVER_EVENTS['complaint.scored'],
})

export interface RecorderStats extends SessionStats {
  connects: number
  disconnects: number
  connectErrors: number
  pushes: number
  malformedPushes: number
  /** Events applied from pushes, and from catch-up pages. */
  viaPush: number
  viaCatchUp: number
  /**
   * Events applied by catch-ups, by what started them. Events only the periodic poll brought
   * were pushed to no one and announced by no gap or reconnect: the console was stale meanwhile.
   */
  caughtUpBy: Record<CatchUpTrigger, number>
  gapsSeen: number
  catchUps: number
  /** Seqs a catch-up page jumped over: the server's log itself has a hole. */
  skippedSeqs: number
  resets: number
  /** The last seq applied with every seq before it. */
  lastSeq: number
}

/**
 * A signed-in console, in the suite's process: it records every complaint push, applies events
 * in seq order and catches up through `GET /api/brands/:id/events` on every (re)connect and seq
 * gap, signing in again when the session is gone. What it ends with per complaint must equal
 * the complaints table.
 */
export class ConsoleRecorder {
  /** The last seq applied with every seq before it. */
  lastSeq = 0
  /** Each complaint's view from the highest seq applied. */
  readonly views = new Map<string, { seq: number; view: ComplaintView }>()
  private readonly stats = {
    connects: 0,
    disconnects: 0,
    connectErrors: 0,
    pushes: 0,
    malformedPushes: 0,
    viaPush: 0,
    viaCatchUp: 0,
    caughtUpBy: { connect: 0, gap: 0, poll: 0, final: 0 },
    gapsSeen: 0,
    catchUps: 0,
    skippedSeqs: 0,
    resets: 0,
  }
  private readonly buffer = new Map<number, ComplaintView>()
  private readonly session: ConsoleSession
  private socket: Socket | null = null
  private running = true
  private catchingUp = false
  private catchUpAgain = false
  private readonly timers = new Set<NodeJS.Timeout>()
  private gapTimer: NodeJS.Timeout | null = null

  constructor(
    private readonly apiUrl: string,
    private readonly tenant: Tenant,
    log: (msg: string) => void,
  ) {
    this.session = new ConsoleSession(apiUrl, tenant, {
      log,
      isRunning: () => this.running,
      onCookie: (cookie) => {
        if (this.socket) this.socket.io.opts.extraHeaders = { origin: apiUrl, cookie }
      },
    })
  }

  /** Every figure of the console's life so far. */
  summary(): RecorderStats {
    return { ...this.stats, ...this.session.stats, lastSeq: this.lastSeq }
  }

  /** Signs in and connects; resolves on the first connect. */
  async start(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    if (!(await this.session.signIn(deadline))) throw new Error('the console could not sign in')
    const socket = io(this.apiUrl, {
      transports: ['websocket'],
      reconnection: true,
      forceNew: true,
      auth: { brandId: this.tenant.brandId },
      extraHeaders: { origin: this.apiUrl, cookie: this.session.cookie! },
    })
    this.socket = socket
    for (const name of SERVER_EVENT_NAMES)
      socket.on(name, (payload: unknown) => this.onPush(payload))
    socket.on('connect', () => {
      this.stats.connects++
      void this.catchUp('connect')
    })
    socket.on('disconnect', (reason) => {
      this.stats.disconnects++
      // The server dropped us on purpose (session gone): socket.io will not retry by itself.
      if (reason === 'io server disconnect') this.later(1000, () => this.reconnect())
    })
    socket.on('connect_error', (err) => {
      this.stats.connectErrors++
      if (socket.active) return // a transport failure: socket.io retries with backoff
      // Refused by the server's handshake: without a session, sign in again first.
      if (/^unauthorized/.test(err.message)) {
        void this.session.reSignIn().then(() => this.reconnect())
      } else this.later(2000, () => this.reconnect())
    })
    this.every(POLL_MS, () => void this.catchUp('poll'))
    while (!socket.connected) {
      if (Date.now() > deadline) throw new Error('the console could not connect')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  stop(): void {
    this.running = false
    for (const timer of this.timers) clearTimeout(timer)
    if (this.gapTimer) clearTimeout(this.gapTimer)
    this.socket?.close()
  }

  /** Fetches and applies events until the watermark reaches the brand's latest seq. */
  async catchUp(trigger: CatchUpTrigger): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true
      return
    }
    this.catchingUp = true
    this.stats.catchUps++
    try {
      do {
        this.catchUpAgain = false
        for (;;) {
          const page = await this.session.fetchEvents(this.lastSeq)
          if (!page) return
          if (page.reset) {
            // The log no longer reaches our watermark; the console would reload a snapshot.
            this.stats.resets++
            this.lastSeq = Math.max(this.lastSeq, page.seq)
            break
          }
          const before = this.lastSeq
          for (const event of page.data) this.apply(event.seq, event.data, 'catchUp')
          this.stats.caughtUpBy[trigger] += this.lastSeq - before
          this.drain()
          if (!page.data.length || this.lastSeq >= page.seq) break
        }
      } while (this.catchUpAgain && this.running)
    } finally {
      this.catchingUp = false
      if (this.buffer.size) this.scheduleGapCatchUp()
    }
  }

  private onPush(payload: unknown): void {
    const parsed = PushSchema.safeParse(payload)
    if (!parsed.success) {
      this.stats.malformedPushes++
      return this.scheduleGapCatchUp()
    }
    const event = parsed.data
    if (event.brandId !== this.tenant.brandId) return
    this.stats.pushes++
    if (event.seq <= this.lastSeq) return
    this.buffer.set(event.seq, event.data)
    this.drain()
    if (this.buffer.size && !this.gapTimer) {
      this.stats.gapsSeen++
      this.scheduleGapCatchUp()
    }
  }

  private scheduleGapCatchUp(): void {
    if (this.gapTimer || !this.running) return
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null
      void this.catchUp('gap')
    }, GAP_GRACE_MS)
  }

  /** Applies buffered pushes that continue the watermark; forgets those behind it. */
  private drain(): void {
    for (
      let next = this.buffer.get(this.lastSeq + 1);
      next;
      next = this.buffer.get(this.lastSeq + 1)
    ) {
      this.buffer.delete(this.lastSeq + 1)
      this.apply(this.lastSeq + 1, next, 'push')
    }
    for (const seq of this.buffer.keys()) if (seq <= this.lastSeq) this.buffer.delete(seq)
  }

  private apply(seq: number, view: ComplaintView, via: 'push' | 'catchUp'): void {
    if (seq <= this.lastSeq) return
    if (seq > this.lastSeq + 1) this.stats.skippedSeqs += seq - this.lastSeq - 1
    this.lastSeq = seq
    if (via === 'push') this.stats.viaPush++
    else this.stats.viaCatchUp++
    const known = this.views.get(view.id)
    if (!known || known.seq <= seq) this.views.set(view.id, { seq, view })
  }

  private reconnect(): void {
    if (this.running && this.socket && !this.socket.connected && !this.socket.active) {
      this.socket.connect()
    }
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      if (this.running) fn()
    }, ms)
    this.timers.add(timer)
  }

  private every(ms: number, fn: () => void): void {
    const tick = () => {
      fn()
      this.later(ms, tick)
    }
    this.later(ms, tick)
  }
}
