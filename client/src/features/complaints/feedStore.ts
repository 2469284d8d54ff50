import { inQueue } from '../../../../shared/triage.js'
import type { ServerEventName } from '../../../../shared/events.js'
import type { ComplaintView } from '../../../../shared/schemas/complaints.js'
import type {
  RescoreProgress,
  ScoringVersionView,
} from '../../../../shared/schemas/scoring-config.js'
import { api } from '../../lib/api.js'
import { ApiError, isAbortError, toApiError } from '../../lib/http.js'
import { auth } from '../../lib/auth.js'
import {
  connectBrandSocket,
  onBroadcastEvents,
  onServerEvents,
  type Broadcast,
  parsePush,
  type BrandSocket,
} from '../../lib/socket.js'

/** Complaints kept in memory: the top by priority. */
export const MAX_COMPLAINTS = 500
/** Complaints fetched in a snapshot. */
export const SNAPSHOT_LIMIT = 200
/** Priority from which a new complaint is announced to screen readers. */
export const HIGH_PRIORITY = 70

const EVENTS_PAGE = 500
/** Further behind than this, a fresh snapshot is cheaper than paging through the log. */
const FAR_BEHIND = 20_000
const POLL_MS = 30_000
/** Pushes from several processes can cross: wait this long for a gap to fill by itself. */
const GAP_GRACE_MS = 250
/** At most one state update this often: thousands of events a second become ~5 renders. */
const FLUSH_MS = 200
/** The display order changes at most this often, so rows can be read between moves. */
const SETTLE_MS = 2500
/** How long a row is marked new / moved. */
const CHANGE_TTL_MS = 8000
/** Out-of-order pushes held back; beyond this the buffer is dropped and REST catches up. */
const MAX_BUFFERED = 5000
/** Reconnect attempts after which the console says offline rather than reconnecting. */
const OFFLINE_AFTER_ATTEMPTS = 5
const RETRY_MIN_MS = 2000
const RETRY_MAX_MS = 30_000

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline'

export interface ConnectionInfo {
  state: ConnectionState
  /** Reconnect attempt number, 0 when connected or on the first try. */
  attempt: number
  /** Why, when the server refused or the browser is offline. */
  detail: string | null
}

export type ChangeKind = 'new' | 'up' | 'down' | 'updated'

/** What happened to a row recently: drives the flash and the movement marker. */
export interface RowChange {
  kind: ChangeKind
  /** When it last changed (ms epoch); a new value restarts the flash. */
  at: number
  /** Change of the displayed (rounded) priority since the row was first marked. */
  delta: number
}

/** Why the display order is held still. */
export type HoldReason = 'paused' | 'pointer' | 'focus'

export interface HighAlert {
  id: string
  priority: number
  who: string
  network: string
  at: number
}

export interface FeedState {
  phase: 'loading' | 'ready' | 'error'
  /** Why the first snapshot failed (phase 'error'). */
  error: ApiError | null
  /** A background sync (catch-up, reset snapshot) failing; data shown may be behind. */
  syncError: ApiError | null
  /** Rows in display order: the ranking as of the last settle, updated in place since. */
  rows: readonly ComplaintView[]
  /** Bumped whenever the display order changes (rows moved, added or removed). */
  orderVersion: number
  /** Complaints ranked but not yet shown while the order is held or settling. */
  pendingNew: number
  /** Shown rows not where the current ranking would put them. */
  pendingMoved: number
  holds: readonly HoldReason[]
  /** Every complaint in memory, by exact priority (for counts and filters). */
  total: number
  changes: ReadonlyMap<string, RowChange>
  lastSeq: number | null
  connection: ConnectionInfo
  /** When data last changed (ms epoch). */
  lastUpdateAt: number | null
  /** The last scoring version announced while this console was open, and its rescore. */
  scoring: { published: ScoringVersionView | null; rescore: RescoreProgress | null }
  eventsPerMinute: number
  /** Recent new high-priority complaints, newest last (at most 20). */
  highAlerts: readonly HighAlert[]
}

