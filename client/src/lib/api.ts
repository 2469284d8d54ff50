import { z } from 'zod'
import { ApiErrorBodySchema, toIssues, type ErrorCode, type Issue } from '../../../shared/errors.js'
import { EventPageSchema, type EventPage } from '../../../shared/events.js'
import {
  AuditEventViewSchema,
  type AuditEventView,
  type ListAuditQuery,
} from '../../../shared/schemas/audit.js'
import {
  BrandListSchema,
  BrandViewSchema,
  type BrandView,
  type UpdateBrandBody,
} from '../../../shared/schemas/brands.js'
import {
  ComplaintListSchema,
  ComplaintViewSchema,
  type ComplaintList,
  type ComplaintView,
  type PickComplaintBody,
} from '../../../shared/schemas/complaints.js'
import {
  RejectedPayloadViewSchema,
  type ListRejectionsQuery,
  type RejectedPayloadView,
} from '../../../shared/schemas/rejections.js'
import {
  SourceViewSchema,
  type CreateWebhookSourceBody,
  type SourceView,
  type UpdateSourceCredentialsBody,
} from '../../../shared/schemas/sources.js'
import {
  MeSchema,
  UserViewSchema,
  type InviteUserBody,
  type SetupBody,
  type SignInBody,
  type UpdateUserBody,
  type UserView,
} from '../../../shared/schemas/users.js'
import {
  ComplaintScoresSchema,
  PreviewResultSchema,
  ScoringVersionViewSchema,
  type ComplaintScores,
  type PreviewBody,
  type PreviewResult,
  type PublishBody,
  type ScoringConfig,
  type ScoringVersionView,
} from '../../../shared/schemas/scoring-config.js'
import {
  ComplainerDetailSchema,
  ComplainerViewSchema,
  type ComplainerDetail,
  type ComplainerView,
  type LinkAccountsBody,
} from '../../../shared/schemas/complainers.js'
import {
  DeadLetterListSchema,
  OperationsStatusSchema,
  RetryDeadLettersResultSchema,
  type DeadLetterList,
  type ListDeadLettersQuery,
  type OperationsStatus,
  type RetryDeadLettersBody,
} from '../../../shared/schemas/operations.js'
import { getCsrfToken, reportSessionProblem } from './session.js'

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
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS)
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

/** A state-changing request whose answer has no body (204). */
export async function send(
  method: Exclude<Method, 'GET'>,
  path: string,
  options: RequestOptions = {},
): Promise<void> {
  await request(method, path, null, undefined, options)
}

/** `?a=1&b=2` from the defined values only ('' when there are none). */
function queryString(params: Record<string, string | number | null | undefined>): string {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value))
  const text = query.toString()
  return text ? `?${text}` : ''
}

const brandPath = (brandId: string) => `/api/brands/${encodeURIComponent(brandId)}`

const One = <S extends z.ZodType>(schema: S) => z.object({ data: schema })
const Many = <S extends z.ZodType>(schema: S) => z.object({ data: z.array(schema) })
const Page = <S extends z.ZodType>(schema: S) =>
  z.object({ data: z.array(schema), nextBefore: z.number().int().nullable() })

const InviteAnswer = z.object({ data: UserViewSchema, inviteUrl: z.string() })
const SetupLinkAnswer = z.object({ data: UserViewSchema, setupUrl: z.string() })
const CreatedSourceAnswer = z.object({ data: SourceViewSchema, secret: z.string().optional() })

/** Who is signed in, and the token state-changing requests echo. */
export type SignedIn = z.output<typeof MeSchema>
export type InviteResult = z.output<typeof InviteAnswer>
export type SetupLinkResult = z.output<typeof SetupLinkAnswer>
export type CreatedSource = z.output<typeof CreatedSourceAnswer>
export interface PageOf<T> {
  data: T[]
  /** Pass as `before` for the next (older) page; null on the last. */
  nextBefore: number | null
}

export type AuditFilter = Omit<z.input<typeof ListAuditQuery>, 'before' | 'limit'>
export type RejectionFilter = Omit<z.input<typeof ListRejectionsQuery>, 'before' | 'limit'>

