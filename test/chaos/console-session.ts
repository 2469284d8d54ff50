import { EventPageSchema, type EventPage } from '../../shared/events.js'
import type { Tenant } from './cluster.js'

const PAGE = 1000
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export interface SessionStats {
  signIns: number
  /** Sign-ins after the first: the session was lost (Redis lost it, or it expired). */
  reSignIns: number
  fetchErrors: number
}

/**
 * The console's HTTP side: a session cookie from `POST /api/auth/sign-in` (signed in again when
 * the API answers 401), and pages of the brand's event log, retried through outages.
 */
export class ConsoleSession {
  cookie: string | null = null
  readonly stats: SessionStats = { signIns: 0, reSignIns: 0, fetchErrors: 0 }
  private signingIn: Promise<boolean> | null = null

  constructor(
    private readonly apiUrl: string,
    private readonly tenant: Tenant,
    private readonly options: {
      log: (msg: string) => void
      isRunning: () => boolean
      /** Told every new cookie, so the socket's next handshake carries it. */
      onCookie: (cookie: string) => void
    },
  ) {}

  /** Signs in until it works, the console stops or the deadline passes (then false). */
  async signIn(deadline = Infinity): Promise<boolean> {
    let delay = 1000
    while (this.options.isRunning() && Date.now() < deadline) {
      try {
        const res = await fetch(`${this.apiUrl}/api/auth/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: this.tenant.email, password: this.tenant.password }),
          signal: AbortSignal.timeout(15_000),
        })
        await res.arrayBuffer()
        const cookie = res.headers.getSetCookie()[0]?.split(';')[0]
        if (res.status !== 200 || !cookie) throw new Error(`sign-in answered ${res.status}`)
        this.cookie = cookie
        if (this.stats.signIns++ > 0) {
          this.stats.reSignIns++
          this.options.log('console: signed in again (the session was gone)')
        }
        this.options.onCookie(cookie)
        return true
      } catch (err) {
        this.options.log(`console: sign-in failed: ${(err as Error).message}`)
        await sleep(delay)
        delay = Math.min(5000, delay * 2)
      }
    }
    return false
  }

  /** One sign-in at a time, however many requests found the session gone. */
  reSignIn(): Promise<boolean> {
    this.signingIn ??= this.signIn().finally(() => (this.signingIn = null))
    return this.signingIn
  }

  /** `GET /api/brands/:id/events?after=`: one page, retried until it comes. Null once stopped. */
  async fetchEvents(after: number): Promise<EventPage | null> {
    let delay = 500
    while (this.options.isRunning()) {
      try {
        const res = await fetch(
          `${this.apiUrl}/api/brands/${this.tenant.brandId}/events?after=${after}&limit=${PAGE}`,
          { headers: { cookie: this.cookie ?? '' }, signal: AbortSignal.timeout(15_000) },
        )
        if (res.status === 401) {
          await res.arrayBuffer()
          await this.reSignIn()
          continue
        }
        if (!res.ok) throw new Error(`events answered ${res.status}`)
        return EventPageSchema.parse(await res.json())
      } catch (err) {
        if (this.stats.fetchErrors++ % 20 === 0) {
          this.options.log(`console: catch-up failed: ${(err as Error).message}`)
        }
        await sleep(delay)
        delay = Math.min(5000, delay * 2)
      }
    }
    return null
  }
}
