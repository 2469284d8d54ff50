import { z } from 'zod'
import { ApiErrorBodySchema, toIssues, type ErrorCode, type Issue } from '../../../shared/errors.js'
import { getCsrfToken, reportSessionProblem } from './session.js'

/*
 * How the console talks to the API: one request function with its timeout, CSRF token, session
 * reporting and response checking against the shared schema, and the one error type every
 * failure becomes. The API's calls are in api.ts and the features' own *Api.ts files.
 */

/** What went wrong: an API error code, or a failure on the way (network, timeout, bad body). */
export type ApiErrorCode = ErrorCode | 'network' | 'timeout' | 'http' | 'bad_response'

/** Every failed request, typed: the console shows `message` and quotes `requestId` for support. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  readonly code: ApiErrorCode
  readonly status: number
  readonly requestId: string | null
  readonly issues: Issue[]
  readonly current: unknown
  /** From `Retry-After` (rate limits, outages): seconds to wait before trying again. */
  readonly retryAfterSeconds: number | null

  constructor(
    code: ApiErrorCode,
    message: string,
    options: {
      status?: number
      requestId?: string | null
      issues?: Issue[]
      retryAfterSeconds?: number | null
      /** With `conflict`: the subject as it stands now, as the server says. */
      current?: unknown
      cause?: unknown
    } = {},
  ) {
    super(message, { cause: options.cause })
    this.code = code
    this.status = options.status ?? 0
    this.requestId = options.requestId ?? null
    this.issues = options.issues ?? []
    this.retryAfterSeconds = options.retryAfterSeconds ?? null
    this.current = options.current
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
/** What a request that needed the session it no longer had says where it was made. */
const SESSION_ENDED_MESSAGE =
  'Your session had ended, so this was not done. Sign in again, then retry.'

const SAFE_METHODS = new Set(['GET', 'HEAD'])

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface RequestOptions {
  signal?: AbortSignal
  /**
   * Whether the request needs a session (the default). Then a 401 means the session is gone
   * and the auth store is told; for sign-in, setup and "who am I" a 401 is just the answer.
   */
  session?: boolean
  /** Error statuses whose body is the answer all the same (`/healthz` says 503 with it). */
  answerStatuses?: readonly number[]
  /** How long to wait for the answer, when a request is known to take longer (a connection test). */
  timeoutMs?: number
}

/** `Retry-After` as seconds (it may also be an HTTP date). */
function retryAfter(res: Response): number | null {
  const value = res.headers.get('retry-after')
  if (!value) return null
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds))
  const date = Date.parse(value)
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000))
}

/**
 * One request to the API: same-origin cookies, a timeout, the CSRF token on every
 * state-changing method, and the answer parsed with `schema` (a body that does not match the
 * contract is an error, never data). Error answers become an ApiError with the server's code,
 * message and per-field issues. A 204 (or `schema` null) resolves to undefined.
 */
async function request(
  method: Method,
  path: string,
  schema: z.ZodType | null,
  body: unknown,
  options: RequestOptions,
): Promise<unknown> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS)
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
  const headers: Record<string, string> = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (!SAFE_METHODS.has(method)) {
    const token = getCsrfToken()
    if (token) headers['x-csrf-token'] = token
  }
  let res: Response
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
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
  let json: unknown
  if (res.status !== 204) {
    try {
      json = await res.json()
    } catch (err) {
      if (options.signal?.aborted) throw err
      json = undefined
    }
  }
  if (!res.ok && !options.answerStatuses?.includes(res.status)) {
    const parsed = ApiErrorBodySchema.safeParse(json)
    const error = parsed.success
      ? new ApiError(parsed.data.error.code, parsed.data.error.message, {
          status: res.status,
          requestId: parsed.data.error.requestId ?? headerId,
          issues: parsed.data.error.issues ?? [],
          retryAfterSeconds: retryAfter(res),
          current: parsed.data.error.current,
        })
      : new ApiError('http', `The server answered ${res.status} ${res.statusText}`.trim(), {
          status: res.status,
          requestId: headerId,
          retryAfterSeconds: retryAfter(res),
        })
    if (options.session !== false) {
      if (res.status === 401) {
        reportSessionProblem('unauthorized')
        // The form that sent it stays on screen while its author signs in again (the console
        // waits behind the sign-in dialog), so its error must still make sense then: the
        // server's "Sign in first" would not.
        throw new ApiError(error.code, SESSION_ENDED_MESSAGE, {
          status: 401,
          requestId: error.requestId,
        })
      }
      if (res.status === 403 && /csrf/i.test(error.message)) reportSessionProblem('csrf')
    }
    throw error
  }
  if (!schema || res.status === 204) return undefined
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    throw new ApiError('bad_response', `Unexpected response from ${path.split('?')[0]}`, {
      status: res.status,
      requestId: headerId,
      issues: toIssues(parsed.error),
    })
  }
  return parsed.data
}

/** GETs JSON from the API, parsed with `schema`. */
export function getJson<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  return request('GET', path, schema, undefined, options) as Promise<z.output<S>>
}

/** POST/PUT/PATCH/DELETE with a JSON body (and the CSRF token), parsed with `schema`. */
export function sendJson<S extends z.ZodType>(
  method: Exclude<Method, 'GET'>,
  path: string,
  body: unknown,
  schema: S,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  return request(method, path, schema, body, options) as Promise<z.output<S>>
}

/** A state-changing request whose answer has no body (204), with a JSON body if given. */
export async function send(
  method: Exclude<Method, 'GET'>,
  path: string,
  options: RequestOptions = {},
  body?: unknown,
): Promise<void> {
  await request(method, path, null, body, options)
}

/** `?a=1&b=2` from the defined values only ('' when there are none). */
export function queryString(params: Record<string, string | number | null | undefined>): string {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value))
  const text = query.toString()
  return text ? `?${text}` : ''
}

export const brandPath = (brandId: string) => `/api/brands/${encodeURIComponent(brandId)}`

/** An answer of one item: `{ data }`. */
export const One = <S extends z.ZodType>(schema: S) => z.object({ data: schema })