const byRank = (a: ComplaintView, b: ComplaintView) =>
  b.rankKey - a.rankKey ||
  (a.lastActivityAt < b.lastActivityAt ? 1 : a.lastActivityAt > b.lastActivityAt ? -1 : 0) ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * The live complaint feed of one brand: a snapshot, then pushes applied in seq order, with
 * catch-up over REST on a gap, on every (re)connect and every 30 s. Events are idempotent
 * upserts by complaint id; a seq at or below the watermark is never applied twice.
 *
 * It is framework-free: React reads it through `subscribe`/`getSnapshot`, and gets at most
 * one new snapshot per FLUSH_MS however fast events arrive.
 */
export class ComplaintFeedStore {
  readonly brandId: string

  private byId = new Map<string, ComplaintView>()
  private lastSeq: number | null = null
  /** Pushes received ahead of the watermark, by seq, until the gap before them is filled. */
  private buffer = new Map<number, ComplaintView>()
  private changes = new Map<string, RowChange>()
  private highAlerts: HighAlert[] = []
  private rate = new Uint32Array(60)
  private rateSecond = 0

  private phase: FeedState['phase'] = 'loading'
  private error: ApiError | null = null
  private syncError: ApiError | null = null
  private connection: ConnectionInfo = { state: 'connecting', attempt: 0, detail: null }
  private lastUpdateAt: number | null = null

  private ranked: ComplaintView[] = []
  private order: string[] = []
  private orderVersion = 0
  private lastOrderAt = 0
  private forceOrder = false
  private holds = new Set<HoldReason>()
  private dataDirty = false

  private running = false
  private abort = new AbortController()
  private socket: BrandSocket | null = null
  private offEvents: (() => void) | null = null
  private offResumed: (() => void) | null = null
  private loadingSnapshot = false
  private needsSnapshot = false
  private catchingUp = false
  private catchUpAgain = false
  private retryDelay = RETRY_MIN_MS
  private timers = new Map<string, number>()
  private pollTimer: number | null = null
  private rateTimer: number | null = null
  private lastFlushAt = 0
  private listeners = new Set<() => void>()
  private snapshot: FeedState
  private scoring: FeedState['scoring'] = { published: null, rescore: null }

  constructor(brandId: string) {
    this.brandId = brandId
    this.snapshot = this.build(Date.now())
  }

  // ─── React binding ────────────────────────────────────────────────────────────────────

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getSnapshot = (): FeedState => this.snapshot

  // ─── Lifecycle ────────────────────────────────────────────────────────────────────────

  /** Connects and loads; safe to call again after stop (React strict mode does). */
  start(): void {
    if (this.running) return
    this.running = true
    this.abort = new AbortController()
    // A tick later, so a start/stop/start (React strict mode) opens one socket, not two.
    this.setTimer('socket', () => this.openSocket(), 0)
    window.addEventListener('online', this.onBrowserOnline)
    window.addEventListener('offline', this.onBrowserOffline)
    this.offResumed = auth.onResumed(this.onSessionResumed)
    this.rateTimer = window.setInterval(() => this.requestFlush(), 5000)
    if (!navigator.onLine) this.setConnection({ state: 'offline', detail: 'browser offline' })
    void this.resync()
  }

  private openSocket(): void {
    const socket = connectBrandSocket(this.brandId)
    this.socket = socket
    const offPushes = onServerEvents(socket, (name, payload) => this.onPush(name, payload))
    const offBroadcasts = onBroadcastEvents(socket, this.onBroadcast)
    this.offEvents = () => {
      offPushes()
      offBroadcasts()
    }
    socket.on('connect', this.onConnect)
    socket.on('disconnect', this.onDisconnect)
    socket.on('connect_error', this.onConnectError)
    socket.io.on('reconnect_attempt', this.onReconnectAttempt)
  }

