import { useSyncExternalStore } from 'react'
import type { UserView } from '../../../shared/schemas/users.js'
import { api } from './api.js'
import { ApiError, isAbortError, toApiError } from './http.js'
import { onSessionProblem, setCsrfToken } from './session.js'

/** Why the sign-in page is shown. */
export type SignedOutReason =
  /** No session when the console opened. */
  | 'no-session'
  /** The user signed out here or in another tab. */
  | 'signed-out'
  /** The server ended it (signed out elsewhere, role changed, deactivated, expired, lost) and
   * the person chose to leave the console rather than sign in again over it. */
  | 'session-ended'
  /** A setup link was just used: sign in with the new password. */
  | 'setup-done'

export type AuthState =
  | { status: 'checking' }
  | { status: 'error'; error: ApiError }
  | {
      status: 'signed-out'
      reason: SignedOutReason
      /** Prefilled on the sign-in form. */
      email: string | null
      /** `GET /api/auth/me` answered 401: the server is there and nobody is signed in. */
      confirmed: boolean
    }
  | { status: 'signed-in'; user: UserView }
  /**
   * The server no longer knows the session of an open console (a Redis that lost its data
   * forgets every session at once; an expiry or a revocation looks the same from here). The
   * console stays mounted, with everything typed in it, behind a sign-in dialog.
   */
  | { status: 'session-lost'; user: UserView }

/** What a re-check found, compared with who was signed in before. */
export type RecheckOutcome = 'same' | 'changed' | 'signed-out' | 'unknown'

const AUTO_RETRY_MS = 5000

/** What one tab tells the others (same browser, same cookie): a session they share changed. */
type TabMessage = { type: 'signed-in' } | { type: 'signed-out' }

/** The user a console is open for, whether or not the server still knows its session. */
export function consoleUser(state: AuthState): UserView | null {
  return state.status === 'signed-in' || state.status === 'session-lost' ? state.user : null
}

/**
 * Who is signed in. Framework-free like the feed store: React reads it with `useAuth`. The
 * session is an HttpOnly cookie; this keeps the user and hands the CSRF token to the API layer.
 * A 401 on any request, or a socket the server dropped, makes it ask `/api/auth/me` again.
 * Tabs share the cookie, so a sign-in or sign-out in one is told to the others.
 */
class AuthStore {
  private state: AuthState = { status: 'checking' }
  private listeners = new Set<() => void>()
  private resumeListeners = new Set<() => void>()
  private inflight: Promise<RecheckOutcome> | null = null
  private retryTimer: number | undefined
  /** Counts sign-ins and sign-outs here: a re-check that straddles one answers for the past. */
  private epoch = 0
  private tabs: BroadcastChannel | null =
    typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('firebreak-auth')

