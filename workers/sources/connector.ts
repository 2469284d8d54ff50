import type { BrandRules } from '../../shared/brand-rules.js'
import type { NormalizedPost } from '../../shared/schemas/posts.js'
import type { ParsedRecord } from '../../server/domain/ingest/post-records.js'
import type { SourceRow } from '../../server/db/repositories/sources.js'

/** A post the network says was deleted: its text goes, its row and history stay. */
export interface DeletedPost {
  network: string
  externalId: string
}

/** What one poll of a source produced: validated records, the next cursor, and whether it ended. */
export interface PollResult {
  /** New posts (and items set aside, with their reasons). Redelivered posts are no-ops. */
  records: ParsedRecord[]
  /** Posts edited at the source (same network and external id): their text is replaced. */
  edits?: NormalizedPost[]
  deletes?: DeletedPost[]
  /** Fresh engagement counts of recent posts already stored (velocity). */
  engagement?: Array<{
    network: string
    externalId: string
    likes: number
    replies: number
    shares: number
  }>
  /**
   * What failed without failing the poll (a recheck of stored posts): logged once per poll,
   * tried again at the next one; the new posts and the cursor commit as usual.
   */
  warnings?: string[]
  cursor: unknown
  /** A finite source (a replay, the demo) has delivered everything. */
  done: boolean
  /** Ask again no sooner than this (epoch ms): the network asked us to slow down, or has nothing. */
  nextPollAt?: number
}

/** An HTTP answer from a network, its body read within the source's size limit. */
export interface SourceResponse {
  status: number
  headers: Headers
  body: string
}

/**
 * What a connector may use: the network (through the SSRF guard, with time and size limits),
 * the source's opened credentials, and the brand's listening rules. Nothing else: connectors
 * never write to the database; the poller commits their result with the cursor.
 */
export interface SourceIo {
  /** Never throws for an HTTP status; throws SourceError on a refused URL, timeout or oversize. */
  fetch(
    url: string,
    init?: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string },
  ): Promise<SourceResponse>
  /** The source's credentials (tokens, app passwords), opened; never logged or returned. */
  secrets: Record<string, string>
  rules: BrandRules
}

/** A source connector: reads the next batch at the source's cursor. No database writes. */
export interface Connector {
  poll(source: SourceRow, now: number, io: SourceIo): Promise<PollResult>
}

/**
 * A poll that failed as a whole: the network refused (401, 403), failed (5xx), asked us to slow
 * down (429 with `retryAt`), or the connection broke. The poller keeps the cursor, records the
 * error for the source's health, and backs off (to `retryAt` when the network named one).
 */
export class SourceError extends Error {
  constructor(
    message: string,
    readonly options: { status?: number; retryAt?: number; permanent?: boolean } = {},
  ) {
    super(message)
    this.name = 'SourceError'
  }
}

/**
 * When a network lets us ask again, from its headers: `Retry-After` (seconds or an HTTP
 * date), or a reset time (`X-RateLimit-Reset`, `x-rate-limit-reset`, `RateLimit-Reset`: epoch
 * seconds, seconds from now, or ISO-8601) when the remaining quota is 0 or the status is 429.
 */
export function retryAtFrom(headers: Headers, status: number, now: number): number | undefined {
  const retryAfter = headers.get('retry-after')
  if (retryAfter) {
    const seconds = Number(retryAfter)
    if (Number.isFinite(seconds)) return now + Math.max(0, seconds) * 1000
    const at = Date.parse(retryAfter)
    if (!Number.isNaN(at)) return at
  }
  const remaining =
    headers.get('x-ratelimit-remaining') ??
    headers.get('x-rate-limit-remaining') ??
    headers.get('ratelimit-remaining')
  if (status !== 429 && (remaining === null || Number(remaining) > 0)) return undefined
  const reset =
    headers.get('x-ratelimit-reset') ??
    headers.get('x-rate-limit-reset') ??
    headers.get('ratelimit-reset')
  if (!reset) return status === 429 ? now + 60_000 : undefined
  const n = Number(reset)
  if (Number.isFinite(n)) {
    // Epoch seconds are large; a small number is seconds from now (Reddit, the IETF draft).
    return n > 1e9 ? n * 1000 : now + n * 1000
  }
  const at = Date.parse(reset)
  return Number.isNaN(at) ? now + 60_000 : at
}

/**
 * Turns a non-2xx answer into a SourceError naming the network's own message, so a
 * source's health says what went wrong ("401 The access token is invalid").
 */
export function failedResponse(network: string, res: SourceResponse, now: number): SourceError {
  let detail = ''
  try {
    const body = JSON.parse(res.body) as Record<string, unknown>
    detail = [body.error, body.message, body.error_description, body.detail, body.title]
      .filter((v) => typeof v === 'string')
      .join(': ')
  } catch {
    // An HTML error page: its words, without its styles, scripts and tags.
    detail = res.body
      .replace(/<(style|script)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 200)
  }
  return new SourceError(`${network} answered ${res.status}${detail ? ` ${detail}` : ''}`, {
    status: res.status,
    retryAt: retryAtFrom(res.headers, res.status, now),
    permanent: res.status === 401 || res.status === 403,
  })
}