export const api = {
  brands(signal?: AbortSignal): Promise<BrandView[]> {
    return getJson('/api/brands', BrandListSchema, { signal }).then((body) => body.data)
  },
  complaints(brandId: string, limit: number, signal?: AbortSignal): Promise<ComplaintList> {
    const query = new URLSearchParams({ limit: String(limit), state: 'new,open' })
    return getJson(`${brandPath(brandId)}/complaints?${query}`, ComplaintListSchema, { signal })
  },
  events(brandId: string, after: number, limit: number, signal?: AbortSignal): Promise<EventPage> {
    const query = new URLSearchParams({ after: String(after), limit: String(limit) })
    return getJson(`${brandPath(brandId)}/events?${query}`, EventPageSchema, { signal })
  },

  /** A complaint's lead post under every scoring version that scored it. */
  complaintScores(complaintId: string, signal?: AbortSignal): Promise<ComplaintScores> {
    return getJson(
      `/api/complaints/${encodeURIComponent(complaintId)}/scores`,
      ComplaintScoresSchema,
      { signal },
    )
  },

  /** Picks a complaint's thread (advisers, admins), or replaces the reason of its pick. */
  pickComplaint(
    complaintId: string,
    body: z.input<typeof PickComplaintBody>,
  ): Promise<ComplaintView> {
    return sendJson(
      'PUT',
      `/api/complaints/${encodeURIComponent(complaintId)}/pick`,
      body,
      One(ComplaintViewSchema),
    ).then((b) => b.data)
  },
  unpickComplaint(complaintId: string): Promise<ComplaintView> {
    return sendJson(
      'DELETE',
      `/api/complaints/${encodeURIComponent(complaintId)}/pick`,
      undefined,
      One(ComplaintViewSchema),
    ).then((b) => b.data)
  },

  // ─── Complainers ──────────────────────────────────────────────────────────────────────

  complainers(brandId: string, days: number, signal?: AbortSignal): Promise<ComplainerView[]> {
    return getJson(`${brandPath(brandId)}/complainers?days=${days}`, Many(ComplainerViewSchema), {
      signal,
    }).then((b) => b.data)
  },
  complainer(brandId: string, key: string, signal?: AbortSignal): Promise<ComplainerDetail> {
    return getJson(
      `${brandPath(brandId)}/complainers/${encodeURIComponent(key)}`,
      One(ComplainerDetailSchema),
      { signal },
    ).then((b) => b.data)
  },
  linkAccounts(body: LinkAccountsBody): Promise<{ personId: string; key: string }> {
    return sendJson(
      'POST',
      '/api/people/links',
      body,
      One(z.object({ personId: z.string(), key: z.string() })),
    ).then((b) => b.data)
  },
  unlinkAccount(authorId: number): Promise<void> {
    return send('DELETE', `/api/authors/${authorId}/link`)
  },

  // ─── Scoring ──────────────────────────────────────────────────────────────────────────

  scoringVersions(signal?: AbortSignal): Promise<ScoringVersionView[]> {
    return getJson('/api/scoring/versions', Many(ScoringVersionViewSchema), { signal }).then(
      (b) => b.data,
    )
  },
  saveScoringDraft(config: ScoringConfig): Promise<ScoringVersionView> {
    return sendJson('PUT', '/api/scoring/draft', { config }, One(ScoringVersionViewSchema)).then(
      (b) => b.data,
    )
  },
  previewScoring(versionId: number, body: z.input<typeof PreviewBody>): Promise<PreviewResult> {
    return sendJson(
      'POST',
      `/api/scoring/versions/${versionId}/preview`,
      body,
      One(PreviewResultSchema),
    ).then((b) => b.data)
  },
  publishScoring(versionId: number, body: PublishBody): Promise<ScoringVersionView> {
    return sendJson(
      'POST',
      `/api/scoring/versions/${versionId}/publish`,
      body,
      One(ScoringVersionViewSchema),
    ).then((b) => b.data)
  },

  // ─── Account ──────────────────────────────────────────────────────────────────────────

  me(signal?: AbortSignal): Promise<SignedIn> {
    return getJson('/api/auth/me', MeSchema, { signal, session: false })
  },
  signIn(body: z.input<typeof SignInBody>): Promise<SignedIn> {
    return sendJson('POST', '/api/auth/sign-in', body, MeSchema, { session: false })
  },
  signOut(): Promise<void> {
    return send('POST', '/api/auth/sign-out', { session: false })
  },
  setup(body: z.input<typeof SetupBody>): Promise<UserView> {
    return sendJson('POST', '/api/auth/setup', body, One(UserViewSchema), {
      session: false,
    }).then((b) => b.data)
  },

  // ─── Administration ───────────────────────────────────────────────────────────────────

  users(signal?: AbortSignal): Promise<UserView[]> {
    return getJson('/api/users', Many(UserViewSchema), { signal }).then((b) => b.data)
  },
  inviteUser(body: z.input<typeof InviteUserBody>): Promise<InviteResult> {
    return sendJson('POST', '/api/users', body, InviteAnswer)
  },
  /** A new one-time setup link for a user (lost invite, forgotten password); ends their sessions. */
  issueSetupLink(userId: string): Promise<SetupLinkResult> {
    return sendJson(
      'POST',
      `/api/users/${encodeURIComponent(userId)}/setup-link`,
      {},
      SetupLinkAnswer,
    )
  },
  updateUser(userId: string, body: z.input<typeof UpdateUserBody>): Promise<UserView> {
    return sendJson(
      'PATCH',
      `/api/users/${encodeURIComponent(userId)}`,
      body,
      One(UserViewSchema),
    ).then((b) => b.data)
  },
  audit(
    filter: AuditFilter,
    before: number | null,
    limit: number,
    signal?: AbortSignal,
  ): Promise<PageOf<AuditEventView>> {
    const query = queryString({ ...filter, before, limit })
    return getJson(`/api/audit${query}`, Page(AuditEventViewSchema), { signal })
  },
  sources(brandId: string, signal?: AbortSignal): Promise<SourceView[]> {
    return getJson(`${brandPath(brandId)}/sources`, Many(SourceViewSchema), { signal }).then(
      (b) => b.data,
    )
  },
  createWebhookSource(
    brandId: string,
    body: z.input<typeof CreateWebhookSourceBody>,
  ): Promise<CreatedSource> {
    return sendJson('POST', `${brandPath(brandId)}/sources/webhook`, body, CreatedSourceAnswer)
  },
  setSourceCredentials(
    sourceId: string,
    body: z.input<typeof UpdateSourceCredentialsBody>,
  ): Promise<SourceView> {
    return sendJson(
      'PUT',
      `/api/sources/${encodeURIComponent(sourceId)}/credentials`,
      body,
      One(SourceViewSchema),
    ).then((b) => b.data)
  },
  updateBrand(brandId: string, body: z.input<typeof UpdateBrandBody>): Promise<BrandView> {
    return sendJson('PATCH', brandPath(brandId), body, One(BrandViewSchema)).then((b) => b.data)
  },
  rejections(
    filter: RejectionFilter,
    before: number | null,
    limit: number,
    signal?: AbortSignal,
  ): Promise<PageOf<RejectedPayloadView>> {
    const query = queryString({ ...filter, before, limit })
    return getJson(`/api/rejections${query}`, Page(RejectedPayloadViewSchema), { signal })
  },

  // ─── Operations ───────────────────────────────────────────────────────────────────────

  /** Dependencies up or down, dead letters and pending outbox work (admins). */
  operations(signal?: AbortSignal): Promise<OperationsStatus> {
    return getJson('/api/operations', One(OperationsStatusSchema), { signal }).then((b) => b.data)
  },
  /**
   * The same status from the public health probe, which needs no session: it still answers
   * (503, with the status) when Redis, which holds the sessions, is away.
   */
  health(signal?: AbortSignal): Promise<OperationsStatus> {
    return getJson('/healthz', OperationsStatusSchema, {
      signal,
      session: false,
      answerStatuses: [503],
    })
  },
  deadLetters(
    query: Partial<z.output<typeof ListDeadLettersQuery>>,
    signal?: AbortSignal,
  ): Promise<DeadLetterList> {
    return getJson(`/api/operations/dead-letters${queryString(query)}`, DeadLetterListSchema, {
      signal,
    })
  },
  /** Moves dead letters back to their queue: one (queue and job id), or all (`{}`). */
  retryDeadLetters(body: RetryDeadLettersBody): Promise<number> {
    return sendJson(
      'POST',
      '/api/operations/dead-letters/retry',
      body,
      RetryDeadLettersResultSchema,
    ).then((b) => b.retried)
  },
}
