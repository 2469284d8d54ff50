import { z } from 'zod'
import { EventPageSchema, type EventPage } from '../../../shared/events.js'
import {
  AuditEventViewSchema,
  type AuditEventView,
  type ListAuditQuery,
} from '../../../shared/schemas/audit.js'
import {
  BrandListeningSchema,
  BrandListSchema,
  BrandViewSchema,
  type BrandListening,
  type BrandView,
  type CreateBrandInput,
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
  SourceTestResultSchema,
  SourceViewSchema,
  type CreateSourceBody,
  type CreateWebhookSourceBody,
  type SourceTestResult,
  type SourceView,
  type UpdateSourceBody,
  type UpdateSourceCredentialsBody,
} from '../../../shared/schemas/sources.js'
import { DemoAccountsSchema, type DemoAccounts } from '../../../shared/schemas/demo-accounts.js'
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
import { brandPath, getJson, One, queryString, send, sendJson } from './http.js'

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
  /** The demo's accounts for the sign-in page; none unless the server created them. */
  demoAccounts(signal?: AbortSignal): Promise<DemoAccounts> {
    return getJson('/api/auth/demo-accounts', DemoAccountsSchema, { signal, session: false }).then(
      (b) => b.data,
    )
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
  /** Adds a source on a network (its kind's schema checks `config` and `secrets`). */
  createSource(brandId: string, body: z.input<typeof CreateSourceBody>): Promise<SourceView> {
    return sendJson('POST', `${brandPath(brandId)}/sources`, body, One(SourceViewSchema)).then(
      (b) => b.data,
    )
  },
  /** Renames, reconfigures, pauses or resumes a source, or replaces some of its credentials. */
  updateSource(sourceId: string, body: z.input<typeof UpdateSourceBody>): Promise<SourceView> {
    return sendJson(
      'PATCH',
      `/api/sources/${encodeURIComponent(sourceId)}`,
      body,
      One(SourceViewSchema),
    ).then((b) => b.data)
  },
  /** One real request to the source's network, made by the worker (up to ~25 s). */
  testSource(sourceId: string): Promise<SourceTestResult> {
    return sendJson(
      'POST',
      `/api/sources/${encodeURIComponent(sourceId)}/test`,
      {},
      One(SourceTestResultSchema),
      // The worker waits up to 25 s for the network; the answer may come a little after.
      { timeoutMs: 35_000 },
    ).then((b) => b.data)
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
  /** Whether anything still feeds a brand (the console says when nothing new will arrive). */
  /** Plays an ended demo again as a new backlash (admins). */
  replayDemo(brandId: string): Promise<{ sourceId: string; seed: number }> {
    return sendJson(
      'POST',
      `${brandPath(brandId)}/demo/replay`,
      {},
      One(z.object({ sourceId: z.string(), seed: z.number() })),
    ).then((r) => r.data)
  },
  brandListening(brandId: string, signal?: AbortSignal): Promise<BrandListening> {
    return getJson(`${brandPath(brandId)}/listening`, BrandListeningSchema, { signal }).then(
      (b) => b.data,
    )
  },
  /** Every brand, archived ones included (the Brands page). */
  allBrands(signal?: AbortSignal): Promise<BrandView[]> {
    return getJson('/api/brands?archived=include', BrandListSchema, { signal }).then((b) => b.data)
  },
  createBrand(body: CreateBrandInput): Promise<BrandView> {
    return sendJson('POST', '/api/brands', body, One(BrandViewSchema)).then((b) => b.data)
  },
  /** Archives a brand (it listens to nothing; its data stays), or restores it. */
  setBrandArchived(brandId: string, archived: boolean): Promise<BrandView> {
    const verb = archived ? 'archive' : 'restore'
    return sendJson('POST', `${brandPath(brandId)}/${verb}`, {}, One(BrandViewSchema)).then(
      (b) => b.data,
    )
  },
  /** Deletes an archived brand that never collected anything; its name, typed again, confirms. */
  deleteBrand(brandId: string, confirmName: string): Promise<void> {
    return send('DELETE', brandPath(brandId), {}, { confirmName })
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
