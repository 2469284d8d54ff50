import type { z } from 'zod'
import { ApiErrorBodySchema, toIssues, type ErrorCode, type Issue } from '../../../shared/errors.js'
import { EventPageSchema, type EventPage } from '../../../shared/events.js'
import { BrandListSchema, type BrandView } from '../../../shared/schemas/brands.js'
import { ComplaintListSchema, type ComplaintList } from '../../../shared/schemas/complaints.js'

/** What went wrong: an API error code, or a failure on the way (network, timeout, bad body). */
export type ApiErrorCode = ErrorCode | 'network' | 'timeout' | 'http' | 'bad_response'

/** Every failed request, typed: the console shows `message` and quotes `requestId` for support. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  readonly code: ApiErrorCode
  readonly status: number
  readonly requestId: string | null
  readonly issues: Issue[]

  constructor(
    code: ApiErrorCode,
    message: string,
    options: { status?: number; requestId?: string | null; issues?: Issue[]; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause })
    this.code = code
    this.status = options.status ?? 0
    this.requestId = options.requestId ?? null
    this.issues = options.issues ?? []
  }

  /** Worth retrying automatically: the server or the network, not the request. */
  get transient(): boolean {
    return ['network', 'timeout', 'http', 'unavailable', 'rate_limited', 'internal'].includes(
      this.code,
    )
  }
}

export const isAbortError = (err: unknown): boolean =>
  err instanceof DOMException && err.name === 'AbortError'

/** Normalises anything thrown into an ApiError (aborts are rethrown by callers first). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  const message = err instanceof Error ? err.message : String(err)
  return new ApiError('network', message, { cause: err })
}

const REQUEST_TIMEOUT_MS = 15_000

/**
 * GETs JSON from the API and parses it with `schema`: a body that does not match the contract
 * is an error, never data. Error answers become an ApiError with the server's code and message.
 */
export async function getJson<S extends z.ZodType>(
  path: string,
  schema: S,
  options: { signal?: AbortSignal } = {},
): Promise<z.output<S>> {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS)
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
  let res: Response
  try {
    res = await fetch(path, {
      headers: { accept: 'application/json' },
      cache: 'no-store',
      credentials: 'same-origin',
      signal,
    })
  } catch (err) {
    if (options.signal?.aborted) throw err
    if (timeout.aborted)
      throw new ApiError('timeout', 'The server took too long to answer.', { cause: err })
    throw new ApiError('network', 'Could not reach the Firebreak server.', { cause: err })
  }
  const headerId = res.headers.get('x-request-id')
  let body: unknown
  try {
    body = await res.json()
  } catch (err) {
    if (options.signal?.aborted) throw err
    body = undefined
  }
  if (!res.ok) {
    const parsed = ApiErrorBodySchema.safeParse(body)
    if (parsed.success) {
      const { code, message, issues, requestId } = parsed.data.error
      throw new ApiError(code, message, {
        status: res.status,
        requestId: requestId ?? headerId,
        issues: issues ?? [],
      })
    }
    throw new ApiError('http', `The server answered ${res.status} ${res.statusText}`.trim(), {
      status: res.status,
      requestId: headerId,
    })
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success) {
    throw new ApiError('bad_response', `Unexpected response from ${path.split('?')[0]}`, {
      status: res.status,
      requestId: headerId,
      issues: toIssues(parsed.error),
    })
  }
  return parsed.data
}

const brandPath = (brandId: string) => `/api/brands/${encodeURIComponent(brandId)}`

export const api = {
  brands(signal?: AbortSignal): Promise<BrandView[]> {
    return getJson('/api/brands', BrandListSchema, { signal }).then((body) => body.data)
  },
  complaints(brandId: string, limit: number, signal?: AbortSignal): Promise<ComplaintList> {
    const query = new URLSearchParams({ limit: String(limit), state: 'open' })
    return getJson(`${brandPath(brandId)}/complaints?${query}`, ComplaintListSchema, { signal })
  },
  events(brandId: string, after: number, limit: number, signal?: AbortSignal): Promise<EventPage> {
    const query = new URLSearchParams({ after: String(after), limit: String(limit) })
    return getJson(`${brandPath(brandId)}/events?${query}`, EventPageSchema, { signal })
  },
}
