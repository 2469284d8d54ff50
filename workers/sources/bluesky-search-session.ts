import { SOURCE_KINDS } from '../../shared/schemas/source-kinds.js'
import crypto from 'node:crypto'
import { z } from 'zod'
import { failedResponse, SourceError, type SourceIo, type SourceResponse } from './connector.js'

/** An app-password login; the PDS proxies `app.bsky.*` for it. */
export const BlueskySearchSecretsSchema = SOURCE_KINDS.bluesky.secrets
export type BlueskySearchSecrets = z.infer<typeof BlueskySearchSecretsSchema>

const SessionSchema = z.object({ accessJwt: z.string().min(1), refreshJwt: z.string().min(1) })
type Session = z.infer<typeof SessionSchema>

/** XRPC error names meaning "log in again", whichever status the PDS puts them under. */
const AUTH_ERRORS = new Set(['ExpiredToken', 'InvalidToken', 'AuthMissing', 'AuthRequired'])

/**
 * Sessions live in this process only, per source and login: access tokens are short-lived and
 * never stored, so a restarted worker simply logs in again.
 */
const sessions = new Map<string, Session>()

/** Forgets every cached session (tests; a changed password is keyed apart anyway). */
export function forgetBlueskySessions(): void {
  sessions.clear()
}

const xrpcError = (res: SourceResponse): string | undefined => {
  try {
    const body = JSON.parse(res.body) as { error?: unknown }
    return typeof body.error === 'string' ? body.error : undefined
  } catch {
    return undefined
  }
}

/** Whether an answer says the access token is missing, expired or refused. */
export function isAuthFailure(res: SourceResponse): boolean {
  const name = xrpcError(res)
  return res.status === 401 || (res.status === 400 && !!name && AUTH_ERRORS.has(name))
}

/**
 * Authenticated GETs through the user's PDS with one source's app password: logs in on first
 * use, reuses the access token, and on an expired or refused token refreshes the session (or
 * logs in afresh) once before giving up for good.
 */
export class BlueskySession {
  private readonly key: string

  constructor(
    private readonly io: SourceIo,
    private readonly service: string,
    sourceId: string,
    private readonly secrets: BlueskySearchSecrets,
  ) {
    // A changed login or password gets a session of its own; the password is kept only hashed.
    this.key = crypto
      .createHash('sha256')
      .update(JSON.stringify([sourceId, service, secrets.identifier, secrets.appPassword]))
      .digest('hex')
  }

  async get(url: string, now: number): Promise<SourceResponse> {
    const first = await this.io.fetch(url, { headers: this.bearer(await this.access(now)) })
    if (!isAuthFailure(first)) return first
    await this.renew(now)
    const second = await this.io.fetch(url, { headers: this.bearer(await this.access(now)) })
    if (isAuthFailure(second)) {
      sessions.delete(this.key)
      const err = failedResponse('bluesky', second, now)
      throw new SourceError(`${err.message} (even after logging in again)`, {
        ...err.options,
        permanent: true,
      })
    }
    return second
  }

  private bearer(token: string) {
    return { authorization: `Bearer ${token}`, accept: 'application/json' }
  }

  private async access(now: number): Promise<string> {
    const cached = sessions.get(this.key)
    if (cached) return cached.accessJwt
    return (await this.login(now)).accessJwt
  }

  /** refreshSession with the refresh token; a refused refresh falls back to a new login. */
  private async renew(now: number): Promise<void> {
    const cached = sessions.get(this.key)
    sessions.delete(this.key)
    if (cached) {
      const res = await this.io.fetch(this.xrpc('com.atproto.server.refreshSession'), {
        method: 'POST',
        headers: this.bearer(cached.refreshJwt),
      })
      const session = res.status === 200 ? parseSession(res.body) : null
      if (session) {
        sessions.set(this.key, session)
        return
      }
    }
    await this.login(now)
  }

  private async login(now: number): Promise<Session> {
    const res = await this.io.fetch(this.xrpc('com.atproto.server.createSession'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        identifier: this.secrets.identifier,
        password: this.secrets.appPassword,
      }),
    })
    if (res.status !== 200) {
      const err = failedResponse('bluesky', res, now)
      // Wrong credentials stay wrong until an admin changes them; a 429 or 5xx passes.
      const permanent = res.status === 400 || res.status === 401 || res.status === 403
      throw new SourceError(`login to ${this.service} failed: ${err.message}`, {
        ...err.options,
        permanent,
      })
    }
    const session = parseSession(res.body)
    if (!session) throw new SourceError(`login to ${this.service} answered without tokens`)
    sessions.set(this.key, session)
    return session
  }

  private xrpc(method: string) {
    return `${this.service}/xrpc/${method}`
  }
}

function parseSession(body: string): Session | null {
  try {
    const parsed = SessionSchema.safeParse(JSON.parse(body))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}