  stop(): void {
    if (!this.running) return
    this.running = false
    this.abort.abort()
    this.offEvents?.()
    this.offEvents = null
    if (this.socket) {
      this.socket.off('connect', this.onConnect)
      this.socket.off('disconnect', this.onDisconnect)
      this.socket.off('connect_error', this.onConnectError)
      this.socket.io.off('reconnect_attempt', this.onReconnectAttempt)
      this.socket.disconnect()
      this.socket = null
    }
    window.removeEventListener('online', this.onBrowserOnline)
    window.removeEventListener('offline', this.onBrowserOffline)
    this.offResumed?.()
    this.offResumed = null
    for (const id of this.timers.values()) window.clearTimeout(id)
    this.timers.clear()
    this.stopPolling()
    if (this.rateTimer !== null) window.clearInterval(this.rateTimer)
    this.rateTimer = null
    this.loadingSnapshot = false
    this.catchingUp = false
  }

  /** Retry after an error: the first snapshot, or a failing background sync. */
  retry = (): void => {
    if (!this.running) return
    this.retryDelay = RETRY_MIN_MS
    this.clearTimer('retry')
    if (this.phase === 'error') {
      this.phase = 'loading'
      this.error = null
      this.publish()
    }
    void this.resync()
  }

  // ─── Ranking hold ─────────────────────────────────────────────────────────────────────

  /**
   * Holds the display order still (while the pointer is over the list, a keyboard user is in
   * it, or the user paused). Data still updates in place; only moves and insertions wait.
   */
  setHold(reason: HoldReason, on: boolean, releaseAfterMs = 0): void {
    const key = `hold:${reason}`
    this.clearTimer(key)
    if (on) {
      if (this.holds.has(reason)) return
      this.holds.add(reason)
      this.requestFlush()
    } else if (this.holds.has(reason)) {
      const release = () => {
        this.holds.delete(reason)
        this.requestFlush()
      }
      if (releaseAfterMs > 0) this.setTimer(key, release, releaseAfterMs)
      else release()
    }
  }

  /**
   * Fetches what changed now, after this console changed something itself (a pick): its event
   * is in the log at once, whether or not its push has arrived yet.
   */
  sync = (): void => {
    if (this.running) void this.catchUp()
  }

  /** Shows the current ranking now, even while held. */
  applyRanking = (): void => {
    this.forceOrder = true
    this.flush()
  }

  /** Forgets the scoring announcement (the user closed it). */
  dismissScoring = (): void => {
    this.scoring = { published: null, rescore: null }
    this.publish()
  }

  /**
   * A new scoring version is announced; when its rescore is done, the ranking changed without
   * per-complaint events, so the list is loaded afresh.
   */
  private onBroadcast = (broadcast: Broadcast): void => {
    if (broadcast.name === 'scoring.published') {
      this.scoring = { published: broadcast.data, rescore: null }
    } else {
      this.scoring = { ...this.scoring, rescore: broadcast.data }
      if (broadcast.data.state === 'done' && this.running) {
        this.needsSnapshot = true
        void this.resync()
      }
    }
    this.publish()
  }

  // ─── Sync ─────────────────────────────────────────────────────────────────────────────

  private async resync(): Promise<void> {
    if (this.lastSeq === null || this.needsSnapshot) await this.loadSnapshot()
    else await this.catchUp()
  }

