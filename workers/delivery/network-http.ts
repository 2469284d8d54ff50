import type { AttemptOutcome } from '../../server/domain/replies/delivery-outbox.js'
import { safeFetch } from '../../server/lib/ssrf.js'

/** An answer from a network, read whole. */
export interface NetworkAnswer {
  status: number
  headers: Headers
  body: unknown
  text: string
}

/**
 * The request never reached the network (refused connection, unknown host, an address the SSRF
 * guard refuses): nothing can have been published.
 */
export class NotSentError extends Error {}

/**
 * The request may have reached the network and its answer was lost (a dropped connection, a
 * timeout): the reply may be published.
 */
export class AnswerLostError extends Error {}

const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
])

export interface NetworkHttp {
  request(
    url: string,
    options: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string },
  ): Promise<NetworkAnswer>
}

/** Requests through the SSRF guard (loopback only where the allowlist says: tests' fakes). */
export function createNetworkHttp(options: {
  allowlist: string[]
  timeoutMs: number
}): NetworkHttp {
  return {
    async request(url, init) {
      let res: Response
      try {
        res = (await safeFetch(url, {
          allowlist: options.allowlist,
          method: init.method ?? 'GET',
          body: init.body,
          headers: { 'user-agent': 'Firebreak/1.0 (reply delivery)', ...init.headers },
          signal: AbortSignal.timeout(options.timeoutMs),
        })) as unknown as Response
      } catch (err) {
        throw classifyFailure(err)
      }
      let text: string
      try {
        text = await res.text()
      } catch (err) {
        // The network answered and the connection died before the body: what it did is unknown.
        throw new AnswerLostError(`the answer was cut off (${describe(err)})`)
      }
      let body: unknown = null
      try {
        body = text ? JSON.parse(text) : null
      } catch {
        body = null
      }
      return { status: res.status, headers: res.headers, body, text }
    },
  }
}

function classifyFailure(err: unknown): Error {
  if ((err as { code?: string }).code === 'invalid_request') return new NotSentError(describe(err))
  const codes = [err, (err as { cause?: unknown }).cause].map((e) => (e as { code?: string })?.code)
  if (codes.some((c) => c && NOT_SENT_CODES.has(c))) return new NotSentError(describe(err))
  return new AnswerLostError(describe(err))
}

const describe = (err: unknown): string => {
  const e = err as { message?: string; cause?: { code?: string; message?: string } }
  return [e.message, e.cause?.code ?? e.cause?.message].filter(Boolean).join(': ')
}

/**
 * When the network lets this account try again: Retry-After (seconds or an HTTP date), else a
 * rate-limit reset header (epoch seconds, seconds from now as Reddit sends it, or an ISO date
 * as Mastodon sends it), else a minute.
 */
export function retryAfter(headers: Headers, now = Date.now()): Date {
  const after = headers.get('retry-after')
  if (after) {
    const seconds = Number(after)
    if (Number.isFinite(seconds)) return new Date(now + seconds * 1000)
    const at = Date.parse(after)
    if (Number.isFinite(at)) return new Date(at)
  }
  for (const name of ['ratelimit-reset', 'x-rate-limit-reset', 'x-ratelimit-reset']) {
    const value = headers.get(name)
    if (!value) continue
    const n = Number(value)
    if (Number.isFinite(n)) return new Date(n > 1e9 ? n * 1000 : now + n * 1000)
    const at = Date.parse(value)
    if (Number.isFinite(at)) return new Date(at)
  }
  return new Date(now + 60_000)
}

/** The network's own words from an error body (XRPC, Mastodon, X problem JSON, Reddit). */
export function networkMessage(answer: NetworkAnswer): string {
  const b = answer.body as Record<string, unknown> | null
  const parts: string[] = []
  if (b && typeof b === 'object') {
    for (const key of ['error', 'message', 'title', 'detail', 'error_description'])
      if (typeof b[key] === 'string') parts.push(b[key])
    const errors = (b.errors ?? (b.json as Record<string, unknown> | undefined)?.errors) as unknown
    if (Array.isArray(errors))
      for (const e of errors)
        parts.push(typeof e === 'string' ? e : Array.isArray(e) ? e.join(' ') : JSON.stringify(e))
  }
  const said = [...new Set(parts)].join(': ') || answer.text.slice(0, 200).trim()
  return `${answer.status}${said ? ` ${said}` : ''}`.slice(0, 1000)
}

/** How long to wait before attempt `attempt + 1`: doubling from `baseMs`, ±20 %, at most 10 min. */
export function backoff(attempt: number, baseMs: number, now = Date.now()): Date {
  const ms = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 600_000)
  return new Date(now + ms * (0.8 + Math.random() * 0.4))
}

/**
 * The usual reading of an answer that is not a success: 429 waits for the account's reset;
 * 5xx is retried (not published: the network says it failed); any other 4xx is refused with
 * the network's message.
 */
export function failureOutcome(
  network: string,
  answer: NetworkAnswer,
  attempt: number,
  baseMs: number,
): AttemptOutcome {
  const message = networkMessage(answer)
  if (answer.status === 429) {
    const at = retryAfter(answer.headers)
    return { kind: 'retry', reason: `rate limited: ${message}`, at, accountBlockedUntil: at }
  }
  if (answer.status >= 500) return { kind: 'retry', reason: message, at: backoff(attempt, baseMs) }
  return { kind: 'failed', message: `${network} refused the reply: ${message}` }
}

export const isSuccess = (a: NetworkAnswer) => a.status >= 200 && a.status < 300