  constructor() {
    onSessionProblem(() => void this.recheck())
    if (this.tabs) this.tabs.onmessage = (e: MessageEvent<TabMessage>) => this.onTab(e.data)
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getSnapshot = (): AuthState => this.state

  private set(next: AuthState): void {
    const resumed =
      this.state.status === 'session-lost' &&
      next.status === 'signed-in' &&
      sameConsole(this.state.user, next.user)
    this.state = next
    for (const listener of this.listeners) listener()
    if (resumed) for (const listener of this.resumeListeners) listener()
  }

  /**
   * Called when a console whose session was lost is signed in again by the same person with
   * the same role (its state was kept): what the lost session had cut, such as the live
   * feed's socket, connects again.
   */
  onResumed = (listener: () => void): (() => void) => {
    this.resumeListeners.add(listener)
    return () => this.resumeListeners.delete(listener)
  }

  private onTab(message: TabMessage): void {
    const user = consoleUser(this.state)
    if (message.type === 'signed-out' && user) {
      // Signing out is meant for every tab: none keeps a console behind a dialog.
      this.epoch++
      setCsrfToken(null)
      this.set({ status: 'signed-out', reason: 'signed-out', email: user.email, confirmed: false })
      void this.recheck()
    } else if (message.type === 'signed-in' && this.state.status !== 'checking') {
      // The cookie now names the new session: a lost console may carry on, another user's
      // console must not (the re-check remounts it).
      void this.recheck()
    }
  }

  /** Asks the server who is signed in (once at a time; callers share the answer). */
  recheck = (): Promise<RecheckOutcome> => {
    this.inflight ??= this.askServer().finally(() => {
      this.inflight = null
    })
    return this.inflight
  }

  private async askServer(): Promise<RecheckOutcome> {
    window.clearTimeout(this.retryTimer)
    const before = consoleUser(this.state)
    const epoch = this.epoch
    // A sign-in or sign-out here while the question was out: its answer is the newer one.
    const overtaken = (): RecheckOutcome =>
      this.state.status === 'signed-in' ? 'same' : 'signed-out'
    try {
      const me = await api.me()
      if (epoch !== this.epoch) return overtaken()
      setCsrfToken(me.csrfToken)
      const user = me.data
      if (before && sameConsole(before, user)) {
        if (this.state.status !== 'signed-in' || JSON.stringify(before) !== JSON.stringify(user))
          this.set({ status: 'signed-in', user })
        return 'same'
      }
      this.set({ status: 'signed-in', user })
      return 'changed'
    } catch (err) {
      if (epoch !== this.epoch) return overtaken()
      const error = toApiError(err)
      if (error.status === 401) {
        setCsrfToken(null)
        const current = this.state
        if (current.status === 'signed-in') this.set({ status: 'session-lost', user: current.user })
        else if (current.status === 'signed-out') {
          if (!current.confirmed) this.set({ ...current, confirmed: true })
        } else if (current.status !== 'session-lost')
          this.set({ status: 'signed-out', reason: 'no-session', email: null, confirmed: true })
        return 'signed-out'
      }
      // The server is unreachable or failing: keep a signed-in console as it is (its own
      // panels say the server is away); a console that never knew who it was says so here.
      if (this.state.status === 'checking' || this.state.status === 'error') {
        this.set({ status: 'error', error })
        if (error.transient)
          this.retryTimer = window.setTimeout(() => void this.recheck(), AUTO_RETRY_MS)
      }
      return 'unknown'
    }
  }

  /** Retry after the first check failed. */
  retry = (): void => {
    this.set({ status: 'checking' })
    void this.recheck()
  }

  /**
   * Signs in; throws an ApiError (wrong password, rate limited...) for the form to show. Over a
   * lost console, the same person with the same role carries on in it; anyone else gets a
   * fresh one (the app remounts for another user or role).
   */
  signIn = async (email: string, password: string): Promise<UserView> => {
    const me = await api.signIn({ email, password })
    this.epoch++
    setCsrfToken(me.csrfToken)
    this.set({ status: 'signed-in', user: me.data })
    this.tabs?.postMessage({ type: 'signed-in' } satisfies TabMessage)
    return me.data
  }

  /** Signs out here (and in every tab); a session already gone counts as signed out. */
  signOut = async (): Promise<void> => {
    try {
      await api.signOut()
    } catch (err) {
      if (isAbortError(err) || !(err instanceof ApiError) || err.status !== 401) throw err
    }
    this.epoch++
    const email = consoleUser(this.state)?.email ?? null
    setCsrfToken(null)
    this.set({ status: 'signed-out', reason: 'signed-out', email, confirmed: false })
    this.tabs?.postMessage({ type: 'signed-out' } satisfies TabMessage)
    // Confirms with the server (and learns whether it answers at all).
    void this.recheck()
  }

  /**
   * Leaves a lost console for the sign-in page (someone else will sign in here, or the account
   * is gone): what was typed in it is dropped.
   */
  leaveLostConsole = (): void => {
    if (this.state.status !== 'session-lost') return
    this.epoch++
    this.set({
      status: 'signed-out',
      reason: 'session-ended',
      email: this.state.user.email,
      confirmed: true,
    })
  }

  /** After a setup link set a password: the sign-in page, with the email filled in. */
  setupDone = (email: string): void => {
    this.set({ status: 'signed-out', reason: 'setup-done', email, confirmed: false })
  }
}

/** Same id and role: the console built for one fits the other, state and all. */
function sameConsole(a: UserView, b: UserView): boolean {
  return a.id === b.id && a.role === b.role
}

export const auth = new AuthStore()

export function useAuth(): AuthState {
  return useSyncExternalStore(auth.subscribe, auth.getSnapshot)
}