  private async loadSnapshot(): Promise<void> {
    if (this.loadingSnapshot || !this.running) return
    this.loadingSnapshot = true
    const signal = this.abort.signal
    try {
      const list = await api.complaints(this.brandId, SNAPSHOT_LIMIT, signal)
      if (signal.aborted) return
      const now = Date.now()
      const first = this.lastSeq === null
      this.byId = new Map(list.data.filter((c) => inQueue(c, now)).map((c) => [c.id, c]))
      // After a reset, rows that survived keep their marks; the rest are stale.
      if (first) this.changes.clear()
      else for (const id of this.changes.keys()) if (!this.byId.has(id)) this.changes.delete(id)
      this.lastSeq = list.seq
      this.needsSnapshot = false
      this.phase = 'ready'
      this.error = null
      this.syncError = null
      this.retryDelay = RETRY_MIN_MS
      this.lastUpdateAt = now
      this.dataDirty = true
      this.drainBuffer(now)
      // Pushes sent between the watermark and the socket joining its room reach no one:
      // one catch-up right after the snapshot closes that window.
      this.scheduleCatchUp(0)
    } catch (err) {
      if (signal.aborted || isAbortError(err)) return
      const error = toApiError(err)
      if (this.phase === 'ready') {
        this.syncError = error
        this.scheduleRetry()
      } else {
        this.phase = 'error'
        this.error = error
        if (error.transient) this.scheduleRetry()
      }
    } finally {
      if (signal === this.abort.signal) this.loadingSnapshot = false
      this.requestFlush()
    }
  }

  /** Fetches events after the watermark until caught up with the brand's latest seq. */
  private async catchUp(): Promise<void> {
    if (!this.running || this.lastSeq === null) return
    if (this.loadingSnapshot || this.needsSnapshot) {
      if (this.needsSnapshot) void this.loadSnapshot()
      return
    }
    if (this.catchingUp) {
      this.catchUpAgain = true
      return
    }
    this.catchingUp = true
    this.clearTimer('gap')
    const signal = this.abort.signal
    try {
      do {
        this.catchUpAgain = false
        for (;;) {
          const after: number = this.lastSeq
          const body = await api.events(this.brandId, after, EVENTS_PAGE, signal)
          if (signal.aborted) return
          if (body.reset || body.seq - after > FAR_BEHIND) {
            // The log no longer reaches back to our watermark (or paging through it would take
            // longer than starting over): load a fresh snapshot instead.
            this.needsSnapshot = true
            this.catchingUp = false
            await this.loadSnapshot()
            return
          }
          const now = Date.now()
          for (const event of body.data) this.applyEvent(event.seq, event.data, now)
          this.drainBuffer(now)
          const last = body.data.at(-1)?.seq
          if (last === undefined || last >= body.seq || this.lastSeq >= body.seq) break
        }
      } while (this.catchUpAgain && this.running)
      this.syncError = null
      this.retryDelay = RETRY_MIN_MS
    } catch (err) {
      if (signal.aborted || isAbortError(err)) return
      this.syncError = toApiError(err)
      this.scheduleRetry()
    } finally {
      if (signal === this.abort.signal) {
        this.catchingUp = false
        this.requestFlush()
        if (this.buffer.size) this.scheduleCatchUp(GAP_GRACE_MS)
      }
    }
  }

  private scheduleCatchUp(delay: number): void {
    if (this.timers.has('gap')) return
    this.setTimer('gap', () => void this.catchUp(), delay)
  }

  private scheduleRetry(): void {
    const delay = this.retryDelay
    this.retryDelay = Math.min(RETRY_MAX_MS, this.retryDelay * 2)
    this.clearTimer('retry')
    this.setTimer('retry', () => void this.resync(), delay * (0.8 + Math.random() * 0.4))
  }

  // ─── Events ───────────────────────────────────────────────────────────────────────────

  private onPush(name: ServerEventName, payload: unknown): void {
    const event = parsePush(name, payload)
    if (!event) {
      // Unreadable push: leave its seq unapplied; the REST log fills it (or reports why).
      console.warn(`firebreak: ignored a malformed ${name} push`)
      this.scheduleCatchUp(GAP_GRACE_MS)
      return
    }
    if (event.brandId !== this.brandId) return
    if (this.lastSeq !== null && event.seq <= this.lastSeq) return
    this.buffer.set(event.seq, event.data)
    if (this.buffer.size > MAX_BUFFERED) {
      // Far behind: drop the backlog (the server keeps it) and catch up in pages.
      this.buffer.clear()
      this.scheduleCatchUp(0)
      return
    }
    if (this.lastSeq === null) return // the snapshot drains it
    this.drainBuffer(Date.now())
    if (this.buffer.size) this.scheduleCatchUp(GAP_GRACE_MS)
    this.requestFlush()
  }

