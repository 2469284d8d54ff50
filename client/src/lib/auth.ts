import { useSyncExternalStore } from 'react'
import type { UserView } from '../../../shared/schemas/users.js'
import { api, ApiError, isAbortError, toApiError } from './api.js'
import { onSessionProblem, setCsrfToken } from './session.js'

/** Why the sign-in page is shown. */
export type SignedOutReason =
  /** No session when the console opened. */
  | 'no-session'
  /** The user signed out here. */
  | 'signed-out'
  /** The server ended it: signed out elsewhere, role changed, deactivated, expired. */
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

/** What a re-check found, compared with who was signed in before. */
export type RecheckOutcome = 'same' | 'changed' | 'signed-out' | 'unknown'

const AUTO_RETRY_MS = 5000

/**
 * Who is signed in. Framework-free like the feed store: React reads it with `useAuth`. The
 * session is an HttpOnly cookie; this keeps the user and hands the CSRF token to the API layer.
 * A 401 on any request, or a socket the server dropped, makes it ask `/api/auth/me` again.
 */
class AuthStore {
  private state: AuthState = { status: 'checking' }
  private listeners = new Set<() => void>()
  private inflight: Promise<RecheckOutcome> | null = null
  private retryTimer: number | undefined

  constructor() {
    onSessionProblem(() => void this.recheck())
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getSnapshot = (): AuthState => this.state

  private set(next: AuthState): void {
    this.state = next
    for (const listener of this.listeners) listener()
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
    const before = this.state.status === 'signed-in' ? this.state.user : null
    try {
      const me = await api.me()
      setCsrfToken(me.csrfToken)
      const user = me.data
      if (before && before.id === user.id && before.role === user.role) {
        if (JSON.stringify(before) !== JSON.stringify(user)) this.set({ status: 'signed-in', user })
        return 'same'
      }
      this.set({ status: 'signed-in', user })
      return 'changed'
    } catch (err) {
      const error = toApiError(err)
      if (error.status === 401) {
        setCsrfToken(null)
        const current = this.state
        if (current.status === 'signed-out') this.set({ ...current, confirmed: true })
        else
          this.set({
            status: 'signed-out',
            reason: before ? 'session-ended' : 'no-session',
            email: before?.email ?? null,
            confirmed: true,
          })
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

  /** Signs in; throws an ApiError (wrong password, rate limited...) for the form to show. */
  signIn = async (email: string, password: string): Promise<UserView> => {
    const me = await api.signIn({ email, password })
    setCsrfToken(me.csrfToken)
    this.set({ status: 'signed-in', user: me.data })
    return me.data
  }

  /** Signs out here; a session already gone counts as signed out. */
  signOut = async (): Promise<void> => {
    try {
      await api.signOut()
    } catch (err) {
      if (isAbortError(err) || !(err instanceof ApiError) || err.status !== 401) throw err
    }
    const email = this.state.status === 'signed-in' ? this.state.user.email : null
    setCsrfToken(null)
    this.set({ status: 'signed-out', reason: 'signed-out', email, confirmed: false })
    // Confirms with the server (and learns whether it answers at all).
    void this.recheck()
  }

  /** After a setup link set a password: the sign-in page, with the email filled in. */
  setupDone = (email: string): void => {
    this.set({ status: 'signed-out', reason: 'setup-done', email, confirmed: false })
  }
}

export const auth = new AuthStore()

export function useAuth(): AuthState {
  return useSyncExternalStore(auth.subscribe, auth.getSnapshot)
}