  /** Applies buffered pushes that continue the watermark, and forgets those behind it. */
  private drainBuffer(now: number): void {
    if (this.lastSeq === null || !this.buffer.size) return
    let next = this.buffer.get(this.lastSeq + 1)
    while (next !== undefined) {
      this.buffer.delete(this.lastSeq + 1)
      this.applyEvent(this.lastSeq + 1, next, now)
      next = this.buffer.get(this.lastSeq + 1)
    }
    for (const seq of this.buffer.keys()) if (seq <= this.lastSeq) this.buffer.delete(seq)
  }

  /** One event, in seq order: moves the watermark and upserts the complaint it carries. */
  private applyEvent(seq: number, view: ComplaintView, now: number): void {
    if (this.lastSeq === null || seq <= this.lastSeq) return
    this.lastSeq = seq
    this.countEvent(now)
    this.upsert(view, now)
  }

  private upsert(view: ComplaintView, now: number): void {
    if (view.brandId !== this.brandId) return
    // Applied in seq order, the last event of a complaint always leaves its latest view, even
    // when a snapshot or a catch-up page (which carry current views) briefly ran ahead.
    const prev = this.byId.get(view.id)
    this.lastUpdateAt = now
    this.dataDirty = true
    if (!inQueue(view, now)) {
      this.byId.delete(view.id)
      this.changes.delete(view.id)
      return
    }
    this.byId.set(view.id, view)
    if (this.byId.size > MAX_COMPLAINTS * 2) this.trim()

    const before = prev ? Math.round(prev.priority) : null
    const after = Math.round(view.priority)
    const old = this.changes.get(view.id)
    const fresh = old && now - old.at < CHANGE_TTL_MS ? old : undefined
    if (before === null) {
      this.changes.set(view.id, { kind: 'new', at: now, delta: 0 })
      if (view.priority >= HIGH_PRIORITY) {
        this.highAlerts.push({
          id: view.id,
          priority: view.priority,
          who: view.lead.author.displayName || view.lead.author.handle,
          network: view.network,
          at: now,
        })
        if (this.highAlerts.length > 20) this.highAlerts.shift()
      }
      return
    }
    const delta = (fresh && fresh.kind !== 'new' ? fresh.delta : 0) + (after - before)
    const kind: ChangeKind =
      fresh?.kind === 'new' ? 'new' : delta > 0 ? 'up' : delta < 0 ? 'down' : 'updated'
    this.changes.set(view.id, { kind, at: now, delta: fresh?.kind === 'new' ? 0 : delta })
  }

  /** Keeps the top MAX_COMPLAINTS by priority. */
  private trim(): void {
    if (this.byId.size <= MAX_COMPLAINTS) return
    const ranked = [...this.byId.values()].sort(byRank)
    for (const c of ranked.slice(MAX_COMPLAINTS)) {
      this.byId.delete(c.id)
      this.changes.delete(c.id)
    }
  }

  private countEvent(now: number): void {
    this.advanceRate(Math.floor(now / 1000))
    this.rate[this.rateSecond % 60]! += 1
  }

  private advanceRate(second: number): void {
    if (second <= this.rateSecond) return
    if (second - this.rateSecond >= 60) this.rate.fill(0)
    else for (let s = this.rateSecond + 1; s <= second; s++) this.rate[s % 60] = 0
    this.rateSecond = second
  }

  // ─── Socket ───────────────────────────────────────────────────────────────────────────

  private onConnect = (): void => {
    this.setConnection({ state: 'live', attempt: 0, detail: null })
    this.startPolling()
    // Whatever was pushed while we were away is in the event log.
    if (this.lastSeq !== null) void this.catchUp()
    else if (this.phase === 'error') this.retry()
  }

  private onDisconnect = (reason: string): void => {
    this.stopPolling()
    if (!this.running) return
    // The server closed it on purpose: the session ended (signed out elsewhere, role changed,
    // deactivated) or the server is going away. socket.io will not retry by itself.
    if (reason === 'io server disconnect') void this.reconnectIfStillSignedIn()
    this.setConnection({
      state: navigator.onLine ? 'reconnecting' : 'offline',
      attempt: 0,
      detail: navigator.onLine ? null : 'browser offline',
    })
  }

  private onConnectError = (err: Error): void => {
    const socket = this.socket
    if (!socket || !this.running) return
    if (!socket.active) {
      // Refused by the server (no session, unknown brand, handshake error).
      this.setConnection({ state: 'offline', detail: err.message })
      this.clearTimer('reconnect')
      if (/^(unauthorized|forbidden)/.test(err.message)) void this.reconnectIfStillSignedIn()
      else this.setTimer('reconnect', () => this.socket?.connect(), 10_000)
      return
    }
    const attempt = this.connection.attempt
    this.setConnection({
      state: !navigator.onLine || attempt >= OFFLINE_AFTER_ATTEMPTS ? 'offline' : 'reconnecting',
      detail: navigator.onLine ? err.message : 'browser offline',
    })
  }

  /**
   * Asks who is signed in before connecting again. Someone else (or another role): the app
   * remounts and this store is stopped. No session: the console waits behind the sign-in
   * dialog, and `onSessionResumed` connects once the same person is back. Same person, or the
   * server could not say (restarting): connect again.
   */
  private async reconnectIfStillSignedIn(): Promise<void> {
    const outcome = await auth.recheck()
    if (!this.running || !this.socket || this.socket.connected) return
    if (outcome === 'same') this.socket.connect()
    else if (outcome === 'unknown') this.setTimer('reconnect', () => this.socket?.connect(), 10_000)
  }

  /**
   * Signed in again over this console after its session was lost: the socket the server
   * dropped with the session (or refused without one) connects again, and the catch-up on
   * connect fetches what was missed. One still retrying by itself is left to it.
   */
  private onSessionResumed = (): void => {
    const socket = this.socket
    if (!this.running || !socket || socket.connected || socket.active) return
    this.clearTimer('reconnect')
    this.setConnection({ state: 'reconnecting', detail: null })
    socket.connect()
  }

  private onReconnectAttempt = (attempt: number): void => {
    this.setConnection({
      state: !navigator.onLine || attempt > OFFLINE_AFTER_ATTEMPTS ? 'offline' : 'reconnecting',
      attempt,
    })
  }

  private onBrowserOffline = (): void => {
    if (this.connection.state !== 'live')
      this.setConnection({ state: 'offline', detail: 'browser offline' })
  }

  private onBrowserOnline = (): void => {
    const socket = this.socket
    if (!socket || socket.connected) return
    this.setConnection({ state: 'reconnecting', detail: null })
    if (!socket.active) socket.connect()
  }

  private setConnection(next: Partial<ConnectionInfo>): void {
    this.connection = { ...this.connection, ...next }
    this.requestFlush()
  }

  private startPolling(): void {
    this.stopPolling()
    this.pollTimer = window.setInterval(() => void this.catchUp(), POLL_MS)
  }

  private stopPolling(): void {
    if (this.pollTimer !== null) window.clearInterval(this.pollTimer)
    this.pollTimer = null
  }

  // ─── Publishing ───────────────────────────────────────────────────────────────────────

  private requestFlush(): void {
    if (!this.running || this.timers.has('flush')) return
    const delay = Math.max(0, this.lastFlushAt + FLUSH_MS - Date.now())
    this.setTimer('flush', () => this.flush(), delay)
  }

  private flush(): void {
    this.clearTimer('flush')
    this.lastFlushAt = Date.now()
    this.publish()
  }

  private publish(): void {
    this.snapshot = this.build(Date.now())
    for (const listener of this.listeners) listener()
  }

  private build(now: number): FeedState {
    for (const [id, change] of this.changes)
      if (now - change.at >= CHANGE_TTL_MS) this.changes.delete(id)
    if (this.dataDirty) {
      this.trim()
      this.ranked = [...this.byId.values()].sort(byRank)
      this.dataDirty = false
    }
    const target = this.calmOrder()
    const held = this.holds.size > 0 && this.order.length > 0
    if (!sameIds(this.order, target)) {
      const wait = this.lastOrderAt + SETTLE_MS - now
      if (this.forceOrder || this.order.length === 0 || (!held && wait <= 0)) {
        this.order = target
        this.lastOrderAt = now
        this.orderVersion++
      } else if (!held) {
        this.setTimer('settle', () => this.flush(), wait)
      }
    }
    this.forceOrder = false

    const rows: ComplaintView[] = []
    for (const id of this.order) {
      const view = this.byId.get(id)
      if (view) rows.push(view)
    }
    if (rows.length !== this.order.length) {
      this.order = rows.map((r) => r.id)
      this.orderVersion++
    }
    const shown = new Set(this.order)
    const targetIndex = new Map(target.map((id, i) => [id, i]))
    return {
      phase: this.phase,
      error: this.error,
      syncError: this.syncError,
      rows,
      orderVersion: this.orderVersion,
      pendingNew: target.filter((id) => !shown.has(id)).length,
      pendingMoved: rows.length - longestIncreasing(rows.map((r) => targetIndex.get(r.id) ?? 0)),
      holds: [...this.holds],
      total: this.ranked.length,
      changes: new Map(this.changes),
      lastSeq: this.lastSeq,
      connection: this.connection,
      lastUpdateAt: this.lastUpdateAt,
      eventsPerMinute: this.eventsPerMinute(now),
      highAlerts: [...this.highAlerts],
      scoring: this.scoring,
    }
  }

  /**
   * The order to show: by rank key in whole points (priority at one instant, whatever the
   * clock), and within the same number in
   * the order already shown, so sub-point jitter never swaps rows. New rows go last among
   * their equals; exact priority breaks the remaining ties.
   */
  private calmOrder(): string[] {
    const shownAt = new Map(this.order.map((id, i) => [id, i]))
    return this.ranked
      .map((c, rank) => ({
        id: c.id,
        bucket: Math.round(c.rankKey),
        shown: shownAt.get(c.id) ?? Number.MAX_SAFE_INTEGER,
        rank,
      }))
      .sort((a, b) => b.bucket - a.bucket || a.shown - b.shown || a.rank - b.rank)
      .map((e) => e.id)
  }

  private eventsPerMinute(now: number): number {
    this.advanceRate(Math.floor(now / 1000))
    let sum = 0
    for (const n of this.rate) sum += n
    return sum
  }

  // ─── Timers ───────────────────────────────────────────────────────────────────────────

  private setTimer(key: string, fn: () => void, delay: number): void {
    this.clearTimer(key)
    this.timers.set(
      key,
      window.setTimeout(() => {
        this.timers.delete(key)
        if (this.running) fn()
      }, delay),
    )
  }

  private clearTimer(key: string): void {
    const id = this.timers.get(key)
    if (id !== undefined) window.clearTimeout(id)
    this.timers.delete(key)
  }
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Length of the longest strictly increasing subsequence (patience sorting, O(n log n)). */
function longestIncreasing(values: readonly number[]): number {
  const tails: number[] = []
  for (const v of values) {
    let lo = 0
    let hi = tails.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (tails[mid]! < v) lo = mid + 1
      else hi = mid
    }
    tails[lo] = v
  }
  return tails.length
}
